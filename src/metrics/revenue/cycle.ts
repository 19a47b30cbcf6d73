/**
 * sales_cycle_days (period): exact days from creation to win of the deals won in the period, median (main) and mean.
 * avg_revenue_per_sale (period): Σ won amount ÷ won deals with an amount.
 */
import { mean, median } from '../../lib/stats';
import { periodContaining } from '../../lib/time';
import type { KpiConfig } from '../config';
import { kpiRow, makeEnv, resolveFor } from '../env';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import { closeGroups } from './closed';

export function salesCycleDays(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, periodContaining('month', ctx.now, ctx.timeZone).label);
  return closeGroups(input, env, period).flatMap(({ segment, acc }) => [
    kpiRow({
      kpi: 'sales_cycle_days',
      measure: 'median',
      period,
      segment,
      value: median(acc.cycles),
      unit: 'days',
      n: acc.cycles.length,
    }),
    kpiRow({
      kpi: 'sales_cycle_days',
      measure: 'mean',
      period,
      segment,
      value: mean(acc.cycles),
      unit: 'days',
      n: acc.cycles.length,
    }),
  ]);
}

export function avgRevenuePerSale(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, periodContaining('month', ctx.now, ctx.timeZone).label);
  return closeGroups(input, env, period).map(({ segment, acc }) =>
    kpiRow({
      kpi: 'avg_revenue_per_sale',
      measure: 'mean',
      period,
      segment,
      value: acc.wonWithAmount === 0 ? null : acc.wonAmount / acc.wonWithAmount,
      unit: config.currency,
      n: acc.wonWithAmount,
      extra: { n_missing_amount: acc.won - acc.wonWithAmount },
    }),
  );
}
