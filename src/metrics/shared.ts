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
