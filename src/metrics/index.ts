/**
 * The KPI engine's entry point. Every KPI is a pure function of rows, config and an explicit `now`; nothing here
 * reads the clock, the disk or the network (the store feeds rows, the CLI passes `--as-of`).
 *
 * Input collections may be iterated more than once, so they must be re-iterable (arrays, or objects whose
 * `[Symbol.iterator]` re-runs a streaming query). KPIs keep small state: accumulators per segment, a few numbers
 * per customer, contact or referred deal, and indexes of conversations and of deals referenced by leads.
 * Intermediates several KPIs derive alike (customer facts, funnel cohorts, activity counts) are computed once per
 * run and shared (shared.ts), so a run walks each collection a few times, not once per KPI.
 */
import type { PeriodSpec } from '../lib/periods';
import { KPI_CATALOGUE, kpiDefinition } from './catalogue';
import type { KpiConfig } from './config';
import type { KpiContext, KpiInput, KpiRow } from './types';

export { KPI_CATALOGUE, KPI_IDS, kpiDefinition, missingConfig } from './catalogue';
export type { ConversationRules, KpiConfig, StageRoles, TargetRow } from './config';
export { DEFAULT_CONVERSATION_RULES, DEFAULT_SOURCE_DIRECTIONS, withKpiDefaults } from './config';
export type { ConfigNeed, KpiDefinition, KpiFunction } from './definition';
export type { Dims, Segmented } from './segments';
export { NONE, segmentBy } from './segments';
export { SweepingMemo, segmentationKey, shared } from './shared';
export type * from './types';

/**
 * What to compute: which KPIs (default all) over which periods (default each KPI's own). `shared` may be passed to
 * share intermediates across several calls over the same input (the kpis job computes one KPI per call).
 */
export interface ComputeOptions extends Omit<KpiContext, 'period'> {
  kpis?: readonly string[];
  /** Each KPI runs once per period; omitted = once with its default period. */
  periods?: readonly PeriodSpec[];
}

/** Runs the catalogue (or the listed KPIs) for every requested period and segment. */
export function computeKpis(input: KpiInput, config: KpiConfig, options: ComputeOptions): KpiRow[] {
  const defs = options.kpis ? options.kpis.map(kpiDefinition) : KPI_CATALOGUE;
  const { kpis: _kpis, periods, ...rest } = options;
  const base: KpiContext = { ...rest, shared: options.shared ?? new Map() };
  const rows: KpiRow[] = [];
  for (const def of defs) {
    if (!periods || periods.length === 0) {
      rows.push(...def.compute(input, config, base));
      continue;
    }
    for (const period of periods) {
      const ctx: KpiContext = { ...base, period };
      rows.push(...def.compute(input, config, ctx));
    }
  }
  return rows;
}
