/**
 * leads_needed: the reverse funnel. won_needed = ceil(max(0, target - won FYTD) / average won amount of the
 * trailing 12 months); deals needed at stage k = won_needed / Π next-step rates from k to won; leads needed =
 * deals needed at the first stage / lead->deal rate; per week over the weeks left in which a new lead can still
 * close (exact weeks to fiscal-year end minus the median cycle in weeks). Computed for the whole, or for the rep or
 * team named in `ctx.filter` (their target, their won FYTD).
 */
import { mean } from '../../lib/stats';
import { DAY_MS, periodContaining, plusMonths, WEEK_MS, within } from '../../lib/time';
import type { KpiConfig } from '../config';
import { convertedDeals, indexDeals, leadRecords } from '../customers/lead-records';
import { dealDims, isLive, kpiRow, makeEnv, needsSetupRow, targetFor } from '../env';
import { matchesFilter } from '../segments';
import { dealSlice } from '../slices';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import { funnelCohort, stepSegment, stepsOf } from './cohort';
import { defaultConversionCohort } from './stage-conversion';

const KPI = 'leads_needed';
const LEAD_WINDOW_DAYS = 90;

/** Reverse-funnel rows; `leads` is the main measure. */
export function leadsNeeded(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, { ...config }, { ...ctx, segmentBy: [] });
  const { now, timeZone } = ctx;
  const fy = periodContaining('fiscal_year', now, timeZone, env.fiscal);
  const period = fy.label;
  const segment = { ...(ctx.filter ?? {}) };
  const target = targetFor(config, segment, fy.label);
  if (!target) return [needsSetupRow(KPI, 'leads', period, segment, 'count', ['kpis.targets'])];
  const pipelineId = config.leadsNeededPipeline ?? [...env.pipelines.keys()][0];
  if (pipelineId === undefined || !env.pipelines.has(pipelineId)) {
    return [needsSetupRow(KPI, 'leads', period, segment, 'count', ['kpis.leadsNeededPipeline'])];
  }

  let wonFytd = 0;
  const trailingAmounts: number[] = [];
  const yearAgo = plusMonths(now, -12, timeZone);
  for (const d of dealSlice(input, { by: 'won', start: Math.min(fy.start, yearAgo), end: now })) {
    if (!isLive(d) || d.status !== 'won' || !env.inScope(d.pipelineId) || d.amountReporting === null) continue;
    if (!matchesFilter(dealDims(d, d.ownerAtClose, env), ctx.filter)) continue;
    if (within(d.wonAt, { start: fy.start, end: now })) wonFytd += d.amountReporting;
    if (within(d.wonAt, { start: yearAgo, end: now })) trailingAmounts.push(d.amountReporting);
  }
  const avgWon = mean(trailingAmounts);
  const remaining = Math.max(0, target.annual - wonFytd);
  const wonNeeded = remaining === 0 ? 0 : avgWon === null || avgWon === 0 ? null : Math.ceil(remaining / avgWon);

  const cohort = defaultConversionCohort(env, input);
  const whole = funnelCohort(input, env, cohort.period, false)[0];
  const counts = whole?.acc.reached.get(pipelineId) ?? [];
  const { ids } = stepsOf(pipelineId, env, false);
  // needed[k] = won_needed / Π rate(j -> j+1) for j >= k; a null or zero rate makes every earlier stage n/a.
  const needed: (number | null)[] = ids.map(() => null);
  let acc: number | null = wonNeeded;
  for (let k = ids.length - 1; k >= 0; k -= 1) {
    if (k < ids.length - 1 && acc !== null && acc !== 0) {
      const from = counts[k] ?? 0;
      const rate = from === 0 ? 0 : (counts[k + 1] ?? 0) / from;
      acc = rate === 0 ? null : acc / rate;
    }
    needed[k] = acc;
  }

  const cohortStart = yearAgo;
  const cohortEnd = now - LEAD_WINDOW_DAYS * DAY_MS;
  const leads = leadRecords(input).filter((l) => within(l.createdAt, { start: cohortStart, end: cohortEnd }));
  const index = indexDeals(input.deals, leads);
  let leadCount = 0;
  let becameDeal = 0;
  for (const l of leads) {
    if (!within(l.createdAt, { start: cohortStart, end: cohortEnd })) continue;
    leadCount += 1;
    const deals = convertedDeals(l, index);
    if (deals.some((d) => d.createdAt - l.createdAt <= LEAD_WINDOW_DAYS * DAY_MS)) becameDeal += 1;
  }
  const leadRate = leadCount === 0 ? null : becameDeal / leadCount;
  const firstNeeded = needed[0] ?? null;
  const leadsValue =
    wonNeeded === 0 ? 0 : firstNeeded === null || leadRate === null || leadRate === 0 ? null : firstNeeded / leadRate;
  const weeksLeft = (fy.end - now) / WEEK_MS - cohort.cycleDays / 7;
  const perWeek = leadsValue === 0 ? 0 : leadsValue === null || weeksLeft <= 0 ? null : leadsValue / weeksLeft;

  const rows: KpiRow[] = [
    kpiRow({ kpi: KPI, measure: 'leads', period, segment, value: leadsValue, unit: 'count', n: leadCount }),
    kpiRow({ kpi: KPI, measure: 'per_week', period, segment, value: perWeek, unit: 'per_week', n: leadCount }),
    kpiRow({
      kpi: KPI,
      measure: 'won_needed',
      period,
      segment,
      value: wonNeeded,
      unit: 'count',
      n: trailingAmounts.length,
    }),
    kpiRow({ kpi: KPI, measure: 'lead_to_deal_rate', period, segment, value: leadRate, unit: 'ratio', n: leadCount }),
  ];
  ids.forEach((stage, k) => {
    if (stage === 'won') return;
    const seg = stepSegment(segment, pipelineId, stage, env);
    rows.push(
      kpiRow({
        kpi: KPI,
        measure: 'deals_needed',
        period,
        segment: seg,
        value: needed[k] ?? null,
        unit: 'count',
        n: counts[k] ?? 0,
      }),
    );
  });
  return rows;
}
