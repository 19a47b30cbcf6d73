/**
 * The deal stream: deals ordered by id, merge-joined with their stage visits, tracked field changes and contact
 * links (each its own ordered query), so one deal's history is in memory at a time. With `asOf`, the deal is
 * replayed to that instant (see `replayDeal`).
 */
import { reportingAmount } from '../../../lib/money';
import type { DealRow, DealStatus, StageVisitRow, StatusChangeRow } from '../../../metrics/types';
import { type QueryContext, sourceValue } from './context';
import { ChildCursor, reiterable } from './merge';

export interface DealSql {
  id: string;
  pipelineId: string;
  stageId: string | null;
  status: DealStatus;
  amount: number | null;
  currency: string | null;
  amountHome: number | null;
  probability: number | null;
  createdAt: number;
  wonAt: number | null;
  lostAt: number | null;
  closeDate: string | null;
  lostReason: string | null;
  source: string | null;
  sourceDetail: string | null;
  ownerId: string | null;
  companyId: string | null;
  contactId: string | null;
  industry: string | null;
  [property: `p${number}`]: string | null;
}

export interface VisitSql {
  dealId: string;
  pipelineId: string;
  stageId: string;
  enteredAt: number;
  exitedAt: number | null;
}

export interface ChangeSql {
  dealId: string;
  field: string;
  value: string | null;
  changedAt: number;
}

export interface LinkSql {
  fromId: string;
  toId: string;
}

/** Fields whose history a replay reads; without `asOf` only the owner (rep at creation / at close) and status. */
export const REPLAY_FIELDS = ['status', 'owner', 'pipeline', 'lostReason', 'closeDate', 'probability'];
export const CURRENT_FIELDS = ['status', 'owner'];

/** The deal columns every deal query reads (`d` = deals, `c` = its company), with the configured properties. */
export function dealColumns(ctx: QueryContext): string {
  const props = ctx.properties.map((_, i) => `, json_extract(d.properties, @path${i}) AS p${i}`).join('');
  return `d.external_id AS id, d.pipeline_id AS pipelineId, d.stage_id AS stageId, d.status, d.amount, d.currency,
       d.amount_home AS amountHome, d.probability, d.created_at AS createdAt, d.won_at AS wonAt, d.lost_at AS lostAt,
       d.close_date AS closeDate, d.lost_reason AS lostReason, d.source, d.source_detail AS sourceDetail,
       d.owner_id AS ownerId, d.company_id AS companyId, d.contact_id AS contactId, c.industry${props}`;
}

/** Parameters of `dealColumns` plus the connection and as-of instant. */
export function dealParams(ctx: QueryContext): Record<string, unknown> {
  const params: Record<string, unknown> = { connection: ctx.connection };
  if (ctx.asOf !== null) params.asOf = ctx.asOf;
  ctx.properties.forEach((p, i) => {
    params[`path${i}`] = `$."${p.replaceAll('"', '\\"')}"`;
  });
  return params;
}

/** Streams `DealRow`s; each iteration re-runs the queries. */
export function dealRows(ctx: QueryContext, history: boolean): Iterable<DealRow> {
  const { sqlite, asOf } = ctx;
  const asOfClause = (col: string) => (asOf === null ? '' : ` AND ${col} <= @asOf`);
  const dealsStmt = sqlite.prepare<Record<string, unknown>, DealSql>(
    `SELECT ${dealColumns(ctx)}
     FROM deals d LEFT JOIN companies c ON c.connection = d.connection AND c.external_id = d.company_id
     WHERE d.connection = @connection AND d.deleted_at IS NULL${asOfClause('d.created_at')}
     ORDER BY d.external_id`,
  );
  const visitsStmt = sqlite.prepare<Record<string, unknown>, VisitSql>(
    `SELECT deal_id AS dealId, pipeline_id AS pipelineId, stage_id AS stageId, entered_at AS enteredAt,
       exited_at AS exitedAt
     FROM stage_visits WHERE connection = @connection${asOfClause('entered_at')}
     ORDER BY deal_id, seq`,
  );
  const fields = asOf === null ? CURRENT_FIELDS : REPLAY_FIELDS;
  const changesStmt = sqlite.prepare<Record<string, unknown>, ChangeSql>(
    `SELECT deal_id AS dealId, field, value, changed_at AS changedAt
     FROM field_changes
     WHERE connection = @connection AND field IN (${fields.map((f) => `'${f}'`).join(', ')})
     ORDER BY deal_id, field, seq`,
  );
  const linksStmt = sqlite.prepare<Record<string, unknown>, LinkSql>(
    `SELECT from_id AS fromId, to_id AS toId FROM associations
     WHERE connection = @connection AND from_type = 'deal' AND to_type = 'contact'
     ORDER BY from_id, to_type, to_id`,
  );
  const params = dealParams(ctx);
  const base = { connection: ctx.connection, ...(asOf === null ? {} : { asOf }) };
  return reiterable(function* () {
    // A replay needs the visits for the stage at `asOf` even when they are not attached.
    const visits = history || asOf !== null ? new ChildCursor(visitsStmt.iterate(base), (v) => v.dealId) : null;
    const changes = new ChildCursor(changesStmt.iterate({ connection: ctx.connection }), (c) => c.dealId);
    const links = new ChildCursor(linksStmt.iterate({ connection: ctx.connection }), (l) => l.fromId);
    try {
      for (const d of dealsStmt.iterate(params)) {
        const dealVisits = visits ? visits.take(d.id) : [];
        yield buildDeal(d, dealVisits, changes.take(d.id), links.take(d.id), ctx, history);
      }
    } finally {
      visits?.close();
      changes.close();
      links.close();
    }
  });
}

