/**
 * Matching a scenario's `expect` entries with KPI output rows: on kpi, measure (default: the KPI's main measure),
 * period or window (default: the KPI's default, so any label) and segment (the scenario's ids translated to the
 * provider's values), then checking value, tolerance and flags. A miss reports the three closest rows, so a
 * wrong segment or period label is visible at a glance.
 */
import { periodKey } from '../lib/periods';
import { kpiDefinition } from '../metrics/catalogue';
import type { KpiRow } from '../metrics/types';
import type { Expectation, ExpectationSegment } from '../simulator/scenario/types';

/** Provider-side segment values of an expectation (`{ owner: '100000001' }`). */
export type ProviderSegment = Record<string, string>;

/** Default relative tolerance: "exact" up to floating-point noise. */
export const RELATIVE_EPSILON = 1e-9;

export interface ExpectationResult {
  /** Position in the scenario's `expect` list. */
  index: number;
  expectation: Expectation;
  /** `win_rate.by_count 2026-02 {owner: alice}`: the expectation in one line, with scenario ids. */
  label: string;
  status: 'pass' | 'fail' | 'skip';
  /** The expected value (and flags) as text. */
  expected: string;
  /** What the matching row holds, or `no row`. */
  got: string;
  row: KpiRow | null;
  /** Why it failed (value, flags, no row, compute error) or why it was skipped. */
  problems: string[];
  /** Rows nearest to the expectation when none matched (at most 3). */
  closest: KpiRow[];
}

/** The measure an expectation refers to: its own, else the KPI's main measure. */
export function measureOf(e: Pick<Expectation, 'kpi' | 'measure'>): string {
  return e.measure ?? kpiDefinition(e.kpi).mainMeasure;
}

/** The period spec to compute with: the period, the window, or undefined for the KPI's default. */
export function periodSpecOf(e: Expectation): string | { from: string; to: string } | undefined {
  return e.period ?? e.window;
}

const segmentText = (s: Record<string, string> | ExpectationSegment | undefined): string => {
  const entries = Object.entries(s ?? {});
  return entries.length === 0 ? '' : ` {${entries.map(([k, v]) => `${k}: ${String(v)}`).join(', ')}}`;
};

/** One-line description of an expectation. */
export function expectationLabel(e: Expectation): string {
  const spec = periodSpecOf(e);
  const when = spec === undefined ? '' : ` ${periodKey(spec)}`;
  return `${e.kpi}.${measureOf(e)}${when}${segmentText(e.segment)}`;
}

/** One-line description of an output row. */
export function rowLabel(r: KpiRow): string {
  const when = r.period !== undefined ? ` ${periodKey(r.period)}` : r.window !== undefined ? ` ${r.window}` : '';
  const flags = r.flags.length > 0 ? ` [${r.flags.join(', ')}]` : '';
  return `${r.kpi}.${r.measure}${when}${segmentText(r.segment)} = ${formatValue(r.value)} (n=${r.n})${flags}`;
}

/** Numbers as compact text (6 significant digits at most); null as `null`. */
export function formatValue(v: number | null | undefined): string {
  if (v === undefined) return '-';
  if (v === null) return 'null';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** True when `got` equals `want` within the absolute tolerance, else exactly up to 1e-9 relative. */
export function valueMatches(want: number | null, got: number | null, tolerance?: number): boolean {
  if (want === null || got === null) return want === got;
  const diff = Math.abs(want - got);
  if (tolerance !== undefined) return diff <= tolerance + RELATIVE_EPSILON * Math.abs(want);
  return diff <= RELATIVE_EPSILON * Math.max(Math.abs(want), Math.abs(got));
}

function periodMatches(e: Expectation, r: KpiRow): boolean {
  if (e.period !== undefined) return r.period !== undefined && periodKey(r.period) === periodKey(e.period);
  if (e.window !== undefined) return r.window === e.window;
  return true;
}

/**
 * The row's segment equals the expected one. Per-stage rows also carry `pipeline` when several pipelines are in
 * scope: an expectation naming only the stage still matches them (stage ids are unique across pipelines).
 */
export function segmentMatches(want: ProviderSegment, got: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(want), ...Object.keys(got)]);
  for (const k of keys) {
    if (k === 'pipeline' && want.pipeline === undefined && want.stage !== undefined) continue;
    if (want[k] !== got[k]) return false;
  }
  return true;
}

