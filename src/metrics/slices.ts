/**
 * Deal slices: a KPI that only looks at deals created in a range, won in a range or open now asks for that slice,
 * and the store answers with an index range scan instead of the whole table (KpiInput.dealsIn). Without a slice
 * (arrays in tests, the model path, a replay) the answer is every deal: callers always keep their own predicate,
 * so the slice only saves reading rows they would skip, and results are the same either way.
 */
import type { DealRange, DealRow, KpiInput } from './types';

/** Every win, whenever it happened. */
export const EVER = { start: Number.MIN_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER } as const;

/** The deals of `range` when the store can select them, else every deal (a superset the caller filters). */
export function dealSlice(input: KpiInput, range: DealRange): Iterable<DealRow> {
  return input.dealsIn?.(range) ?? input.deals;
}

/** The smallest interval covering all of `intervals`. */
export function span(intervals: readonly { start: number; end: number }[]): { start: number; end: number } {
  return {
    start: Math.min(...intervals.map((i) => i.start)),
    end: Math.max(...intervals.map((i) => i.end)),
  };
}
