/**
 * conversations_to_close (period, default the last completed month): for deals won in the month, conversations
 * tied to the deal or its contacts between the first entry into the configured qualified stage (or a later one)
 * and the win; a deal that never entered it counts from its creation and flags the row `not_qualified`.
 * Median (main) and mean per deal, and the least-squares slope of the monthly medians over the last 6 complete
 * months that had wins (x = month number), as of now.
 */
import { mean, median, slope } from '../../lib/stats';
import { lastCompletedPeriod, type Period, periodContaining, toLocal, within } from '../../lib/time';
import type { KpiConfig } from '../config';
import { dealDims, type Env, isLive, kpiRow, makeEnv, needsSetupRow, resolveFor } from '../env';
import { firstEnteredAtOrBeyond, journeyOf, stepIndex } from '../funnel/journey';
import { type Dims, matchesFilter, Segmenter } from '../segments';
import { dealSlice, span } from '../slices';
import type { DealRow, KpiContext, KpiFlag, KpiInput, KpiRow } from '../types';
import { engagementsWithin, isConversation } from './classify';

const KPI = 'conversations_to_close';
const TREND_MONTHS = 6;
const TREND_LOOKBACK_MONTHS = 36;

/** A won deal whose conversations are counted: its window, links and where its count goes. */
interface Member {
  id: string;
  contactIds: readonly string[];
  from: number;
  to: number;
  qualified: boolean;
  dims: Dims;
  inPeriod: boolean;
  /** Start of its trend month, when it counts towards the trend. */
  month: number | null;
  /** Conversation ids seen in the window (distinct, as an id may be linked through the deal and a contact). */
  seen: Set<string>;
}

/** Window of one won deal: from the first entry into the qualified stage (or later), else its creation. */
function memberOf(deal: DealRow, env: Env): Pick<Member, 'from' | 'to' | 'qualified'> {
  const j = journeyOf(deal, env);
  const role = j ? env.config.stageRoles[j.pipelineId]?.qualified : undefined;
  const index = j && role !== undefined ? stepIndex(role, j.pipelineId, env) : null;
  const entered = j && index !== null ? firstEnteredAtOrBeyond(j, index) : null;
  const from = entered ?? deal.createdAt;
  return { from, to: deal.wonAt ?? from, qualified: entered !== null };
}

/**
 * Counts each member's conversations in one read of the engagements dated within the members' windows; memory
 * is the members and their links, not an index of every conversation.
 */
function countConversations(input: KpiInput, env: Env, members: readonly Member[]): void {
  if (members.length === 0) return;
  const byDeal = new Map<string, Member[]>();
  const byContact = new Map<string, Member[]>();
  const add = (m: Map<string, Member[]>, k: string, member: Member): void => {
    const list = m.get(k);
    if (list) list.push(member);
    else m.set(k, [member]);
  };
  for (const member of members) {
    add(byDeal, member.id, member);
    for (const c of member.contactIds) add(byContact, c, member);
  }
  const window = { start: Number.MAX_SAFE_INTEGER, end: Number.MIN_SAFE_INTEGER };
  for (const m of members) {
    window.start = Math.min(window.start, m.from);
    window.end = Math.max(window.end, m.to + 1);
  }
  const visit = (member: Member, e: { id: string; at: number }): void => {
    if (e.at >= member.from && e.at <= member.to) member.seen.add(e.id);
  };
  for (const e of engagementsWithin(input, window)) {
    if (!isLive(e) || !isConversation(e, env)) continue;
    for (const d of e.dealIds) for (const member of byDeal.get(d) ?? []) visit(member, e);
    for (const c of e.contactIds) for (const member of byContact.get(c) ?? []) visit(member, e);
  }
}

