/**
 * The reference tables (stages, owners: small, read whole) and the streamed record tables (companies, contacts,
 * leads, engagements) of the KPI input. Link lists come from `associations` merge-joined in key order.
 */
import type { CompanyRow, ContactRow, EngagementRow, LeadRow, OwnerRow, StageRow } from '../../../metrics/types';
import { placeholders, type QueryContext } from './context';
import { ChildCursor, reiterable } from './merge';

/** Open stages of live pipelines (won/lost are statuses, not stages), in scope when a scope is given. */
export function stageRows(ctx: QueryContext, pipelines: readonly string[] | undefined): StageRow[] {
  const scope = pipelines && pipelines.length > 0 ? ` AND s.pipeline_id IN (${placeholders(pipelines.length)})` : '';
  return ctx.sqlite
    .prepare<unknown[], StageRow>(
      `SELECT s.pipeline_id AS pipelineId, s.external_id AS stageId, s.display_order AS "order", s.probability
       FROM stages s JOIN pipelines p ON p.connection = s.connection AND p.external_id = s.pipeline_id
       WHERE s.connection = ? AND s.role = 'open' AND s.deleted_at IS NULL AND p.deleted_at IS NULL${scope}
       ORDER BY s.pipeline_id, s.display_order`,
    )
    .all(ctx.connection, ...(pipelines ?? []));
}

/** Owners with their team: the configured map wins over the provider's primary team. */
export function ownerRows(ctx: QueryContext, teams: Readonly<Record<string, string>> | undefined): OwnerRow[] {
  return ctx.sqlite
    .prepare<[string], { id: string; teamId: string | null }>(
      'SELECT external_id AS id, team_id AS teamId FROM owners WHERE connection = ? ORDER BY external_id',
    )
    .all(ctx.connection)
    .map((o) => ({ id: o.id, teamId: teams?.[o.id] ?? o.teamId }));
}

const createdBy = (ctx: QueryContext, col: string) => (ctx.asOf === null ? '' : ` AND ${col} <= @asOf`);
const params = (ctx: QueryContext) => ({
  connection: ctx.connection,
  ...(ctx.asOf === null ? {} : { asOf: ctx.asOf }),
});

export function companyRows(ctx: QueryContext): Iterable<CompanyRow> {
  const stmt = ctx.sqlite.prepare<Record<string, unknown>, CompanyRow>(
    `SELECT external_id AS id, created_at AS createdAt, industry, owner_id AS ownerId FROM companies
     WHERE connection = @connection AND deleted_at IS NULL${createdBy(ctx, 'created_at')}`,
  );
  return reiterable(function* () {
    yield* stmt.iterate(params(ctx));
  });
}

/** Contacts with the first time they entered the `lead` lifecycle stage (HubSpot fallback of leads_created). */
export function contactRows(ctx: QueryContext): Iterable<ContactRow> {
  const stmt = ctx.sqlite.prepare<Record<string, unknown>, ContactRow>(
    `SELECT c.external_id AS id, c.company_id AS companyId, c.created_at AS createdAt, c.owner_id AS ownerId,
       (SELECT min(l.changed_at) FROM lifecycle_changes l WHERE l.connection = c.connection
          AND l.object_type = 'contacts' AND l.object_id = c.external_id AND l.stage = 'lead'${createdBy(ctx, 'l.changed_at')}) AS leadStageAt
     FROM contacts c WHERE c.connection = @connection AND c.deleted_at IS NULL${createdBy(ctx, 'c.created_at')}`,
  );
  return reiterable(function* () {
    yield* stmt.iterate(params(ctx));
  });
}

interface LinkSql {
  fromType: string;
  fromId: string;
  toType: string;
  toId: string;
}

