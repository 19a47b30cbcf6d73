/**
 * sales_velocity (window, default last-90d): open deals now × mean amount of the deals won in the window × win
 * rate by count of the deals closed in it (invalid losses left out) ÷ mean cycle days of the deals won in it, in
 * currency per day; overall and per inbound/outbound direction. Example: 50 × 1,000 × 0.20 ÷ 12 = 833.33 per day.
 */
import type { KpiConfig } from '../config';
import { kpiRow, makeEnv, resolveFor } from '../env';
import { openDealsAt, openDims } from '../pipeline/snapshot';
import { segmentBy } from '../segments';
import { dealSlice } from '../slices';
import type { KpiContext, KpiInput, KpiRow, SegmentKey } from '../types';
import { closeGroups } from './closed';

const KPI = 'sales_velocity';

/** The velocity formula; null when any factor is unknown or the cycle is 0. */
export function velocity(
  openDeals: number,
  avgWon: number | null,
  winRate: number | null,
  cycleDays: number | null,
): number | null {
  if (avgWon === null || winRate === null || cycleDays === null || cycleDays === 0) return null;
  return (openDeals * avgWon * winRate) / cycleDays;
}

export function salesVelocity(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const window = resolveFor(env, `last-${config.velocityWindowDays}d`);
  const keys: SegmentKey[] = ['direction', ...(ctx.segmentBy ?? []).filter((k) => k !== 'direction' && k !== 'stage')];
  const open = segmentBy(
    openDealsAt(dealSlice(input, { by: 'open' }), ctx.now, env),
    keys,
    (o) => openDims(o, env),
    () => ({ n: 0 }),
    (a) => {
      a.n += 1;
    },
    ctx.filter,
  );
  const openBySegment = new Map(open.map((g) => [JSON.stringify(g.segment), g.acc.n]));
  const rows: KpiRow[] = [];
  for (const { segment, acc } of closeGroups(input, env, window, keys)) {
    const openDeals = openBySegment.get(JSON.stringify(segment)) ?? 0;
    const avgWon = acc.wonWithAmount === 0 ? null : acc.wonAmount / acc.wonWithAmount;
    const closed = acc.won + acc.lost;
    const rate = closed === 0 ? null : acc.won / closed;
    const cycle = acc.cycles.length === 0 ? null : acc.cycles.reduce((a, b) => a + b, 0) / acc.cycles.length;
    // The sample is the smaller of the two bases the factors rest on: closes (win rate) and wins (size, cycle).
    const n = Math.min(closed, acc.won);
    const base = { kpi: KPI, period: window, segment };
    rows.push(
      kpiRow({
        ...base,
        measure: 'velocity',
        value: velocity(openDeals, avgWon, rate, cycle),
        unit: 'per_day',
        n,
        extra: { n_missing_amount: acc.won - acc.wonWithAmount },
      }),
    );
    rows.push(
      kpiRow({ ...base, measure: 'open_deals', value: openDeals, unit: 'count', n: openDeals, minSample: null }),
    );
    rows.push(
      kpiRow({ ...base, measure: 'avg_won_amount', value: avgWon, unit: config.currency, n: acc.wonWithAmount }),
    );
    rows.push(kpiRow({ ...base, measure: 'win_rate', value: rate, unit: 'ratio', n: closed }));
    rows.push(kpiRow({ ...base, measure: 'cycle_days', value: cycle, unit: 'days', n: acc.cycles.length }));
  }
  return rows;
}
