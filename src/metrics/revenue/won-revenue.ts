/**
 * won_revenue (period): Σ amount (main) and count of the deals won in the period (default FYTD). With a target
 * (company, team or rep): attainment, pace and run-rate projection of the fiscal year containing now (or of the
 * fiscal year the period names), rows labelled with that fiscal year.
 */
import { periodContaining } from '../../lib/time';
import type { KpiConfig } from '../config';
import { kpiRow, makeEnv, needsSetupRow, resolveFor, targetFor } from '../env';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import { closeGroups } from './closed';
import { targetProgress } from './targets';

const KPI = 'won_revenue';

export function wonRevenue(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, 'FYTD');
  const rows: KpiRow[] = [];
  for (const { segment, acc } of closeGroups(input, env, period)) {
    const extra = { n_missing_amount: acc.won - acc.wonWithAmount };
    rows.push(
      kpiRow({
        kpi: KPI,
        measure: 'amount',
        period,
        segment,
        value: acc.wonAmount,
        unit: config.currency,
        n: acc.won,
        minSample: null,
        extra,
      }),
    );
    rows.push(
      kpiRow({
        kpi: KPI,
        measure: 'count',
        period,
        segment,
        value: acc.won,
        unit: 'count',
        n: acc.won,
        minSample: null,
      }),
    );
  }

  const fyAnchor = period.grain === 'fiscal_year' ? period.start : ctx.now;
  const fy = periodContaining('fiscal_year', fyAnchor, ctx.timeZone, env.fiscal);
  const asOf = Math.min(ctx.now, fy.end);
  const targetKeys = (ctx.segmentBy ?? []).filter((k) => k === 'owner' || k === 'team');
  for (const { segment, acc } of closeGroups(input, env, { start: fy.start, end: asOf }, targetKeys)) {
    const target = targetFor(config, segment, fy.label);
    if (!target) {
      if (Object.keys(segment).length === 0)
        rows.push(needsSetupRow(KPI, 'attainment', fy.label, segment, 'ratio', ['kpis.targets']));
      continue;
    }
    const p = targetProgress(target, acc.wonAmount, fy, asOf, ctx.timeZone);
    const flags = acc.wonAmount >= target.annual ? (['target_met'] as const) : [];
    const base = { kpi: KPI, period: fy.label, segment, n: acc.won, minSample: null, flags };
    rows.push(kpiRow({ ...base, measure: 'attainment', value: p.attainment, unit: 'ratio' }));
    rows.push(kpiRow({ ...base, measure: 'target_to_date', value: p.targetToDate, unit: config.currency }));
    rows.push(kpiRow({ ...base, measure: 'pace', value: p.pace, unit: 'ratio' }));
    rows.push(kpiRow({ ...base, measure: 'projection', value: p.projection, unit: config.currency }));
  }
  return rows;
}
