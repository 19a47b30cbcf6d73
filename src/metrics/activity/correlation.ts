/**
 * emails_calls_correlation (window: the trailing 12 completed ISO weeks): Pearson r between prospecting emails (x)
 * and prospect calls (y) over the rep-weeks in which the rep sent at least one or made at least one, with the
 * least-squares slope (calls per email). Value and slope are null, flagged low_sample, when n < 8 rep-weeks.
 */
import { pearson, slope } from '../../lib/stats';
import { lastCompletedPeriod, periodContaining, previousPeriods, within } from '../../lib/time';
import type { KpiConfig } from '../config';
import { customerSince, isProspectAt } from '../customers/customers';
import { isLive, kpiRow, makeEnv } from '../env';
import { segmentBy } from '../segments';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import { engagementsWithin, isOutboundCall, isSupport } from './classify';

const KPI = 'emails_calls_correlation';
const WEEKS = 12;
const MIN_REP_WEEKS = 8;

export function emailsCallsCorrelation(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const last = lastCompletedPeriod('week', ctx.now, ctx.timeZone);
  // Every engagement read lies in one of these weeks: find it among them rather than converting each instant to
  // the zone (tens of µs each, hundreds of thousands of engagements).
  const weeks = [...previousPeriods(last, WEEKS - 1, ctx.timeZone), last];
  const first = weeks[0] ?? last;
  const interval = { start: first.start, end: last.end };
  const since = customerSince(input, env);
  const repWeeks = new Map<string, { owner: string; emails: number; calls: number }>();
  for (const e of engagementsWithin(input, interval)) {
    if (!isLive(e) || e.ownerId === null || isSupport(e, env)) continue;
    if (!isProspectAt(since, e.at, e.contactIds, e.companyIds)) continue;
    const isCall = isOutboundCall(e);
    const isEmail = e.type === 'email' && e.direction === 'outbound';
    if (!isCall && !isEmail) continue;
    const week = (weeks.find((w) => within(e.at, w)) ?? periodContaining('week', e.at, ctx.timeZone)).label;
    const key = `${e.ownerId}\u0000${week}`;
    const rw = repWeeks.get(key) ?? { owner: e.ownerId, emails: 0, calls: 0 };
    if (isCall) rw.calls += 1;
    else rw.emails += 1;
    repWeeks.set(key, rw);
  }
  const keys = (ctx.segmentBy ?? []).filter((k) => k === 'owner' || k === 'team');
  const groups = segmentBy(
    repWeeks.values(),
    keys,
    (rw) => ({ owner: rw.owner, team: env.teamOf(rw.owner) }),
    () => ({ xs: [] as number[], ys: [] as number[] }),
    (acc, rw) => {
      acc.xs.push(rw.emails);
      acc.ys.push(rw.calls);
    },
    ctx.filter,
  );
  const window = `last-${WEEKS}w`;
  return groups.flatMap(({ segment, acc }) => {
    const n = acc.xs.length;
    const enough = n >= MIN_REP_WEEKS;
    const base = {
      kpi: KPI,
      period: { kind: 'window' as const, label: window, grain: 'trailing' as const, ...interval },
      segment,
      n,
      minSample: MIN_REP_WEEKS,
    };
    return [
      kpiRow({ ...base, measure: 'r', value: enough ? pearson(acc.xs, acc.ys) : null, unit: 'ratio' }),
      kpiRow({ ...base, measure: 'slope', value: enough ? slope(acc.xs, acc.ys) : null, unit: 'calls_per_email' }),
    ];
  });
}
