/**
 * Segmentation: one accumulator per segment value plus the whole, filled in one pass over the rows, so a
 * streaming caller keeps only the accumulators in memory (never the rows).
 */
import type { SegmentKey } from './types';

/** The segment values of one row; null = the row has no value for that key. */
export type Dims = Partial<Record<SegmentKey, string | null>>;

/** Label of a missing segment value. */
export const NONE = '(none)';

export interface Segmented<A> {
  /** `{}` (or the filter) for the whole; the filter plus one key otherwise. */
  segment: Record<string, string>;
  acc: A;
}

/** True when every filter entry equals the row's value (a null value never matches). */
export function matchesFilter(dims: Dims, filter: Partial<Record<SegmentKey, string>> | undefined): boolean {
  if (!filter) return true;
  for (const [key, wanted] of Object.entries(filter) as [SegmentKey, string][]) {
    if ((dims[key] ?? NONE) !== wanted) return false;
  }
  return true;
}

/**
 * Groups rows by each key in `keys` and folds them into accumulators: returns the whole first, then one entry per
 * (key, value) in first-seen order. Rows outside `filter` are skipped; the filter is part of every segment.
 */
export function segmentBy<T, A>(
  rows: Iterable<T>,
  keys: readonly SegmentKey[],
  dimsOf: (row: T) => Dims,
  init: () => A,
  add: (acc: A, row: T) => void,
  filter?: Partial<Record<SegmentKey, string>>,
): Segmented<A>[] {
  const base: Record<string, string> = { ...(filter ?? {}) };
  const whole: Segmented<A> = { segment: base, acc: init() };
  const groups = new Map<string, Segmented<A>>();
  for (const row of rows) {
    const dims = dimsOf(row);
    if (!matchesFilter(dims, filter)) continue;
    add(whole.acc, row);
    for (const key of keys) {
      if (filter?.[key] !== undefined) continue;
      const value = dims[key] ?? NONE;
      const id = `${key}\u0000${value}`;
      let g = groups.get(id);
      if (!g) {
        g = { segment: { ...base, [key]: value }, acc: init() };
        groups.set(id, g);
      }
      add(g.acc, row);
    }
  }
  return [whole, ...groups.values()];
}