/** Outgoing links of the given record types, in (type, id) order. */
function linkStatement(ctx: QueryContext, fromTypes: readonly string[]) {
  return ctx.sqlite.prepare<Record<string, unknown>, LinkSql>(
    `SELECT from_type AS fromType, from_id AS fromId, to_type AS toType, to_id AS toId FROM associations
     WHERE connection = @connection AND from_type IN (${fromTypes.map((t) => `'${t}'`).join(', ')})
     ORDER BY from_type, from_id, to_type, to_id`,
  );
}

const idsOf = (links: readonly Pick<LinkSql, 'toType' | 'toId'>[], type: string): string[] =>
  links.filter((l) => l.toType === type).map((l) => l.toId);

interface LeadSql {
  id: string;
  createdAt: number;
  ownerId: string | null;
  source: string | null;
  convertedAt: number | null;
}

export function leadRows(ctx: QueryContext): Iterable<LeadRow> {
  const stmt = ctx.sqlite.prepare<Record<string, unknown>, LeadSql>(
    `SELECT external_id AS id, created_at AS createdAt, owner_id AS ownerId, source, converted_at AS convertedAt
     FROM leads WHERE connection = @connection AND deleted_at IS NULL${createdBy(ctx, 'created_at')}
     ORDER BY external_id`,
  );
  const links = linkStatement(ctx, ['lead']);
  const asOf = ctx.asOf;
  return reiterable(function* () {
    const cursor = new ChildCursor(links.iterate({ connection: ctx.connection }), (l) => l.fromId);
    try {
      for (const l of stmt.iterate(params(ctx))) {
        const own = cursor.take(l.id);
        const converted = asOf === null || (l.convertedAt !== null && l.convertedAt <= asOf);
        yield {
          ...l,
          contactId: idsOf(own, 'contact')[0] ?? null,
          companyId: idsOf(own, 'company')[0] ?? null,
          dealIds: converted ? idsOf(own, 'deal') : [],
          convertedAt: converted ? l.convertedAt : null,
        };
      }
    } finally {
      cursor.close();
    }
  });
}

interface EngagementSql {
  type: 'call' | 'email' | 'meeting';
  id: string;
  direction: EngagementRow['direction'];
  outcome: string | null;
  durationSeconds: number | null;
  at: number;
  endAt: number | null;
  ownerId: string | null;
  done: number | null;
  activityType: string | null;
}

const toEngagement = (
  e: EngagementSql,
  dealIds: string[],
  contactIds: string[],
  companyIds: string[],
): EngagementRow => ({
  id: e.id,
  type: e.type,
  direction: e.direction,
  outcome: e.outcome,
  durationSeconds: e.durationSeconds,
  at: e.at,
  endAt: e.endAt,
  ownerId: e.ownerId,
  done: e.done === null ? null : e.done !== 0,
  activityType: e.activityType,
  dealIds,
  contactIds,
  companyIds,
});

/** Notes and tasks are read by no KPI: they never leave SQLite. */
const KPI_ENGAGEMENT_TYPES = ['call', 'email', 'meeting'] as const;

/** Calls, emails and meetings with their deal, contact and company links (merge-joined on (type, id)). */
export function engagementRows(ctx: QueryContext): Iterable<EngagementRow> {
  const types = KPI_ENGAGEMENT_TYPES.map((t) => `'${t}'`).join(', ');
  const stmt = ctx.sqlite.prepare<Record<string, unknown>, EngagementSql>(
    `SELECT type, external_id AS id, direction, outcome, duration_seconds AS durationSeconds, occurred_at AS at,
       end_at AS endAt, owner_id AS ownerId, done, activity_type AS activityType
     FROM engagements WHERE connection = @connection AND type IN (${types}) AND deleted_at IS NULL
       ${createdBy(ctx, 'occurred_at')}
     ORDER BY type, external_id`,
  );
  const links = linkStatement(ctx, KPI_ENGAGEMENT_TYPES);
  return reiterable(function* () {
    // Composite key: type then id, both in BINARY order; the separator sorts below every printable character.
    const cursor = new ChildCursor(
      links.iterate({ connection: ctx.connection }),
      (l) => `${l.fromType}\u0001${l.fromId}`,
    );
    try {
      for (const e of stmt.iterate(params(ctx))) {
        const own = cursor.take(`${e.type}\u0001${e.id}`);
        yield toEngagement(e, idsOf(own, 'deal'), idsOf(own, 'contact'), idsOf(own, 'company'));
      }
    } finally {
      cursor.close();
    }
  });
}