/** Last value of a field at or before t among its changes in time order; undefined when none is. */
function valueAt(changes: readonly ChangeSql[], t: number): ChangeSql | undefined {
  let found: ChangeSql | undefined;
  for (const c of changes) if (c.changedAt <= t) found = c;
  return found;
}

export function buildDeal(
  d: DealSql,
  visitRows: readonly VisitSql[],
  changeRows: readonly ChangeSql[],
  linkRows: readonly LinkSql[],
  ctx: QueryContext,
  history: boolean,
): DealRow {
  const byField = new Map<string, ChangeSql[]>();
  for (const c of changeRows) {
    const list = byField.get(c.field);
    if (list) list.push(c);
    else byField.set(c.field, [c]);
  }
  const owners = byField.get('owner') ?? [];
  const state = ctx.asOf === null ? currentState(d) : replayState(d, byField, visitRows, ctx.asOf);
  const closedAt = state.status === 'won' ? state.wonAt : state.status === 'lost' ? state.lostAt : null;
  const ownerAtCreation = owners[0]?.value ?? state.ownerId;
  const ownerAtClose = closedAt === null ? null : (valueAt(owners, closedAt)?.value ?? state.ownerId);
  const contactIds = d.contactId === null ? [] : [d.contactId];
  for (const l of linkRows) if (l.toId !== d.contactId) contactIds.push(l.toId);
  const row: DealRow = {
    id: d.id,
    pipelineId: state.pipelineId,
    stageId: state.stageId,
    status: state.status,
    createdAt: d.createdAt,
    wonAt: state.wonAt,
    lostAt: state.lostAt,
    amountReporting: reportingAmount(
      { amount: d.amount, currency: d.currency, amountHome: d.amountHome, ...state },
      // Without a replay, open deals convert at the latest rate (the as-of instant is now).
      ctx.asOf ?? Number.MAX_SAFE_INTEGER,
      ctx.money,
    ),
    probability: state.probability,
    closeDate: state.closeDate,
    lostReason: state.lostReason,
    source: sourceValue(ctx, d.source, d.sourceDetail),
    industry: d.industry,
    ownerId: state.ownerId,
    ownerAtCreation,
    ownerAtClose,
    companyId: d.companyId,
    contactIds,
  };
  if (ctx.properties.length > 0) {
    row.properties = Object.fromEntries(ctx.properties.map((p, i) => [p, d[`p${i}`] ?? null]));
  }
  if (history) {
    row.visits = visitRows.map(
      (v): StageVisitRow => ({
        dealId: d.id,
        pipelineId: v.pipelineId,
        stageId: v.stageId,
        enteredAt: v.enteredAt,
        exitedAt: ctx.asOf !== null && v.exitedAt !== null && v.exitedAt > ctx.asOf ? null : v.exitedAt,
      }),
    );
    row.statusChanges = (byField.get('status') ?? []).flatMap((c): StatusChangeRow[] =>
      isStatus(c.value) && (ctx.asOf === null || c.changedAt <= ctx.asOf)
        ? [{ dealId: d.id, status: c.value, at: c.changedAt }]
        : [],
    );
  }
  return row;
}

interface DealState {
  pipelineId: string;
  stageId: string | null;
  status: DealStatus;
  wonAt: number | null;
  lostAt: number | null;
  ownerId: string | null;
  lostReason: string | null;
  closeDate: string | null;
  probability: number | null;
}

const isStatus = (v: string | null): v is DealStatus => v === 'open' || v === 'won' || v === 'lost';

function currentState(d: DealSql): DealState {
  return {
    pipelineId: d.pipelineId,
    stageId: d.stageId,
    status: d.status,
    wonAt: d.status === 'won' ? d.wonAt : null,
    lostAt: d.status === 'lost' ? d.lostAt : null,
    ownerId: d.ownerId,
    lostReason: d.lostReason,
    closeDate: d.closeDate,
    probability: d.probability,
  };
}

/**
 * The deal as it stood at `asOf`: status from the status log (a deal without one is open until its close
 * instant), stage and pipeline from the last visit entered by then, other tracked fields from their history when
 * they have one, else current. Amounts stay current, as the spec asks for revenue.
 */
function replayState(
  d: DealSql,
  byField: ReadonlyMap<string, ChangeSql[]>,
  visits: readonly VisitSql[],
  asOf: number,
): DealState {
  const cur = currentState(d);
  const field = <T>(name: string, current: T, parse: (v: string | null) => T): T => {
    const list = byField.get(name);
    if (!list || list.length === 0) return current;
    const c = valueAt(list, asOf);
    return c === undefined ? current : parse(c.value);
  };
  let status: DealStatus = cur.status;
  let closedAt = status === 'won' ? cur.wonAt : status === 'lost' ? cur.lostAt : null;
  const log = byField.get('status');
  if (log && log.length > 0) {
    const c = valueAt(log, asOf);
    status = c && isStatus(c.value) ? c.value : 'open';
    closedAt = status === 'open' ? null : (c?.changedAt ?? null);
  } else if (closedAt !== null && closedAt > asOf) {
    status = 'open';
    closedAt = null;
  }
  const last = visits[visits.length - 1];
  return {
    pipelineId: field('pipeline', last?.pipelineId ?? cur.pipelineId, (v) => v ?? cur.pipelineId),
    stageId: last?.stageId ?? cur.stageId,
    status,
    wonAt: status === 'won' ? closedAt : null,
    lostAt: status === 'lost' ? closedAt : null,
    ownerId: field('owner', cur.ownerId, (v) => v),
    lostReason: status === 'lost' ? field('lostReason', cur.lostReason, (v) => v) : null,
    closeDate: field('closeDate', cur.closeDate, (v) => v),
    probability: field('probability', cur.probability, (v) => (v === null ? null : Number(v))),
  };
}
