/**
 * Customer-level cohort KPIs.
 * - days_to_customer (period): customers whose first win falls in the period; exact days from first touch to
 *   first win, median (main) and mean.
 * - prospect_to_customer_rate (cohort): prospects first touched in the period; share whose first win came within
 *   `prospectWindowDays` (default 180) of it; provisional until that window has elapsed for every member.
 * - second_purchase_90d_rate (cohort): new customers (first win in the period); share with another win more than
 *   24 h and at most 90 days after the first (wins within 24 h are the same purchase).
 */
import { mean, median } from '../../lib/stats';
import { DAY_MS, elapsedDays, HOUR_MS, lastCompletedPeriod, periodContaining, within } from '../../lib/time';
import type { KpiConfig } from '../config';
import { directionOf, type Env, kpiRow, makeEnv, resolveFor } from '../env';
import type { Dims } from '../segments';
import { segmentBy } from '../segments';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import { type CustomerFacts, customersOf } from './customers';
import { prospects } from './first-touch';

/** Segment values of a customer: owner of the first won deal at its win, its team, industry, source. */
export function customerDims(c: CustomerFacts, env: Env): Dims {
  return {
    owner: c.ownerAtFirstWin,
    team: env.teamOf(c.ownerAtFirstWin),
    industry: c.industry,
    source: c.source,
    direction: directionOf(c.source, env.config),
  };
}

const customerKeys = (ctx: KpiContext) => (ctx.segmentBy ?? []).filter((k) => k !== 'stage' && k !== 'pipeline');

export function daysToCustomer(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, periodContaining('month', ctx.now, ctx.timeZone).label);
  const members = [...customersOf(input, env).values()].filter((c) => within(c.firstWonAt, period));
  const touched = prospects(input, config, new Set(members.map((c) => c.key)));
  const groups = segmentBy(
    members,
    customerKeys(ctx),
    (c) => customerDims(c, env),
    () => [] as number[],
    (acc, c) => {
      // Without any company/contact/lead record the first won deal's creation is the earliest touch we know.
      const first = Math.min(
        touched.get(c.key)?.firstTouchAt ?? Number.POSITIVE_INFINITY,
        c.wins[0]?.createdAt ?? c.firstWonAt,
      );
      acc.push(elapsedDays(first, c.firstWonAt));
    },
    ctx.filter,
  );
  return groups.flatMap(({ segment, acc }) => [
    kpiRow({
      kpi: 'days_to_customer',
      measure: 'median',
      period,
      segment,
      value: median(acc),
      unit: 'days',
      n: acc.length,
    }),
    kpiRow({
      kpi: 'days_to_customer',
      measure: 'mean',
      period,
      segment,
      value: mean(acc),
      unit: 'days',
      n: acc.length,
    }),
  ]);
}

export function prospectToCustomerRate(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, lastCompletedPeriod('quarter', ctx.now, ctx.timeZone).label);
  const windowMs = config.prospectWindowDays * DAY_MS;
  const customers = customersOf(input, env);
  const members = [...prospects(input, config).values()].filter((p) => within(p.firstTouchAt, period));
  const groups = segmentBy(
    members,
    customerKeys(ctx),
    (p) => ({
      owner: p.ownerId,
      team: env.teamOf(p.ownerId),
      industry: p.industry,
      source: p.source,
      direction: directionOf(p.source, config),
    }),
    () => ({ total: 0, converted: 0, pending: 0 }),
    (acc, p) => {
      acc.total += 1;
      const c = customers.get(p.key);
      if (c && c.firstWonAt - p.firstTouchAt <= windowMs) acc.converted += 1;
      if (p.firstTouchAt + windowMs > ctx.now) acc.pending += 1;
    },
    ctx.filter,
  );
  return groups.map(({ segment, acc }) =>
    kpiRow({
      kpi: 'prospect_to_customer_rate',
      measure: 'rate',
      period,
      segment,
      value: acc.total === 0 ? null : acc.converted / acc.total,
      unit: 'ratio',
      n: acc.total,
      flags: acc.pending > 0 ? ['provisional'] : [],
    }),
  );
}

const SAME_PURCHASE_MS = 24 * HOUR_MS;
const SECOND_PURCHASE_MS = 90 * DAY_MS;

export function secondPurchase90dRate(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, lastCompletedPeriod('quarter', ctx.now, ctx.timeZone).label);
  const members = [...customersOf(input, env).values()].filter((c) => within(c.firstWonAt, period));
  const groups = segmentBy(
    members,
    customerKeys(ctx),
    (c) => customerDims(c, env),
    () => ({ total: 0, again: 0, pending: 0 }),
    (acc, c) => {
      acc.total += 1;
      const again = c.wins.some(
        (w) => w.at - c.firstWonAt > SAME_PURCHASE_MS && w.at - c.firstWonAt <= SECOND_PURCHASE_MS,
      );
      if (again) acc.again += 1;
      if (c.firstWonAt + SECOND_PURCHASE_MS > ctx.now) acc.pending += 1;
    },
    ctx.filter,
  );
  return groups.map(({ segment, acc }) =>
    kpiRow({
      kpi: 'second_purchase_90d_rate',
      measure: 'rate',
      period,
      segment,
      value: acc.total === 0 ? null : acc.again / acc.total,
      unit: 'ratio',
      n: acc.total,
      flags: acc.pending > 0 ? ['provisional'] : [],
    }),
  );
}
