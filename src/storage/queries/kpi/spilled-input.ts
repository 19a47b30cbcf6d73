/**
 * A KPI input whose deal stream and closed-deal facts are spilled (spill.ts): the first complete walk records a
 * file, later walks replay it. Measured at 200,000 deals: a walk of every deal with its history costs 5.9 s from
 * SQL and 1.0 s replayed; the current-state walk 3.9 s and 0.6 s; close facts 2.0 s and well under one.
 *
 * Slices (`dealsIn`) choose by size: a range query reads each deal with its child rows through JSON subqueries,
 * about 30 µs a row, against 3-5 µs a replayed row, so a slice holding more than 1/8 of the deals is served by
 * filtering the full stream (the engine does that when `dealsIn` answers null), a narrower one by its range query.
 * Sizes come from index counts, taken once per range.
 *
 * Both input shapes of a run share one recording: the current-state stream replays the history file without its
 * visits when that file exists, so a run reads the deals from SQL once.
 */
import type { ClosedFactRow, DealRange, DealRow, KpiInput } from '../../../metrics/types';
import { CURRENT_DEAL_CODEC, DEAL_CODEC, FACT_CODEC } from './codecs';
import type { QueryContext } from './context';
import type { SpillArea } from './spill';

/** How many replayed rows a range query's row costs (see the module doc). */
const SLICE_ROW_COST = 8;

/** The input with its deals and facts spilled in `area` (one area per run: same connection, as-of and money). */
export function spilledInput(
  input: KpiInput,
  area: SpillArea,
  ctx: QueryContext,
  shape: { history: boolean; facts: string },
): KpiInput {
  const sqlDeals = input.deals;
  const deals: Iterable<DealRow> = shape.history
    ? area.stream('deals-history', () => sqlDeals, DEAL_CODEC)
    : currentDeals(area, sqlDeals);
  const sliceSql = input.dealsIn;
  const size = sliceSizes(ctx);
  const out: KpiInput = {
    ...input,
    deals,
    dealsIn: (range) => {
      const sql = sliceSql?.(range) ?? null;
      if (sql === null) return null;
      return size.rows(range) * SLICE_ROW_COST < size.total() ? sql : null;
    },
  };
  const facts = input.closedFacts;
  if (facts) out.closedFacts = area.stream<ClosedFactRow>(`facts-${shape.facts}`, () => facts, FACT_CODEC);
  return out;
}

/** Current-state deals: the history recording without visits when there is one, else a recording of their own. */
function currentDeals(area: SpillArea, sqlDeals: Iterable<DealRow>): Iterable<DealRow> {
  const own = area.stream('deals-current', () => sqlDeals, DEAL_CODEC);
  return {
    [Symbol.iterator]() {
      const history = area.peek<DealRow>('deals-history');
      if (history?.complete && !own.complete) return history.replayAs(CURRENT_DEAL_CODEC)[Symbol.iterator]();
      return own[Symbol.iterator]();
    },
  };
}

/** Row counts of the deal table and of each slice, from indexes, memoised for the input's life. */
function sliceSizes(ctx: QueryContext): { total: () => number; rows: (range: DealRange) => number } {
  const memo = new Map<string, number>();
  const count = (key: string, sql: string, params: Record<string, unknown>): number => {
    let n = memo.get(key);
    if (n === undefined) {
      n =
        (ctx.sqlite
          .prepare(sql)
          .pluck()
          .get({ connection: ctx.connection, ...params }) as number) ?? 0;
      memo.set(key, n);
    }
    return n;
  };
  return {
    total: () => count('total', 'SELECT count(*) FROM deals WHERE connection = @connection', {}),
    rows: (range) => {
      if (range.by === 'open') {
        return count('open', `SELECT count(*) FROM deals WHERE connection = @connection AND status = 'open'`, {});
      }
      const column = range.by === 'created' ? 'created_at' : 'won_at';
      return count(
        `${range.by}:${range.start}:${range.end}`,
        `SELECT count(*) FROM deals WHERE connection = @connection AND ${column} >= @start AND ${column} < @end`,
        { start: range.start, end: range.end },
      );
    },
  };
}
