/**
 * open_value_by_stage: Σ amount of the deals open at the as-of instant, per stage, unweighted (main measure) and
 * weighted by the deal's own probability when set, else its stage's. Deals without an amount (or without a rate
 * for their currency) are left out and counted in `n_missing_amount`.
 */
import type { KpiConfig } from '../config';
import { kpiRow, makeEnv } from '../env';
import { stepSegment } from '../funnel/cohort';
import { segmentBy } from '../segments';
import { dealSlice } from '../slices';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import { type OpenAt, openDealsAt, openDims, probabilityOf } from './snapshot';

const KPI = 'open_value_by_stage';

interface Sums {
  n: number;
  unweighted: number;
  weighted: number;
  missingAmount: number;
  missingProbability: number;
}

const zero = (): Sums => ({ n: 0, unweighted: 0, weighted: 0, missingAmount: 0, missingProbability: 0 });

interface Acc {
  total: Sums;
  byStage: Map<string, { pipelineId: string; sums: Sums }>;
}

/** Adds one open deal to value sums. Exported for pipeline_coverage. */
export function addOpenValue(s: Sums, o: OpenAt, probability: number | null): void {
  s.n += 1;
  const amount = o.deal.amountReporting;
  if (amount === null) {
    s.missingAmount += 1;
    return;
  }
  s.unweighted += amount;
  if (probability === null) s.missingProbability += 1;
  else s.weighted += amount * probability;
}

/** Unweighted and weighted open value per stage and in total. */
export function openValueByStage(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const keys = (ctx.segmentBy ?? []).filter((k) => k !== 'stage');
  const groups = segmentBy(
    openDealsAt(dealSlice(input, { by: 'open' }), ctx.now, env),
    keys,
    (o) => openDims(o, env),
    (): Acc => ({ total: zero(), byStage: new Map() }),
    (acc, o) => {
      const p = probabilityOf(o, env);
      addOpenValue(acc.total, o, p);
      const st = acc.byStage.get(o.stageId) ?? { pipelineId: o.pipelineId, sums: zero() };
      addOpenValue(st.sums, o, p);
      acc.byStage.set(o.stageId, st);
    },
    ctx.filter,
  );
  const rows: KpiRow[] = [];
  const emit = (segment: Record<string, string>, s: Sums): void => {
    const extra = { n_missing_amount: s.missingAmount };
    rows.push(
      kpiRow({
        kpi: KPI,
        measure: 'unweighted',
        period: null,
        segment,
        value: s.unweighted,
        unit: config.currency,
        n: s.n,
        minSample: null,
        extra,
      }),
    );
    rows.push(
      kpiRow({
        kpi: KPI,
        measure: 'weighted',
        period: null,
        segment,
        value: s.weighted,
        unit: config.currency,
        n: s.n,
        minSample: null,
        extra: { ...extra, n_missing_probability: s.missingProbability },
      }),
    );
  };
  for (const { segment, acc } of groups) {
    emit(segment, acc.total);
    for (const [stageId, st] of acc.byStage) emit(stepSegment(segment, st.pipelineId, stageId, env), st.sums);
  }
  return rows;
}
