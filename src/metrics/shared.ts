/**
 * Work shared by the KPIs of one `computeKpis` run. Several KPIs derive the same intermediate from the same input
 * (customer-since instants, customer facts, a funnel cohort, the period's activity counts); each derivation is a
 * full pass over a streamed collection, so computing it once per run instead of once per KPI is the largest
 * saving the engine can make without holding rows. The memo holds only those small derived structures, lives as
 * long as the run (the caller creates it), and belongs to one `KpiInput`: keys name everything else the value
 * depends on (interval, segment keys, filter), since config, `now` and the zone are fixed for a run.
 */
import type { Env } from './env';

/** The value under `key`, computed by `compute` on first use; without a memo (unit tests), always computed. */
export function shared<T>(env: Env, key: string, compute: () => T): T {
  const memo = env.ctx.shared;
  if (memo === undefined) return compute();
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  memo.set(key, value);
  return value;
}

/** The part of a key that names the run's segmentation (segment keys and filter). */
export function segmentationKey(env: Env): string {
  return `${(env.ctx.segmentBy ?? []).join(',')}|${JSON.stringify(env.ctx.filter ?? {})}`;
}

/**
 * A run's memo that forgets what the last KPI did not use. KPIs of one family (customers, activity, closes) sit
 * together in the catalogue, so an entry the current KPI ignored is rarely needed again; dropping it keeps a run's
 * peak memory at one family's working set rather than the sum of every family's (at a million deals, the customer
 * maps and the activity counts together were most of the peak). An entry needed again after a sweep is simply
 * recomputed: the memo is a cache, never a source of truth.
 */
export class SweepingMemo extends Map<string, unknown> {
  private readonly used = new Set<string>();
  private readonly dropped = new Set<string>();
  /** Entries computed again after a sweep dropped them (the price of the memory saved). */
  recomputed = 0;

  override get(key: string): unknown {
    this.used.add(key);
    return super.get(key);
  }

  override has(key: string): boolean {
    this.used.add(key);
    return super.has(key);
  }

  override set(key: string, value: unknown): this {
    this.used.add(key);
    if (this.dropped.delete(key)) this.recomputed += 1;
    return super.set(key, value);
  }

  /** Drops the entries not read or written since the last sweep. */
  sweep(): void {
    for (const key of [...this.keys()]) {
      if (this.used.has(key)) continue;
      this.delete(key);
      this.dropped.add(key);
    }
    this.used.clear();
  }
}
