/**
 * danger_points (cohort): for an ordered step list (milestones, else stages then won), the step rate and absolute
 * loss of each step for deals created in the period (default: the last completed calendar quarter). Flags the
 * lowest rate, the largest loss, and steps whose rate fell more than `dangerDropPoints` points below the pooled rate
 * of the four calendar quarters before the quarter containing the period's start.
 */
import type { ResolvedPeriod } from '../../lib/periods';
import { lastCompletedPeriod, periodContaining, previousPeriods } from '../../lib/time';
import type { KpiConfig } from '../config';
import { kpiRow, makeEnv, resolveFor } from '../env';
import type { KpiContext, KpiFlag, KpiInput, KpiRow } from '../types';
import { analyseSteps, type FunnelAcc, funnelCohorts, stepSegment, stepsOf } from './cohort';

const KPI = 'danger_points';

/** Danger-point rows; `step_rate` (segment stage = the step's first stage) is the main measure. */
export function dangerPoints(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const { now, timeZone } = ctx;
  const last = lastCompletedPeriod('quarter', now, timeZone);
  const period: ResolvedPeriod = ctx.period
    ? resolveFor(env, last.label)
    : { kind: 'period', label: last.label, grain: 'quarter', start: last.start, end: last.end };
  const startQuarter = periodContaining('quarter', period.start, timeZone);
  const trailing = previousPeriods(startQuarter, 4, timeZone);
  const baselineInterval = { start: trailing[0]?.start ?? startQuarter.start, end: startQuarter.start };
  // The period and its baseline in one pass over the deals.
  const [baselineGroups, periodGroups] = funnelCohorts(input, env, [baselineInterval, period], true);
  const baseline = new Map<string, FunnelAcc>();
  for (const s of baselineGroups ?? []) baseline.set(JSON.stringify(s.segment), s.acc);

  const rows: KpiRow[] = [];
  for (const { segment, acc } of periodGroups ?? []) {
    // Open deals are counted up to the step they reached; while any is open the cohort can still move.
    const flags: KpiFlag[] = acc.open > 0 ? ['provisional'] : [];
    for (const [pipelineId, counts] of acc.reached) {
      const { ids } = stepsOf(pipelineId, env, true);
      const a = analyseSteps(counts);
      const base = analyseSteps(baseline.get(JSON.stringify(segment))?.reached.get(pipelineId) ?? []);
      rows.push(
        kpiRow({
          kpi: KPI,
          measure: 'overall',
          period,
          segment: env.pipelines.size > 1 ? { ...segment, pipeline: pipelineId } : segment,
          value: a.overall,
          unit: 'ratio',
          n: counts[0] ?? 0,
          flags,
        }),
      );
      ids.forEach((stage, i) => {
        const seg = stepSegment(segment, pipelineId, stage, env);
        const reachedHere = counts[i] ?? 0;
        rows.push(
          kpiRow({
            kpi: KPI,
            measure: 'reached',
            period,
            segment: seg,
            value: reachedHere,
            unit: 'count',
            n: reachedHere,
            minSample: null,
            flags,
          }),
        );
        if (i + 1 >= ids.length) return;
        const rate = a.rates[i] ?? null;
        const trailingRate = base.rates[i] ?? null;
        const stepFlags: KpiFlag[] = [...flags];
        if (a.lowest === i) stepFlags.push('lowest_rate');
        if (a.largest === i) stepFlags.push('largest_loss');
        if (rate !== null && trailingRate !== null && (trailingRate - rate) * 100 > config.dangerDropPoints)
          stepFlags.push('dropped');
        const common = { kpi: KPI, period, segment: seg, n: reachedHere };
        rows.push(kpiRow({ ...common, measure: 'step_rate', value: rate, unit: 'ratio', flags: stepFlags }));
        rows.push(
          kpiRow({
            ...common,
            measure: 'loss',
            value: a.losses[i] ?? null,
            unit: 'count',
            minSample: null,
            flags: stepFlags,
          }),
        );
        rows.push(
          kpiRow({
            ...common,
            measure: 'trailing_rate',
            value: trailingRate,
            unit: 'ratio',
            n: (baseline.get(JSON.stringify(segment))?.reached.get(pipelineId) ?? [])[i] ?? 0,
          }),
        );
      });
    }
  }
  return rows;
}
