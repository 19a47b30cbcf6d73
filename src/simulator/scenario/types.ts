import type { SimModel } from '../model';

/** A segment of a KPI value, with the scenario's ids. */
export interface ExpectationSegment {
  pipeline?: string;
  stage?: string;
  owner?: string;
  team?: string;
  source?: string;
  direction?: 'inbound' | 'outbound';
  industry?: string;
}

/** One `expect` item: a value of the KPI output and what it must be (docs/scenarios.md). */
export interface Expectation {
  kpi: string;
  /** Omitted: the KPI's main measure. */
  measure?: string;
  /** `2026-W05`, `2026-03`, `2026-Q1`, `FY2027`, `FY2027-Q1`, or half-open `{ from, to }` dates. */
  period?: string | { from: string; to: string };
  /** A trailing window `last-<N>d`: [now − N × 24 h, now). */
  window?: string;
  segment?: ExpectationSegment;
  /** A number, or null for "no value" (zero denominator). Omitted: only flags are checked. */
  value?: number | null;
  /** Absolute tolerance; omitted: exact to 1e-9 relative. */
  tolerance?: number;
  flags?: string[];
  flagsAbsent?: string[];
  /** The providers that can carry this data; omitted: all. */
  providers?: ('hubspot' | 'pipedrive')[];
}

/** A loaded scenario: the ground-truth model plus the file's optional `config` and `expect` sections. */
export interface Scenario {
  model: SimModel;
  /** The raw `config` object (validated by the config module), or null when the file has none. */
  config: Record<string, unknown> | null;
  expect: Expectation[];
}
