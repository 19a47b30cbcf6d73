/**
 * conversations_to_close (period, default the last completed month): for deals won in the month, conversations
 * tied to the deal or its contacts between the first entry into the configured qualified stage (or a later one)
 * and the win; a deal that never entered it counts from its creation and flags the row `not_qualified`.
 * Median (main) and mean per deal, and the least-squares slope of the monthly medians over the last 6 complete
 * months that had wins (x = month number), as of now.
 */
import { mean, median, slope } from '../../lib/stats';
import { lastCompletedPeriod, periodContaining, toLocal, within } from '../../lib/time';
import type { KpiConfig } from '../config';
import { dealDims, type Env, isLive, kpiRow, makeEnv, needsSetupRow, resolveFor } from '../env';
import { firstEnteredAtOrBeyond, journeyOf, stepIndex } from '../funnel/journey';
import { segmentBy } from '../segments';
import type { DealRow, KpiContext, KpiFlag, KpiInput, KpiRow } from '../types';
import { isConversation } from './classify';

const KPI = 'conversations_to_close';
const TREND_MONTHS = 6;
const TREND_LOOKBACK_MONTHS = 36;

interface Conv {
  id: string;
  at: number;
}

/** Conversation instants indexed by deal and by contact (conversations only: a small share of engagements). */
function indexConversations(
  input: KpiInput,
  env: Env,
): { byDeal: Map<string, Conv[]>; byContact: Map<string, Conv[]> } {
  const byDeal = new Map<string, Conv[]>();
  const byContact = new Map<string, Conv[]>();
  const push = (m: Map<string, Conv[]>, k: string, c: Conv): void => {
    const list = m.get(k) ?? [];
    list.push(c);
    m.set(k, list);
  };
  for (const e of input.engagements ?? []) {
    if (!isLive(e) || !isConversation(e, env)) continue;
    const c = { id: e.id, at: e.at };
    for (const d of e.dealIds) push(byDeal, d, c);
    for (const p of e.contactIds) push(byContact, p, c);
  }
  return { byDeal, byContact };
}

/** Conversations to close of one won deal and whether it was qualified. */
function dealCount(
  deal: DealRow,
  env: Env,
  idx: ReturnType<typeof indexConversations>,
): { count: number; qualified: boolean } {
  const j = journeyOf(deal, env);
  const role = j ? env.config.stageRoles[j.pipelineId]?.qualified : undefined;
  const index = j && role !== undefined ? stepIndex(role, j.pipelineId, env) : null;
  const entered = j && index !== null ? firstEnteredAtOrBeyond(j, index) : null;
  const from = entered ?? deal.createdAt;
  const to = deal.wonAt ?? from;
  const seen = new Set<string>();
  for (const list of [idx.byDeal.get(deal.id) ?? [], ...deal.contactIds.map((c) => idx.byContact.get(c) ?? [])]) {
    for (const c of list) if (c.at >= from && c.at <= to) seen.add(c.id);
  }
  return { count: seen.size, qualified: entered !== null };
}

export function conversationsToClose(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, lastCompletedPeriod('month', ctx.now, ctx.timeZone).label);
  const configured = [...env.pipelines.keys()].filter((p) => config.stageRoles[p]?.qualified !== undefined);
  if (configured.length === 0) {
    const keys = [...env.pipelines.keys()].map((p) => `kpis.stageRoles.${p}.qualified`);
    return [needsSetupRow(KPI, 'median', period, ctx.filter ?? {}, 'count', keys)];
  }
  const idx = indexConversations(input, env);
  const wonIn = (interval: { start: number; end: number }) =>
    (function* () {
      for (const d of input.deals) {
        if (isLive(d) && d.status === 'won' && env.inScope(d.pipelineId) && within(d.wonAt, interval)) yield d;
      }
    })();
  const groups = segmentBy(
    wonIn(period),
    ctx.segmentBy ?? [],
    (d) => dealDims(d, d.ownerAtClose, env),
    () => ({ counts: [] as number[], notQualified: 0 }),
    (acc, d) => {
      const c = dealCount(d, env, idx);
      acc.counts.push(c.count);
      if (!c.qualified) acc.notQualified += 1;
    },
    ctx.filter,
  );

  // Trend: monthly medians of the whole (or the filter), last 6 complete months with wins, as of now.
  const months: { x: number; median: number }[] = [];
  let month = lastCompletedPeriod('month', ctx.now, ctx.timeZone);
  for (let i = 0; i < TREND_LOOKBACK_MONTHS && months.length < TREND_MONTHS; i += 1) {
    const whole = segmentBy(
      wonIn(month),
      [],
      (d) => dealDims(d, d.ownerAtClose, env),
      () => [] as number[],
      (acc, d) => {
        acc.push(dealCount(d, env, idx).count);
      },
      ctx.filter,
    )[0];
    const m = median(whole?.acc ?? []);
    const local = toLocal(month.start, ctx.timeZone);
    if (m !== null) months.unshift({ x: local.year * 12 + local.month, median: m });
    month = periodContaining('month', month.start - 1, ctx.timeZone);
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
