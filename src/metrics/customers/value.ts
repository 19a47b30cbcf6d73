/**
 * customer_lifetime_value: historical = Σ won amount per customer to date, mean (main) and median over customers;
 * predictive (needs gross margin and lifetime) = average order value × purchases per year, both over the last 365
 * days, × lifetime years × gross margin.
 * cac (month, quarter, fiscal quarter or fiscal year): spend in the period ÷ new customers first won in it, with
 * CLV ÷ CAC from the historical mean CLV to date. A month missing from the spend table gives needs_setup.
 */
import { mean, median } from '../../lib/stats';
import { DAY_MS, lastCompletedPeriod, periodsOverlapping, within } from '../../lib/time';
import type { KpiConfig } from '../config';
import { type Env, kpiRow, makeEnv, needsSetupRow, resolveFor } from '../env';
import { segmentBy } from '../segments';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import { customerDims } from './conversion';
import { customersOf } from './customers';

const YEAR_MS = 365 * DAY_MS;

/** Historical CLV per customer (wins up to now), whole and per segment. */
function historical(input: KpiInput, env: Env, ctx: KpiContext) {
  const customers = [...customersOf(input, env).values()].filter((c) => c.firstWonAt <= ctx.now);
  return segmentBy(
    customers,
    (ctx.segmentBy ?? []).filter((k) => k !== 'stage' && k !== 'pipeline'),
    (c) => customerDims(c, env),
    () => ({ values: [] as number[], missing: 0 }),
    (acc, c) => {
      let total = 0;
      for (const w of c.wins) {
        if (w.at > ctx.now) continue;
        if (w.amount === null) acc.missing += 1;
        else total += w.amount;
      }
      acc.values.push(total);
    },
    ctx.filter,
  );
}

export function customerLifetimeValue(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const rows: KpiRow[] = [];
  for (const { segment, acc } of historical(input, env, ctx)) {
    const extra = { n_missing_amount: acc.missing };
    rows.push(
      kpiRow({
        kpi: 'customer_lifetime_value',
        measure: 'historical_mean',
        period: null,
        segment,
        value: mean(acc.values),
        unit: config.currency,
        n: acc.values.length,
        extra,
      }),
    );
    rows.push(
      kpiRow({
        kpi: 'customer_lifetime_value',
        measure: 'historical_median',
        period: null,
        segment,
        value: median(acc.values),
        unit: config.currency,
        n: acc.values.length,
        extra,
      }),
    );
  }
  const window = {
    kind: 'window' as const,
    label: 'last-365d',
    grain: 'trailing' as const,
    start: ctx.now - YEAR_MS,
    end: ctx.now,
  };
  const missing = [
    ...(config.grossMargin === undefined ? ['kpis.grossMargin'] : []),
    ...(config.customerLifetimeYears === undefined ? ['kpis.customerLifetimeYears'] : []),
  ];
  if (missing.length > 0 || config.grossMargin === undefined || config.customerLifetimeYears === undefined) {
    rows.push(
      needsSetupRow('customer_lifetime_value', 'predictive', window, ctx.filter ?? {}, config.currency, missing),
    );
    return rows;
  }
  const amounts: number[] = [];
  const buyers = new Set<string>();
  let purchases = 0;
  for (const c of customersOf(input, env).values()) {
    for (const w of c.wins) {
      if (!within(w.at, window)) continue;
      purchases += 1;
      buyers.add(c.key);
      if (w.amount !== null) amounts.push(w.amount);
    }
  }
  const aov = mean(amounts);
  const perYear = buyers.size === 0 ? null : purchases / buyers.size;
  const value =
    aov === null || perYear === null ? null : aov * perYear * config.customerLifetimeYears * config.grossMargin;
  rows.push(
    kpiRow({
      kpi: 'customer_lifetime_value',
      measure: 'predictive',
      period: window,
      segment: ctx.filter ?? {},
      value,
      unit: config.currency,
      n: buyers.size,
      extra: { n_missing_amount: purchases - amounts.length },
    }),
  );
  return rows;
}

const CAC_GRAINS = new Set(['month', 'quarter', 'fiscal_quarter', 'fiscal_year']);

export function cac(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, lastCompletedPeriod('month', ctx.now, ctx.timeZone).label);
  // Spend is a company-wide monthly table: CAC exists for whole months only, and only for the whole.
  if (!CAC_GRAINS.has(period.grain)) return [];
  const months = periodsOverlapping('month', period, ctx.timeZone).map((m) => m.label);
  const spendByMonth = new Map((config.spend ?? []).map((s) => [s.month, s.amount]));
  const absent = months.filter((m) => !spendByMonth.has(m));
  const segment = {};
  if (config.spend === undefined || absent.length > 0) {
    const keys = config.spend === undefined ? ['kpis.spend'] : absent.map((m) => `kpis.spend[${m}]`);
    return [
      needsSetupRow('cac', 'cac', period, segment, config.currency, keys),
      needsSetupRow('cac', 'clv_to_cac', period, segment, 'ratio', keys),
    ];
  }
  const spend = months.reduce((a, m) => a + (spendByMonth.get(m) ?? 0), 0);
  const customers = customersOf(input, env);
  let newCustomers = 0;
  for (const c of customers.values()) if (within(c.firstWonAt, period)) newCustomers += 1;
  const value = newCustomers === 0 ? null : spend / newCustomers;
  const clv = mean(historical(input, env, { ...ctx, segmentBy: [], filter: {} })[0]?.acc.values ?? []);
  return [
    kpiRow({ kpi: 'cac', measure: 'cac', period, segment, value, unit: config.currency, n: newCustomers }),
    kpiRow({
      kpi: 'cac',
      measure: 'clv_to_cac',
      period,
      segment,
      value: value === null || value === 0 || clv === null ? null : clv / value,
      unit: 'ratio',
      n: newCustomers,
    }),
  ];
}
