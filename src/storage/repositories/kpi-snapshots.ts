/**
 * Stored KPI values, one row per output row of a run. A run is keyed by (connection, as_of): storing it again
 * replaces that run's rows, so a retried or repeated job never duplicates a value. Trends come from this history
 * (the change since the previous week's snapshot), never from recomputing the past.
 */
import { periodKey } from '../../lib/periods';
import { WEEK_MS } from '../../lib/time';
import type { KpiRow } from '../../metrics/types';
import type { Db } from '../db';

/** The segment as stored: JSON with sorted keys, so equal segments compare equal as text. */
export function segmentKey(segment: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(segment).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** The period column: the period or window label (`2026-02`, `last-90d`, `from..to`), '' for snapshot rows. */
export function periodColumn(row: Pick<KpiRow, 'period' | 'window'>): string {
  const label = row.period ?? row.window;
  return label === undefined ? '' : periodKey(label);
}

/** Replaces the snapshot of (connection, asOf) with `rows`, in one transaction. Returns the rows written. */
export function replaceKpiSnapshots(
  db: Db,
  connection: string,
  asOf: number,
  computedAt: number,
  rows: readonly KpiRow[],
): number {
  const sqlite = db.$client;
  const remove = sqlite.prepare('DELETE FROM kpi_snapshots WHERE connection = ? AND as_of = ?');
  const insert = sqlite.prepare(
    `INSERT INTO kpi_snapshots (connection, kpi, measure, period, segment, value, unit, n, flags, as_of, computed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    remove.run(connection, asOf);
    for (const r of rows) {
      insert.run(
        connection,
        r.kpi,
        r.measure,
        periodColumn(r),
        segmentKey(r.segment),
        r.value,
        r.unit,
        r.n,
        JSON.stringify(r.flags),
        asOf,
        computedAt,
      );
    }
  })();
  return rows.length;
}

/** A stored value and the instant it was computed as of. */
export interface SnapshotValue {
  value: number | null;
  asOf: number;
}

/** How much older than the current run a snapshot must be to count as "last week's". */
export const PREVIOUS_SNAPSHOT_AGE_MS = WEEK_MS;

/**
 * The latest stored value of (kpi, measure, period, segment) computed as of at least 7 days before `before`, or
 * null when there is none. `period` is the row's period or window label ('' for snapshot rows).
 */
export function previousSnapshot(
  db: Db,
  connection: string,
  kpi: string,
  measure: string,
  period: string,
  segment: Readonly<Record<string, string>>,
  before: number,
): SnapshotValue | null {
  const row = db.$client
    .prepare<unknown[], { value: number | null; asOf: number }>(
      `SELECT value, as_of AS asOf FROM kpi_snapshots
       WHERE connection = ? AND kpi = ? AND measure = ? AND segment = ? AND period = ? AND as_of <= ?
       ORDER BY as_of DESC LIMIT 1`,
    )
    .get(connection, kpi, measure, segmentKey(segment), period, before - PREVIOUS_SNAPSHOT_AGE_MS);
  return row ?? null;
}

/** Distinct as-of instants stored for a connection, newest first (what `pulse kpis` can compare against). */
export function snapshotRuns(db: Db, connection: string): number[] {
  return db.$client
    .prepare<[string], { asOf: number }>(
      'SELECT DISTINCT as_of AS asOf FROM kpi_snapshots WHERE connection = ? ORDER BY as_of DESC',
    )
    .all(connection)
    .map((r) => r.asOf);
}