/** Rows that match the expectation on kpi, measure, period and segment. */
export function matchingRows(e: Expectation, segment: ProviderSegment, rows: readonly KpiRow[]): KpiRow[] {
  const measure = measureOf(e);
  return rows.filter(
    (r) => r.kpi === e.kpi && r.measure === measure && periodMatches(e, r) && segmentMatches(segment, r.segment),
  );
}

/** Distance used to rank near misses: measure, then period, then segment keys, then the value. */
function distance(e: Expectation, segment: ProviderSegment, r: KpiRow): number {
  let d = 0;
  if (r.kpi !== e.kpi) d += 1000;
  if (r.measure !== measureOf(e)) d += 100;
  if (!periodMatches(e, r)) d += 30;
  const keys = new Set([...Object.keys(segment), ...Object.keys(r.segment)]);
  for (const k of keys) if (segment[k] !== r.segment[k]) d += 10;
  if (typeof e.value === 'number' && r.value !== null) d += Math.min(9, Math.abs(e.value - r.value));
  return d;
}

/** The `count` rows nearest to the expectation (same KPI first). */
export function closestRows(e: Expectation, segment: ProviderSegment, rows: readonly KpiRow[], count = 3): KpiRow[] {
  return rows
    .map((r, i) => ({ r, i, d: distance(e, segment, r) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, count)
    .map((x) => x.r);
}

function expectedText(e: Expectation): string {
  const parts: string[] = [];
  if (e.value !== undefined) parts.push(formatValue(e.value) + (e.tolerance !== undefined ? ` ±${e.tolerance}` : ''));
  if (e.flags && e.flags.length > 0) parts.push(`[${e.flags.join(', ')}]`);
  if (e.flagsAbsent && e.flagsAbsent.length > 0) parts.push(`not [${e.flagsAbsent.join(', ')}]`);
  return parts.join(' ') || '(a row)';
}

/**
 * Checks one expectation against the computed rows.
 *
 * @param segment - the expectation's segment with provider values (see `translateSegment`)
 * @param rows - rows computed for this expectation's KPI and period (plus any rows worth showing as near misses)
 */
export function checkExpectation(
  index: number,
  e: Expectation,
  segment: ProviderSegment,
  rows: readonly KpiRow[],
): ExpectationResult {
  const base = { index, expectation: e, label: expectationLabel(e), expected: expectedText(e) };
  const row = matchingRows(e, segment, rows)[0] ?? null;
  if (row === null) {
    return {
      ...base,
      status: 'fail',
      got: 'no row',
      row,
      problems: ['no output row matches kpi, measure, period and segment'],
      closest: closestRows(e, segment, rows),
    };
  }
  const problems: string[] = [];
  if (e.value !== undefined && !valueMatches(e.value, row.value, e.tolerance)) {
    problems.push(
      `value: expected ${expectedText({ ...e, flags: [], flagsAbsent: [] })}, got ${formatValue(row.value)}`,
    );
  }
  for (const f of e.flags ?? []) if (!(row.flags as readonly string[]).includes(f)) problems.push(`flag ${f} missing`);
  for (const f of e.flagsAbsent ?? [])
    if ((row.flags as readonly string[]).includes(f)) problems.push(`flag ${f} present`);
  const flags = row.flags.length > 0 ? ` [${row.flags.join(', ')}]` : '';
  return {
    ...base,
    status: problems.length === 0 ? 'pass' : 'fail',
    got: `${formatValue(row.value)}${flags}`,
    row,
    problems,
    closest: problems.length === 0 ? [] : [row],
  };
}

/** A skipped expectation (a provider that cannot carry the data, or no simulator for it). */
export function skippedExpectation(index: number, e: Expectation, reason: string): ExpectationResult {
  return {
    index,
    expectation: e,
    label: expectationLabel(e),
    status: 'skip',
    expected: expectedText(e),
    got: '-',
    row: null,
    problems: [reason],
    closest: [],
  };
}

/** A failed expectation whose rows could not be computed (bad period label, unknown KPI...). */
export function erroredExpectation(index: number, e: Expectation, message: string): ExpectationResult {
  return { ...skippedExpectation(index, e, message), status: 'fail', got: 'error' };
}
