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
 * Push-style segmentation: rows are added one at a time, so one pass over a stream can feed several segmenters
 * (one per cohort or measure). `segmentBy` is the pull-style wrapper.
 */
export class Segmenter<T, A> {
  private readonly base: Record<string, string>;
  private readonly whole: Segmented<A>;
  private readonly groups = new Map<string, Segmented<A>>();

  constructor(
    private readonly keys: readonly SegmentKey[],
    private readonly init: () => A,
    private readonly add: (acc: A, row: T) => void,
    private readonly filter?: Partial<Record<SegmentKey, string>>,
  ) {
    this.base = { ...(filter ?? {}) };
    this.whole = { segment: this.base, acc: init() };
  }

  /** Adds one row with its segment values (skipped when outside the filter). */
  push(row: T, dims: Dims): void {
    const filter = this.filter;
    if (!matchesFilter(dims, filter)) return;
    this.add(this.whole.acc, row);
    for (const key of this.keys) {
      if (filter?.[key] !== undefined) continue;
      const value = dims[key] ?? NONE;
      const id = `${key}\u0000${value}`;
      let g = this.groups.get(id);
      if (!g) {
        g = { segment: { ...this.base, [key]: value }, acc: this.init() };
        this.groups.set(id, g);
      }
      this.add(g.acc, row);
    }
  }

  /** The whole first, then one entry per (key, value) in first-seen order. */
  result(): Segmented<A>[] {
    return [this.whole, ...this.groups.values()];
  }
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
  const s = new Segmenter(keys, init, add, filter);
  for (const row of rows) s.push(row, dimsOf(row));
  return s.result();
}
