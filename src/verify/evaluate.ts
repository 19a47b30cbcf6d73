/**
 * Computes the KPI rows a scenario's expectations refer to and checks each one. Rows are computed per (KPI,
 * period, segment filter) with the same pure functions `pulse kpis` uses; the segment of an expectation becomes
 * the engine's filter (minus the stage, which per-stage rows carry natively), so a rep- or team-level value
 * (targets, leads needed) is computed the way a filtered report computes it. A second, unfiltered computation
 * split by every segment key supplies the near misses shown for an expectation that matches no row.
 */
import { computeKpis, type KpiConfig, type KpiInput, type KpiRow, type SegmentKey } from '../metrics';
import { kpiDefinition } from '../metrics/catalogue';
import type { Expectation } from '../simulator/scenario/types';
import {
  checkExpectation,
  closestRows,
  type ExpectationResult,
  erroredExpectation,
  type ProviderSegment,
  periodSpecOf,
} from './expectations';

/** Inputs to compute with: `windowed` (per-deal close facts) serves trailing windows, `calendar` the rest. */
export interface EvaluationInputs {
  calendar: KpiInput;
  windowed: KpiInput;
}

export interface EvaluationContext {
  inputs: EvaluationInputs;
  config: KpiConfig;
  now: number;
  timeZone: string;
  /** Scenario segment -> provider segment values. */
  segmentOf(e: Expectation): ProviderSegment;
}

const SPLIT_KEYS: readonly SegmentKey[] = ['pipeline', 'owner', 'team', 'source', 'direction', 'industry'];

/** A KPI computed over a trailing window (asked for, or by default) needs close facts at their exact instant. */
function isWindowed(e: Expectation): boolean {
  const spec = periodSpecOf(e);
  if (typeof spec === 'string') return spec.startsWith('last-');
  return spec === undefined && kpiDefinition(e.kpi).basis === 'window';
}

/** Evaluates every expectation; rows are memoised per KPI, period and filter. */
export function evaluateExpectations(expect: readonly Expectation[], ctx: EvaluationContext): ExpectationResult[] {
  const memo = new Map<string, KpiRow[]>();
  const compute = (e: Expectation, filter: ProviderSegment | null): KpiRow[] => {
    const spec = periodSpecOf(e);
    const key = JSON.stringify([e.kpi, spec ?? null, filter]);
    const cached = memo.get(key);
    if (cached) return cached;
    const rows = computeKpis(isWindowed(e) ? ctx.inputs.windowed : ctx.inputs.calendar, ctx.config, {
      now: ctx.now,
      timeZone: ctx.timeZone,
      kpis: [e.kpi],
      ...(spec === undefined ? {} : { periods: [spec] }),
      ...(filter === null ? { segmentBy: SPLIT_KEYS } : { filter: filter as Partial<Record<SegmentKey, string>> }),
    });
    memo.set(key, rows);
    return rows;
  };
  return expect.map((e, index) => {
    let segment: ProviderSegment;
    try {
      segment = ctx.segmentOf(e);
      kpiDefinition(e.kpi);
    } catch (err) {
      return erroredExpectation(index, e, err instanceof Error ? err.message : String(err));
    }
    const { stage: _stage, ...filter } = segment;
    try {
      const rows = compute(e, filter);
      const result = checkExpectation(index, e, segment, rows);
      if (result.status === 'fail' && result.row === null) {
        // Near misses from both computations: the filtered rows and the whole split by every key.
        result.closest = closestRows(e, segment, [...rows, ...compute(e, null)]);
      }
      return result;
    } catch (err) {
      return erroredExpectation(index, e, `cannot compute: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}
