/**
 * open_deals_by_stage: count of open deals per stage at the as-of instant (`ctx.now`; a past instant replays the
 * stage log). Second view, `first_entered`: deals whose first literal entry into the stage (creation included)
 * falls in the period (default: the month containing now), whatever their status now.
 */
import { periodContaining, within } from '../../lib/time';
import type { KpiConfig } from '../config';
import { dealDims, isLive, kpiRow, makeEnv, resolveFor } from '../env';
import { stepSegment } from '../funnel/cohort';
import { Segmenter } from '../segments';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import { type OpenAt, openAt, openDims } from './snapshot';

const KPI = 'open_deals_by_stage';

interface Acc {
  total: number;
  byStage: Map<string, { pipelineId: string; count: number }>;
}

/** A first entry into a stage in the period. */
interface Entry {
  pipelineId: string;
  stageId: string;
}

const init = (): Acc => ({ total: 0, byStage: new Map() });
function add(acc: Acc, pipelineId: string, stageId: string): void {
  acc.total += 1;
  const s = acc.byStage.get(stageId) ?? { pipelineId, count: 0 };
  s.count += 1;
  acc.byStage.set(stageId, s);
}

/** Open deals per stage now (`count`, main measure, no period) and first entries in the period (`first_entered`). */
export function openDealsByStage(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const keys = (ctx.segmentBy ?? []).filter((k) => k !== 'stage');
  const rows: KpiRow[] = [];
  const period = resolveFor(env, periodContaining('month', ctx.now, ctx.timeZone).label);
  // One pass over the deals feeds both views.
  const snapshotSeg = new Segmenter<OpenAt, Acc>(keys, init, (acc, o) => add(acc, o.pipelineId, o.stageId), ctx.filter);
  const viewSeg = new Segmenter<Entry, Acc>(keys, init, (acc, e) => add(acc, e.pipelineId, e.stageId), ctx.filter);
  for (const deal of input.deals) {
    const o = openAt(deal, ctx.now, env);
    if (o) snapshotSeg.push(o, openDims(o, env));
    if (!isLive(deal)) continue;
    const first = new Map<string, { pipelineId: string; at: number }>();
    for (const v of deal.visits ?? []) {
      const seen = first.get(v.stageId);
      if (!seen || v.enteredAt < seen.at) first.set(v.stageId, { pipelineId: v.pipelineId, at: v.enteredAt });
    }
    for (const [stageId, e] of first) {
      if (!env.inScope(e.pipelineId) || !within(e.at, period)) continue;
      viewSeg.push(
        { stageId, pipelineId: e.pipelineId },
        { ...dealDims(deal, deal.ownerId, env), pipeline: e.pipelineId },
      );
    }
  }
  const snapshot = snapshotSeg.result();
  for (const { segment, acc } of snapshot) {
    rows.push(
      kpiRow({
        kpi: KPI,
        measure: 'count',
        period: null,
        segment,
        value: acc.total,
        unit: 'count',
        n: acc.total,
        minSample: null,
      }),
    );
    for (const [stageId, s] of acc.byStage) {
      const seg = stepSegment(segment, s.pipelineId, stageId, env);
      rows.push(
        kpiRow({
          kpi: KPI,
          measure: 'count',
          period: null,
          segment: seg,
          value: s.count,
          unit: 'count',
          n: s.count,
          minSample: null,
        }),
      );
    }
  }

  const view = viewSeg.result();
  for (const { segment, acc } of view) {
    for (const [stageId, s] of acc.byStage) {
      const seg = stepSegment(segment, s.pipelineId, stageId, env);
      rows.push(
        kpiRow({
          kpi: KPI,
          measure: 'first_entered',
          period,
          segment: seg,
          value: s.count,
          unit: 'count',
          n: s.count,
          minSample: null,
        }),
      );
    }
  }
  return rows;
}