export function conversationsToClose(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, lastCompletedPeriod('month', ctx.now, ctx.timeZone).label);
  const configured = [...env.pipelines.keys()].filter((p) => config.stageRoles[p]?.qualified !== undefined);
  if (configured.length === 0) {
    const keys = [...env.pipelines.keys()].map((p) => `kpis.stageRoles.${p}.qualified`);
    return [needsSetupRow(KPI, 'median', period, ctx.filter ?? {}, 'count', keys)];
  }
  // One pass over the won deals: the period's deals feed the segments, and each deal won in one of the trend's
  // lookback months adds its count to that month (the months are walked afterwards, newest first).
  const current = lastCompletedPeriod('month', ctx.now, ctx.timeZone);
  const lookback: Period[] = [current];
  for (let i = 1; i < TREND_LOOKBACK_MONTHS; i += 1) {
    const prev = lookback[i - 1] as Period;
    lookback.push(periodContaining('month', prev.start - 1, ctx.timeZone));
  }
  // The trend reads the newest TREND_MONTHS months first; older months only while too few of them had wins.
  const recent = lookback[TREND_MONTHS - 1] as Period;
  const oldest = lookback[lookback.length - 1] as Period;
  const chunks = [
    { start: recent.start, end: current.end },
    { start: oldest.start, end: recent.start },
  ];
  const monthCounts = new Map<number, number[]>();
  const segmenter = new Segmenter<{ count: number; qualified: boolean }, { counts: number[]; notQualified: number }>(
    ctx.segmentBy ?? [],
    () => ({ counts: [], notQualified: 0 }),
    (acc, c) => {
      acc.counts.push(c.count);
      if (!c.qualified) acc.notQualified += 1;
    },
    ctx.filter,
  );
  // Members: the period's won deals and those of the trend months; older months only while the newest
  // TREND_MONTHS months lack wins (a month has a median as soon as it has one won deal).
  const members: Member[] = [];
  const hasWins = new Set<number>();
  for (const [i, chunk] of chunks.entries()) {
    if (i > 0 && lookback.slice(0, TREND_MONTHS).every((m) => hasWins.has(m.start))) break;
    const range = i === 0 ? span([period, chunk]) : chunk;
    for (const d of dealSlice(input, { by: 'won', ...range })) {
      if (!isLive(d) || d.status !== 'won' || !env.inScope(d.pipelineId)) continue;
      const inPeriod = i === 0 && within(d.wonAt, period);
      const inTrend = within(d.wonAt, chunk);
      if (!inPeriod && !inTrend) continue;
      const dims = dealDims(d, d.ownerAtClose, env);
      const month =
        inTrend && matchesFilter(dims, ctx.filter)
          ? // A trend deal's month is one of the lookback months: found among them, not converted in the zone.
            (lookback.find((m) => within(d.wonAt, m)) ?? periodContaining('month', d.wonAt as number, ctx.timeZone))
              .start
          : null;
      if (month !== null) hasWins.add(month);
      members.push({ id: d.id, contactIds: d.contactIds, ...memberOf(d, env), dims, inPeriod, month, seen: new Set() });
    }
  }
  countConversations(input, env, members);
  for (const m of members) {
    if (m.inPeriod) segmenter.push({ count: m.seen.size, qualified: m.qualified }, m.dims);
    if (m.month === null) continue;
    const list = monthCounts.get(m.month);
    if (list) list.push(m.seen.size);
    else monthCounts.set(m.month, [m.seen.size]);
  }
  const groups = segmenter.result();

  // Trend: monthly medians of the whole (or the filter), last 6 complete months with wins, as of now.
  const months: { x: number; median: number }[] = [];
  for (const month of lookback) {
    if (months.length >= TREND_MONTHS) break;
    const m = median(monthCounts.get(month.start) ?? []);
    const local = toLocal(month.start, ctx.timeZone);
    if (m !== null) months.unshift({ x: local.year * 12 + local.month, median: m });
  }
  const trend = slope(
    months.map((m) => m.x),
    months.map((m) => m.median),
  );

  return groups.flatMap(({ segment, acc }) => {
    const flags: KpiFlag[] = acc.notQualified > 0 ? ['not_qualified'] : [];
    const n = acc.counts.length;
    const rows = [
      kpiRow({ kpi: KPI, measure: 'median', period, segment, value: median(acc.counts), unit: 'count', n, flags }),
      kpiRow({ kpi: KPI, measure: 'mean', period, segment, value: mean(acc.counts), unit: 'count', n, flags }),
    ];
    if (Object.keys(segment).length === Object.keys(ctx.filter ?? {}).length) {
      rows.push(
        kpiRow({
          kpi: KPI,
          measure: 'trend_slope',
          period,
          segment,
          value: trend,
          unit: 'per_month',
          n: months.length,
          minSample: null,
        }),
      );
    }
    return rows;
  });
}
