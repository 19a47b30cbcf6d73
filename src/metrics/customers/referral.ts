/**
 * referral_6m_rate (cohort): new customers (first win in the period); share credited with a referred deal — one
 * whose configured referrer property names the customer (its company or one of its contacts) — created after the
 * first win and within 183 days of it, that reached the qualified stage (or beyond) within those same 183 days, so
 * a matured cohort never changes. A source value alone names no referrer: without the property, needs_setup.
 */
import { DAY_MS, lastCompletedPeriod, within } from '../../lib/time';
import type { KpiConfig } from '../config';
import { isInvalidLoss, isLive, kpiRow, makeEnv, needsSetupRow, resolveFor } from '../env';
import { firstReachedAt, journeyOf, stepIndex } from '../funnel/journey';
import { segmentBy } from '../segments';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import { customerDims } from './conversion';
import { customersOf } from './customers';

const KPI = 'referral_6m_rate';
const WINDOW_MS = 183 * DAY_MS;

export function referral6mRate(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, lastCompletedPeriod('quarter', ctx.now, ctx.timeZone).label);
  const missing: string[] = [];
  if (config.referrerProperty === undefined) missing.push('kpis.referrerProperty');
  if (![...env.pipelines.keys()].some((p) => config.stageRoles[p]?.qualified !== undefined)) {
    missing.push(...[...env.pipelines.keys()].map((p) => `kpis.stageRoles.${p}.qualified`));
  }
  const property = config.referrerProperty;
  if (missing.length > 0 || property === undefined)
    return [needsSetupRow(KPI, 'rate', period, ctx.filter ?? {}, 'ratio', missing)];

  const companyIds = new Set<string>();
  for (const c of input.companies ?? []) companyIds.add(c.id);
  const companyOfContact = new Map<string, string | null>();
  for (const c of input.contacts ?? []) companyOfContact.set(c.id, c.companyId);
  const keyOfReferrer = (value: string): string => {
    if (companyIds.has(value)) return `company:${value}`;
    const company = companyOfContact.get(value);
    return config.customerKey === 'company' && company ? `company:${company}` : `contact:${value}`;
  };
  // Referred deals per referrer key: creation and the instant they reached qualified (small: referred deals only).
  const referred = new Map<string, { createdAt: number; qualifiedAt: number | null }[]>();
  for (const d of input.deals) {
    const value = d.properties?.[property];
    if (!isLive(d) || isInvalidLoss(d, config) || value === undefined || value === null || value === '') continue;
    const j = journeyOf(d, env);
    const role = j ? config.stageRoles[j.pipelineId]?.qualified : undefined;
    const index = j && role !== undefined ? stepIndex(role, j.pipelineId, env) : null;
    const key = keyOfReferrer(value);
    const list = referred.get(key) ?? [];
    list.push({ createdAt: d.createdAt, qualifiedAt: j && index !== null ? firstReachedAt(j, index) : null });
    referred.set(key, list);
  }
  const members = [...customersOf(input, env).values()].filter((c) => within(c.firstWonAt, period));
  const groups = segmentBy(
    members,
    (ctx.segmentBy ?? []).filter((k) => k !== 'stage' && k !== 'pipeline'),
    (c) => customerDims(c, env),
    () => ({ total: 0, credited: 0, pending: 0 }),
    (acc, c) => {
      acc.total += 1;
      const end = c.firstWonAt + WINDOW_MS;
      const ok = (referred.get(c.key) ?? []).some(
        (r) => r.createdAt > c.firstWonAt && r.createdAt <= end && r.qualifiedAt !== null && r.qualifiedAt <= end,
      );
      if (ok) acc.credited += 1;
      if (end > ctx.now) acc.pending += 1;
    },
    ctx.filter,
  );
  return groups.map(({ segment, acc }) =>
    kpiRow({
      kpi: KPI,
      measure: 'rate',
      period,
      segment,
      value: acc.total === 0 ? null : acc.credited / acc.total,
      unit: 'ratio',
      n: acc.total,
      flags: acc.pending > 0 ? ['provisional'] : [],
    }),
  );
}
