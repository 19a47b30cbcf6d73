/**
 * Bounded slices of the deal stream (`KpiInput.dealsIn`): deals created in a range, won in a range, or open now,
 * read by an index range scan (`deals_created`, `deals_won`) instead of the whole table. Each deal's visits, field
 * changes and contact links come with it as JSON arrays from primary-key lookups, so a slice costs its own rows
 * only; the rows are built by the same `buildDeal` as the full stream, in the same (id) order.
 */
import type { DealRange, DealRow } from '../../../metrics/types';
import type { QueryContext } from './context';
import {
  buildDeal,
  type ChangeSql,
  CURRENT_FIELDS,
  type DealSql,
  dealColumns,
  dealParams,
  type LinkSql,
  REPLAY_FIELDS,
  type VisitSql,
} from './deals';
import { reiterable } from './merge';

type RangeSql = DealSql & { vj: string | null; cj: string; lj: string };

/**
 * The range's WHERE clause, or null when SQL cannot select it exactly: "won" and "open" are current statuses, so
 * a replay (`asOf`) must derive them in JS; "open" also needs no stage log (with visits, open-at-now is replayed).
 */
function rangeClause(ctx: QueryContext, history: boolean, range: DealRange): string | null {
  if (range.by === 'created') return 'd.created_at >= @start AND d.created_at < @end';
  if (ctx.asOf !== null) return null;
  if (range.by === 'won') return `d.status = 'won' AND d.won_at >= @start AND d.won_at < @end`;
  return history ? null : `d.status = 'open'`;
}

/** `dealsIn` for one input: null when the range needs the full stream (see `rangeClause`). */
export function dealRowsIn(ctx: QueryContext, history: boolean): (range: DealRange) => Iterable<DealRow> | null {
  const withVisits = history || ctx.asOf !== null;
  const asOf = (col: string) => (ctx.asOf === null ? '' : ` AND ${col} <= @asOf`);
  const fields = (ctx.asOf === null ? CURRENT_FIELDS : REPLAY_FIELDS).map((f) => `'${f}'`).join(', ');
  const visits = withVisits
    ? `(SELECT json_group_array(json_array(v.pipeline_id, v.stage_id, v.entered_at, v.exited_at) ORDER BY v.seq)
         FROM stage_visits v WHERE v.connection = d.connection AND v.deal_id = d.external_id${asOf('v.entered_at')})`
    : 'NULL';
  const statements = new Map<string, ReturnType<typeof prepare>>();
  const prepare = (clause: string) =>
    ctx.sqlite.prepare<Record<string, unknown>, RangeSql>(
      `SELECT ${dealColumns(ctx)}, ${visits} AS vj,
         (SELECT json_group_array(json_array(fc.field, fc.value, fc.changed_at) ORDER BY fc.field, fc.seq)
           FROM field_changes fc WHERE fc.connection = d.connection AND fc.deal_id = d.external_id
             AND fc.field IN (${fields})) AS cj,
         (SELECT json_group_array(a.to_id ORDER BY a.to_id) FROM associations a WHERE a.connection = d.connection
           AND a.from_type = 'deal' AND a.from_id = d.external_id AND a.to_type = 'contact') AS lj
       FROM deals d LEFT JOIN companies c ON c.connection = d.connection AND c.external_id = d.company_id
       WHERE d.connection = @connection AND d.deleted_at IS NULL${asOf('d.created_at')} AND ${clause}
       ORDER BY d.external_id`,
    );
  return (range) => {
    const clause = rangeClause(ctx, history, range);
    if (clause === null) return null;
    let stmt = statements.get(clause);
    if (!stmt) {
      stmt = prepare(clause);
      statements.set(clause, stmt);
    }
    const params = dealParams(ctx);
    if (range.by !== 'open') {
      params.start = range.start;
      params.end = range.end;
    }
    const query = stmt;
    return reiterable(function* () {
      for (const row of query.iterate(params)) {
        const id = row.id;
        const visitRows = (
          row.vj === null ? [] : (JSON.parse(row.vj) as [string, string, number, number | null][])
        ).map(
          ([pipelineId, stageId, enteredAt, exitedAt]): VisitSql => ({
            dealId: id,
            pipelineId,
            stageId,
            enteredAt,
            exitedAt,
          }),
        );
        const changeRows = (JSON.parse(row.cj) as [string, string | null, number][]).map(
          ([field, value, changedAt]): ChangeSql => ({ dealId: id, field, value, changedAt }),
        );
        const linkRows = (JSON.parse(row.lj) as string[]).map((toId): LinkSql => ({ fromId: id, toId }));
        yield buildDeal(row, visitRows, changeRows, linkRows, ctx, history);
      }
    });
  };
}
