/**
 * leads_created (period): leads created in the period (leads object, else contacts entering the lead lifecycle
 * stage). lead_conversion_rate (cohort): leads created in the period whose converted deal was won within 180 days
 * of the lead's creation; provisional while a member's 180 days have not elapsed.
 */
import { DAY_MS, lastCompletedPeriod, periodContaining, within } from '../../lib/time';
import type { KpiConfig } from '../config';
import { directionOf, type Env, kpiRow, makeEnv, resolveFor } from '../env';
import type { Dims } from '../segments';
import { segmentBy } from '../segments';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import { convertedDeals, indexDeals, type LeadRecord, leadRecords } from './lead-records';

const CONVERSION_MS = 180 * DAY_MS;

function leadDims(l: LeadRecord, env: Env): Dims {
  return {
    owner: l.ownerId,
    team: env.teamOf(l.ownerId),
    source: l.source,
    direction: directionOf(l.source, env.config),
  };
}

const leadKeys = (ctx: KpiContext) =>
  (ctx.segmentBy ?? []).filter((k) => k !== 'stage' && k !== 'pipeline' && k !== 'industry');

export function leadsCreated(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, periodContaining('month', ctx.now, ctx.timeZone).label);
  const members = leadRecords(input).filter((l) => within(l.createdAt, period));
  return segmentBy(
    members,
    leadKeys(ctx),
    (l) => leadDims(l, env),
    () => ({ n: 0 }),
    (a) => {
      a.n += 1;
    },
    ctx.filter,
  ).map(({ segment, acc }) =>
    kpiRow({
      kpi: 'leads_created',
      measure: 'count',
      period,
      segment,
      value: acc.n,
      unit: 'count',
      n: acc.n,
      minSample: null,
    }),
  );
}

export function leadConversionRate(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, lastCompletedPeriod('quarter', ctx.now, ctx.timeZone).label);
  const members = leadRecords(input).filter((l) => within(l.createdAt, period));
  const index = indexDeals(input.deals, members);
  const groups = segmentBy(
    members,
    leadKeys(ctx),
    (l) => leadDims(l, env),
    () => ({ total: 0, won: 0, pending: 0 }),
    (acc, l) => {
      acc.total += 1;
      if (convertedDeals(l, index).some((d) => d.wonAt !== null && d.wonAt - l.createdAt <= CONVERSION_MS))
        acc.won += 1;
      if (l.createdAt + CONVERSION_MS > ctx.now) acc.pending += 1;
    },
    ctx.filter,
  );
  return groups.map(({ segment, acc }) =>
    kpiRow({
      kpi: 'lead_conversion_rate',
      measure: 'rate',
      period,
      segment,
      value: acc.total === 0 ? null : acc.won / acc.total,
      unit: 'ratio',
      n: acc.total,
      flags: acc.pending > 0 ? ['provisional'] : [],
    }),
  );
}