/**
 * Every link of an engagement as one JSON array of {toType, toId} in (type, id) BINARY order, as the merge-joined
 * stream gives them (so `idsOf` reads both alike): one primary-key range read per engagement, not one per type.
 */
const LINKS = `(SELECT json_group_array(json_object('toType', a.to_type, 'toId', a.to_id) ORDER BY a.to_type, a.to_id)
     FROM associations a WHERE a.connection = e.connection AND a.from_type = e.type AND a.from_id = e.external_id)
     AS links`;

/**
 * `engagementRows` bounded to `start <= at < end` (KpiInput.engagementsIn): an index range scan on
 * (type, occurred_at) with each engagement's links looked up by primary key, so a month of activity costs a month
 * of rows, not the table. Same rows and order as filtering the full stream.
 */
export function engagementRowsIn(
  ctx: QueryContext,
): (interval: { start: number; end: number }) => Iterable<EngagementRow> {
  const types = KPI_ENGAGEMENT_TYPES.map((t) => `'${t}'`).join(', ');
  const query = (indexedBy: string) =>
    ctx.sqlite.prepare<Record<string, unknown>, EngagementSql & { links: string }>(
      `SELECT e.type, e.external_id AS id, e.direction, e.outcome, e.duration_seconds AS durationSeconds,
         e.occurred_at AS at, e.end_at AS endAt, e.owner_id AS ownerId, e.done, e.activity_type AS activityType,
         ${LINKS}
       FROM engagements e ${indexedBy}
       WHERE e.connection = @connection AND e.type IN (${types}) AND e.deleted_at IS NULL
         AND e.occurred_at >= @start AND e.occurred_at < @end${createdBy(ctx, 'e.occurred_at')}
       ORDER BY e.type, e.external_id`,
    );
  // SQLite's planner walks the primary key (already in the stream's order, no sort) and skips rows outside the
  // interval: right for a wide interval, but a month of a 5,000,000-row table then costs the whole table (4.2 s
  // against 1.3 s through the time index at a million deals). The time index wins below about a tenth of the
  // rows (it reads rows in time order, then sorts), so the choice goes by an index-only count of the interval.
  const byKey = query('');
  const byTime = query('INDEXED BY engagements_time');
  const count = (where: string) =>
    ctx.sqlite
      .prepare<Record<string, unknown>, number>(
        `SELECT count(*) FROM engagements INDEXED BY engagements_time
         WHERE connection = @connection AND type IN (${types})${where}`,
      )
      .pluck();
  const inRange = count(' AND occurred_at >= @start AND occurred_at < @end');
  let total: number | undefined;
  return ({ start, end }) =>
    reiterable(function* () {
      total ??= count('').get({ connection: ctx.connection }) ?? 0;
      const rows = inRange.get({ connection: ctx.connection, start, end }) ?? 0;
      const stmt = rows * TIME_INDEX_SHARE < total ? byTime : byKey;
      for (const e of stmt.iterate({ ...params(ctx), start, end })) {
        const own = JSON.parse(e.links) as Pick<LinkSql, 'toType' | 'toId'>[];
        yield toEngagement(e, idsOf(own, 'deal'), idsOf(own, 'contact'), idsOf(own, 'company'));
      }
    });
}

/** An interval holding less than 1/TIME_INDEX_SHARE of the engagements is read through the time index. */
const TIME_INDEX_SHARE = 12;
