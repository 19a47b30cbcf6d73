/**
 * Closed-deal facts for the close-based period KPIs (won_revenue, win_rate, avg_revenue_per_sale,
 * sales_cycle_days, the won part of inbound_outbound_split), aggregated in SQL: one row per local day x outcome x
 * segment instead of one per deal. Day buckets are exact for calendar periods (they start at local midnights);
 * trailing windows need `per_deal` facts at the exact close instant.
 */
import { DAY_MS } from '../../../lib/time';
import type { ClosedFactRow } from '../../../metrics/types';
import { type QueryContext, sourceValue } from './context';
import { reiterable } from './merge';

interface FactSql {
  at: number;
  outcome: 'won' | 'lost';
  pipelineId: string;
  ownerId: string | null;
  source: string | null;
  sourceDetail: string | null;
  industry: string | null;
  lostReason: string | null;
  count: number;
  amountSum: number;
  amountCount: number;
  cycles: string | null;
}

/** The owner at the close of row `f`, from the owner history, else the current owner. */
const OWNER_AT_CLOSE = `coalesce((SELECT fc.value FROM field_changes fc WHERE fc.connection = f.connection
     AND fc.deal_id = f.external_id AND fc.field = 'owner' AND fc.changed_at <= f.at ORDER BY fc.seq DESC LIMIT 1),
     f.owner_id)`;

/** Latest value of a tracked field at or before @asOf (null when none). */
const fieldAt = (field: string, column: 'value' | 'changed_at') =>
  `(SELECT fc.${column} FROM field_changes fc WHERE fc.connection = d.connection AND fc.deal_id = d.external_id
     AND fc.field = '${field}' AND fc.changed_at <= @asOf ORDER BY fc.seq DESC LIMIT 1)`;

/**
 * Closed deals with their close instant. Current view: the status columns. Replay: the status log at @asOf (a deal
 * without a log is closed when its close instant is on or before @asOf), as `replayState` does for deal rows.
 */
function closedSql(ctx: QueryContext): string {
  const select = `d.created_at AS createdAt, d.pipeline_id AS pipelineId, d.source, d.source_detail AS sourceDetail,
      c.industry, d.amount, d.currency, d.amount_home AS amountHome, d.owner_id, d.connection, d.external_id`;
  const from = `FROM deals d LEFT JOIN companies c ON c.connection = d.connection AND c.external_id = d.company_id`;
  if (ctx.asOf === null) {
    return `SELECT d.status AS outcome, CASE d.status WHEN 'won' THEN d.won_at ELSE d.lost_at END AS at,
        CASE d.status WHEN 'lost' THEN d.lost_reason END AS lostReason, ${select}
      ${from}
      WHERE d.connection = @connection AND d.deleted_at IS NULL AND d.status IN ('won', 'lost')
        AND CASE d.status WHEN 'won' THEN d.won_at ELSE d.lost_at END IS NOT NULL`;
  }
  return `SELECT * FROM (
      SELECT CASE WHEN h.hasLog THEN coalesce(h.logStatus, 'open')
               WHEN d.status = 'won' AND d.won_at <= @asOf THEN 'won'
               WHEN d.status = 'lost' AND d.lost_at <= @asOf THEN 'lost' ELSE 'open' END AS outcome,
        CASE WHEN h.hasLog THEN h.logAt WHEN d.status = 'won' THEN d.won_at ELSE d.lost_at END AS at,
        coalesce(h.logReason, d.lost_reason) AS lostReason, ${select}
      ${from}
      JOIN (SELECT d.external_id AS id, ${fieldAt('status', 'value')} AS logStatus,
              ${fieldAt('status', 'changed_at')} AS logAt, ${fieldAt('lostReason', 'value')} AS logReason,
              EXISTS (SELECT 1 FROM field_changes fc WHERE fc.connection = d.connection
                AND fc.deal_id = d.external_id AND fc.field = 'status') AS hasLog
            FROM deals d WHERE d.connection = @connection) h ON h.id = d.external_id
      WHERE d.connection = @connection AND d.deleted_at IS NULL AND d.created_at <= @asOf
    ) WHERE outcome IN ('won', 'lost') AND at IS NOT NULL`;
}

/** Streams closed facts, grouped by local day (`daily`) or one per close (`per_deal`). */
export function closedFactRows(ctx: QueryContext, mode: 'daily' | 'per_deal'): Iterable<ClosedFactRow> {
  const bucket = mode === 'daily' ? 'pulse_local_day(at, @zone)' : 'at';
  const stmt = ctx.sqlite.prepare<Record<string, unknown>, FactSql>(
    `SELECT ${bucket} AS at, outcome, pipelineId, ownerId, source, sourceDetail, industry, lostReason,
       count(*) AS count, total(amountRep) AS amountSum, count(amountRep) AS amountCount,
       group_concat(CASE WHEN outcome = 'won' THEN at - createdAt END) AS cycles
     FROM (SELECT f.*, ${OWNER_AT_CLOSE} AS ownerId,
             pulse_amount(f.amount, f.currency, f.amountHome, f.outcome, f.at, @money) AS amountRep
           FROM (${closedSql(ctx)}) f)
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8${mode === 'per_deal' ? ', external_id' : ''}`,
  );
  const params: Record<string, unknown> = {
    connection: ctx.connection,
    zone: ctx.timeZone,
    money: JSON.stringify(ctx.money),
  };
  if (mode === 'per_deal') delete params.zone;
  if (ctx.asOf !== null) params.asOf = ctx.asOf;
  return reiterable(function* () {
    for (const f of stmt.iterate(params)) {
      yield {
        at: f.at,
        outcome: f.outcome,
        pipelineId: f.pipelineId,
        ownerId: f.ownerId,
        source: sourceValue(ctx, f.source, f.sourceDetail),
        industry: f.industry,
        lostReason: f.outcome === 'lost' ? f.lostReason : null,
        count: f.count,
        amountSum: f.amountSum,
        amountCount: f.amountCount,
        cycleDays: f.cycles === null ? [] : f.cycles.split(',').map((ms) => Number(ms) / DAY_MS),
      };
    }
  });
}
