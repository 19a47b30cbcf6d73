/**
 * never_engaged_rate (cohort): contacts whose first touch (their first outbound call, or first prospecting email,
 * ever) falls in the period; share with no engagement within 30 days (inclusive) after it: an inbound email from
 * them, a connected call in either direction (no minimum duration), or a held meeting. A first touch that is itself
 * a connected call engages. Provisional while some member's 30 days have not elapsed. Rep = contact's owner.
 */
import { DAY_MS, periodContaining, within } from '../../lib/time';
import type { KpiConfig } from '../config';
import { customerSince, isProspectAt } from '../customers/customers';
import { isLive, kpiRow, makeEnv, resolveFor } from '../env';
import { segmentBy } from '../segments';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import { engagementsWithin, isConnectedCall, isHeldMeeting, isOutboundCall } from './classify';

const KPI = 'never_engaged_rate';
const ENGAGE_WINDOW_MS = 30 * DAY_MS;

export function neverEngagedRate(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, periodContaining('month', ctx.now, ctx.timeZone).label);
  const since = customerSince(input, env);
  const rules = config.conversations;
  // Pass 1: first touch per contact, ever (so a contact touched before the period is not in its cohort).
  const firstTouch = new Map<string, { at: number; owner: string | null }>();
  for (const e of input.engagements ?? []) {
    if (!isLive(e)) continue;
    const touch =
      isOutboundCall(e) ||
      (e.type === 'email' && e.direction === 'outbound' && isProspectAt(since, e.at, e.contactIds, e.companyIds));
    if (!touch) continue;
    for (const c of e.contactIds) {
      const prev = firstTouch.get(c);
      if (!prev || e.at < prev.at) firstTouch.set(c, { at: e.at, owner: e.ownerId });
    }
  }
  for (const [c, t] of firstTouch) if (!within(t.at, period)) firstTouch.delete(c);
  // Pass 2: engagement within the window after the first touch: first touches lie in the period, so only
  // engagements from its start to 30 days after its end can count (a range scan, not the table).
  const engaged = new Set<string>();
  for (const e of engagementsWithin(input, { start: period.start, end: period.end + ENGAGE_WINDOW_MS })) {
    if (!isLive(e)) continue;
    const engages =
      (e.type === 'email' && e.direction === 'inbound') || isConnectedCall(e, rules) || isHeldMeeting(e, ctx.now);
    if (!engages) continue;
    for (const c of e.contactIds) {
      const t = firstTouch.get(c);
      if (t && e.at >= t.at && e.at - t.at <= ENGAGE_WINDOW_MS) engaged.add(c);
    }
  }
  const owners = new Map<string, string | null>();
  for (const c of input.contacts ?? []) if (firstTouch.has(c.id)) owners.set(c.id, c.ownerId);
  const groups = segmentBy(
    firstTouch.entries(),
    (ctx.segmentBy ?? []).filter((k) => k === 'owner' || k === 'team'),
    ([c, t]) => {
      const owner = owners.get(c) ?? t.owner;
      return { owner, team: env.teamOf(owner) };
    },
    () => ({ total: 0, never: 0, pending: 0 }),
    (acc, [c, t]) => {
      acc.total += 1;
      if (!engaged.has(c)) acc.never += 1;
      if (t.at + ENGAGE_WINDOW_MS > ctx.now) acc.pending += 1;
    },
    ctx.filter,
  );
  return groups.map(({ segment, acc }) =>
    kpiRow({
      kpi: KPI,
      measure: 'rate',
      period,
      segment,
      value: acc.total === 0 ? null : acc.never / acc.total,
      unit: 'ratio',
      n: acc.total,
      flags: acc.pending > 0 ? ['provisional'] : [],
    }),
  );
}
