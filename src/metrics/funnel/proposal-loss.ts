/**
 * proposal_loss_rate (cohort): deals that first reached the configured proposal stage (or beyond) in the period
 * (default: the last completed month); lost / (won + lost), with the still-open share beside it. A deal moved to
 * another pipeline is in the cohort but neither won nor lost.
 */
import { lastCompletedPeriod, within } from '../../lib/time';
import type { KpiConfig } from '../config';
import { dealDims, isInvalidLoss, isLive, kpiRow, makeEnv, needsSetupRow, resolveFor } from '../env';
import { segmentBy } from '../segments';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import { firstReachedAt, journeyOf, stepIndex } from './journey';

const KPI = 'proposal_loss_rate';

interface Acc {
  won: number;
  lost: number;
  open: number;
  total: number;
}

/** Loss rate after proposal (main measure `loss_rate`) and `open_share`. */
export function proposalLossRate(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, lastCompletedPeriod('month', ctx.now, ctx.timeZone).label);
  const configured = [...env.pipelines.keys()].filter((p) => config.stageRoles[p]?.proposal !== undefined);
  if (configured.length === 0) {
    const keys = [...env.pipelines.keys()].map((p) => `kpis.stageRoles.${p}.proposal`);
    return [needsSetupRow(KPI, 'loss_rate', period, ctx.filter ?? {}, 'ratio', keys)];
  }
  const members = (function* () {
    for (const deal of input.deals) {
      if (!isLive(deal) || isInvalidLoss(deal, config)) continue;
      const j = journeyOf(deal, env);
      const proposal = j ? config.stageRoles[j.pipelineId]?.proposal : undefined;
      if (!j || proposal === undefined) continue;
      const index = stepIndex(proposal, j.pipelineId, env);
      if (index !== null && within(firstReachedAt(j, index), period)) yield { deal, j };
    }
  })();
  const groups = segmentBy(
    members,
    ctx.segmentBy ?? [],
    ({ deal, j }) => ({ ...dealDims(deal, deal.ownerAtCreation, env), pipeline: j.pipelineId }),
    (): Acc => ({ won: 0, lost: 0, open: 0, total: 0 }),
    (acc, { j }) => {
      acc.total += 1;
      if (j.outcome === 'won') acc.won += 1;
      else if (j.outcome === 'lost') acc.lost += 1;
      else if (j.outcome === 'open') acc.open += 1;
    },
    ctx.filter,
  );
  return groups.flatMap(({ segment, acc }) => {
    const flags = acc.open > 0 ? (['provisional'] as const) : [];
    const closed = acc.won + acc.lost;
    return [
      kpiRow({
        kpi: KPI,
        measure: 'loss_rate',
        period,
        segment,
        value: closed === 0 ? null : acc.lost / closed,
        unit: 'ratio',
        n: closed,
        flags,
      }),
      kpiRow({
        kpi: KPI,
        measure: 'open_share',
        period,
        segment,
        value: acc.total === 0 ? null : acc.open / acc.total,
        unit: 'ratio',
        n: acc.total,
        flags,
      }),
    ];
  });
}
