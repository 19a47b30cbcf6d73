/**
 * stage_conversion (cohort): deals created in a trailing window that has matured, reached counts per stage.
 * next_step = reached(k+1) / reached(k); cumulative = reached(k) / reached(first); win_from_stage = won / reached(k).
 */
import type { ResolvedPeriod } from '../../lib/periods';
import { DAY_MS, plusMonths } from '../../lib/time';
import type { KpiConfig } from '../config';
import { type Env, kpiRow, makeEnv, resolveFor } from '../env';
import { shared } from '../shared';
import { dealSlice } from '../slices';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import { funnelCohort, medianCycleDays, stepSegment, stepsOf } from './cohort';

const KPI = 'stage_conversion';

/**
 * The default cohort: created in the `stageConversionMonths` months before (now - median cycle), so most of its
 * deals have had time to close; the median cycle is that of deals won in the trailing 12 months.
 */
export function defaultConversionCohort(env: Env, input: KpiInput): { period: ResolvedPeriod; cycleDays: number } {
  const { now, timeZone } = env.ctx;
  // The trailing median cycle is one pass over the deals: once per run for stage_conversion and leads_needed.
  const cycleDays = shared(env, 'medianCycle12m', () => {
    const trailing = { start: plusMonths(now, -12, timeZone), end: now };
    return medianCycleDays(dealSlice(input, { by: 'won', ...trailing }), env, trailing) ?? 0;
  });
  const end = now - cycleDays * DAY_MS;
  const start = plusMonths(end, -env.config.stageConversionMonths, timeZone);
  return {
    period: { kind: 'window', label: `last-${env.config.stageConversionMonths}m`, grain: 'trailing', start, end },
    cycleDays,
  };
}

/** Per-stage conversion rows (next_step is the main measure). */
export function stageConversion(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const def = defaultConversionCohort(env, input);
  const period = ctx.period === undefined ? def.period : resolveFor(env, 'last-365d');
  // An explicit cohort is provisional until its deals have had a median cycle to close.
  const provisional = ctx.period !== undefined && ctx.now < period.end + def.cycleDays * DAY_MS;
  const flags = provisional ? (['provisional'] as const) : [];
  const rows: KpiRow[] = [];
  for (const { segment, acc } of funnelCohort(input, env, period, false)) {
    for (const [pipelineId, counts] of acc.reached) {
      const { ids } = stepsOf(pipelineId, env, false);
      const first = counts[0] ?? 0;
      const won = counts[counts.length - 1] ?? 0;
      ids.forEach((stage, i) => {
        const here = counts[i] ?? 0;
        const seg = stepSegment(segment, pipelineId, stage, env);
        const base = { kpi: KPI, period, segment: seg, flags };
        rows.push(kpiRow({ ...base, measure: 'reached', value: here, unit: 'count', n: here, minSample: null }));
        rows.push(
          kpiRow({ ...base, measure: 'cumulative', value: first === 0 ? null : here / first, unit: 'ratio', n: first }),
        );
        if (stage === 'won') return;
        const next = counts[i + 1] ?? 0;
        rows.push(
          kpiRow({ ...base, measure: 'next_step', value: here === 0 ? null : next / here, unit: 'ratio', n: here }),
        );
        rows.push(
          kpiRow({ ...base, measure: 'win_from_stage', value: here === 0 ? null : won / here, unit: 'ratio', n: here }),
        );
      });
    }
  }
  return rows;
}
