/**
 * win_rate (period): won ÷ (won + lost) among deals closed in the period, by count (main) and by value; losses with
 * an invalid reason are left out. A period with no close gives null, never 0.
 */
import { periodContaining } from '../../lib/time';
import type { KpiConfig } from '../config';
import { kpiRow, makeEnv, resolveFor } from '../env';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import { closeGroups } from './closed';

const KPI = 'win_rate';

export function winRate(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, periodContaining('month', ctx.now, ctx.timeZone).label);
  return closeGroups(input, env, period).flatMap(({ segment, acc }) => {
    const closed = acc.won + acc.lost;
    const withAmount = acc.wonWithAmount + acc.lostWithAmount;
    const valueTotal = acc.wonAmount + acc.lostAmount;
    return [
      kpiRow({
        kpi: KPI,
        measure: 'by_count',
        period,
        segment,
        value: closed === 0 ? null : acc.won / closed,
        unit: 'ratio',
        n: closed,
      }),
      kpiRow({
        kpi: KPI,
        measure: 'by_value',
        period,
        segment,
        value: withAmount === 0 || valueTotal === 0 ? null : acc.wonAmount / valueTotal,
        unit: 'ratio',
        n: withAmount,
        extra: { n_missing_amount: closed - withAmount },
      }),
    ];
  });
}
