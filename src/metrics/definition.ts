/**
 * The shape of a catalogue entry, apart from the catalogue so family folders can declare their entries without an
 * import cycle.
 */
import type { KpiConfig } from './config';
import type { KpiContext, KpiInput, KpiRow } from './types';

/** A KPI: a pure function of rows, config and context (which carries `now`). */
export type KpiFunction = (input: KpiInput, config: KpiConfig, ctx: KpiContext) => KpiRow[];

/** Config a KPI cannot do without; absent, the KPI answers `needs_setup` naming the key. */
export type ConfigNeed =
  | 'targets'
  | 'stageRoles.qualified'
  | 'stageRoles.proposal'
  | 'referrerProperty'
  | 'spend'
  | 'grossMargin'
  | 'customerLifetimeYears';

export interface KpiDefinition {
  id: string;
  /** The measure a row without `measure` refers to. */
  mainMeasure: string;
  /** Unit of the main measure; `currency` = the reporting currency code. */
  unit: string;
  /** `period`: events dated in the period; `cohort`: a group followed forward; `snapshot`: state at now. */
  basis: 'period' | 'cohort' | 'snapshot' | 'window';
  /** What the KPI uses when no period is asked for. */
  defaultPeriod: string;
  /** Config keys without which the KPI (or one of its measures) is needs_setup. */
  needs: readonly ConfigNeed[];
  /** Input collections read; `deals*` = per-deal rows with visits (not replaceable by pre-aggregated facts). */
  inputs: readonly string[];
  compute: KpiFunction;
}
