/**
 * pipeline_coverage: weighted open value expected to close by fiscal-year end ÷ (annual target − won FYTD); also
 * unweighted. Open deals whose expected close date is on or before the fiscal-year end count (overdue included);
 * no close date: left out and counted in `n_missing_close_date`. Remaining ≤ 0 gives null with `target_met`.
 * Rows exist for the whole and for rep / team segments (the levels targets are set at).
 */
import { localMidnight, periodContaining, within } from '../../lib/time';
import type { KpiConfig } from '../config';
import { dealDims, isLive, kpiRow, makeEnv, needsSetupRow, targetFor } from '../env';
import { Segmenter } from '../segments';
import { dealSlice } from '../slices';
import type { DealRow, KpiContext, KpiInput, KpiRow } from '../types';
import { addOpenValue } from './open-value';
import { type OpenAt, openDealsAt, openDims, probabilityOf } from './snapshot';

const KPI = 'pipeline_coverage';

interface OpenAcc {
  sums: { n: number; unweighted: number; weighted: number; missingAmount: number; missingProbability: number };
  missingCloseDate: number;
}

/** Coverage ratio rows (`weighted` main, `unweighted`), period = the fiscal year containing now. */
export function pipelineCoverage(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const fy = periodContaining('fiscal_year', ctx.now, ctx.timeZone, env.fiscal);
  const keys = (ctx.segmentBy ?? []).filter((k) => k === 'owner' || k === 'team');
  // Close dates repeat (a few thousand days for a million deals) and a zone conversion costs tens of µs.
  const midnights = new Map<string, number>();
  const midnightOf = (date: string): number => {
    let ms = midnights.get(date);
    if (ms === undefined) {
      ms = localMidnight(date, ctx.timeZone);
      midnights.set(date, ms);
    }
    return ms;
  };
  // The won FYTD sums (denominators) and the open value (numerators), each from its own slice of the deals.
  const wonSeg = new Segmenter<DealRow, { sum: number }>(
    keys,
    () => ({ sum: 0 }),
    (acc, d) => {
      acc.sum += d.amountReporting ?? 0;
    },
    ctx.filter,
  );
  const openSeg = new Segmenter<OpenAt, OpenAcc>(
    keys,
    (): OpenAcc => ({
      sums: { n: 0, unweighted: 0, weighted: 0, missingAmount: 0, missingProbability: 0 },
      missingCloseDate: 0,
    }),
    (acc, o) => {
      if (o.deal.closeDate === null) {
        acc.missingCloseDate += 1;
        return;
      }
      if (midnightOf(o.deal.closeDate) >= fy.end) return;
      addOpenValue(acc.sums, o, probabilityOf(o, env));
    },
    ctx.filter,
  );
  const fytd = { start: fy.start, end: ctx.now };
  for (const d of dealSlice(input, { by: 'won', ...fytd })) {
    if (isLive(d) && d.status === 'won' && env.inScope(d.pipelineId) && within(d.wonAt, fytd)) {
      wonSeg.push(d, dealDims(d, d.ownerAtClose, env));
    }
  }
  for (const o of openDealsAt(dealSlice(input, { by: 'open' }), ctx.now, env)) openSeg.push(o, openDims(o, env));
  const won = new Map(wonSeg.result().map((g) => [JSON.stringify(g.segment), g.acc.sum]));
  const groups = openSeg.result();
  const rows: KpiRow[] = [];
  for (const { segment, acc } of groups) {
    const target = targetFor(config, segment, fy.label);
    if (!target) {
      rows.push(needsSetupRow(KPI, 'weighted', fy.label, segment, 'ratio', ['kpis.targets']));
      continue;
    }
    const remaining = target.annual - (won.get(JSON.stringify(segment)) ?? 0);
    const flags = remaining <= 0 ? (['target_met'] as const) : [];
    const extra = { n_missing_amount: acc.sums.missingAmount, n_missing_close_date: acc.missingCloseDate };
    for (const measure of ['weighted', 'unweighted'] as const) {
      const value = remaining <= 0 ? null : acc.sums[measure] / remaining;
      rows.push(
        kpiRow({
          kpi: KPI,
          measure,
          period: fy.label,
          segment,
          value,
          unit: 'ratio',
          n: acc.sums.n,
          minSample: null,
          flags,
          extra,
        }),
      );
    }
  }
  return rows;
}
