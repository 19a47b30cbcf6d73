/**
 * The kpis job against a real SQLite file holding the quickstart story: the whole catalogue as of an instant,
 * snapshots stored idempotently per (connection, as of), and last week's value found from history.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runKpis } from '../../src/jobs/kpis';
import { after, JOB_HANDLERS, JOB_ORDER } from '../../src/jobs/registry';
import { silentLogger } from '../../src/lib/logger';
import { DAY_MS } from '../../src/lib/time';
import { KPI_IDS, type KpiRow, withKpiDefaults } from '../../src/metrics';
import { closeStore, type Db, openStore } from '../../src/storage/db';
import { previousSnapshot, segmentKey, snapshotRuns } from '../../src/storage/repositories/kpi-snapshots';
import { QUICKSTART_NOW, seedQuickstart } from '../storage/quickstart-store';

let db: Db;
beforeEach(() => {
  db = openStore({ path: join(mkdtempSync(join(tmpdir(), 'pulse-kpis-job-')), 'p.db') });
  seedQuickstart(db, 'main');
});
afterEach(() => closeStore(db));

const deps = (now: number) => ({
  db,
  log: silentLogger(),
  now: () => now,
  config: withKpiDefaults({ currency: 'EUR' }),
});
const stored = (asOf: number): number =>
  db.$client.prepare<[number], { n: number }>('SELECT count(*) AS n FROM kpi_snapshots WHERE as_of = ?').get(asOf)?.n ??
  0;
const find = (rows: KpiRow[], kpi: string, measure: string, period?: string) =>
  rows.find(
    (r) =>
      r.kpi === kpi &&
      r.measure === measure &&
      (period === undefined || r.period === period) &&
      Object.keys(r.segment).length === 0,
  );

describe('runKpis', () => {
  it('computes every KPI of the catalogue as of now and stores one snapshot row per value', async () => {
    const { rows, snapshotAt } = await runKpis({ connection: 'main' }, deps(QUICKSTART_NOW));
    expect(snapshotAt).toBe(QUICKSTART_NOW);
    // danger_points has no row: its default cohort (deals created in 2025-Q4) is empty.
    expect(new Set(rows.map((r) => r.kpi))).toEqual(new Set(KPI_IDS.filter((k) => k !== 'danger_points')));
    expect(stored(QUICKSTART_NOW)).toBe(rows.length);
    // KPIs that need config say which key to set instead of a fake value.
    const referral = rows.find((r) => r.kpi === 'referral_6m_rate');
    expect(referral?.flags).toContain('needs_setup');
    expect(referral?.setup).toContain('kpis.referrerProperty');
  });

  it('gives the quickstart expectations for explicit periods, and null for March win rate', async () => {
    const { rows } = await runKpis({ connection: 'main', periods: ['2026-02', '2026-03'] }, deps(QUICKSTART_NOW));
    expect(find(rows, 'won_revenue', 'amount', '2026-02')?.value).toBe(2800);
    expect(find(rows, 'win_rate', 'by_count', '2026-02')?.value).toBeCloseTo(0.666667, 6);
    expect(find(rows, 'win_rate', 'by_count', '2026-03')?.value).toBeNull();
    expect(find(rows, 'sales_cycle_days', 'mean', '2026-02')?.value).toBe(35);
  });

  it('replaces the rows of a run computed again for the same instant', async () => {
    const first = await runKpis({ connection: 'main' }, deps(QUICKSTART_NOW));
    await runKpis({ connection: 'main' }, deps(QUICKSTART_NOW + 60_000));
    await runKpis({ connection: 'main', asOf: QUICKSTART_NOW }, deps(QUICKSTART_NOW + 120_000));
    expect(stored(QUICKSTART_NOW)).toBe(first.rows.length);
    expect(snapshotRuns(db, 'main')).toEqual([QUICKSTART_NOW + 60_000, QUICKSTART_NOW]);
  });

  it('replays the past with asOf: on Feb 20 only d1 had been won', async () => {
    const asOf = Date.parse('2026-02-20T00:00:00Z');
    const { rows } = await runKpis({ connection: 'main', asOf, periods: ['2026-02'] }, deps(QUICKSTART_NOW));
    expect(find(rows, 'won_revenue', 'amount', '2026-02')?.value).toBe(1000);
    expect(stored(asOf)).toBe(rows.length);
  });

  it("finds last week's value: the latest snapshot at least 7 days older", async () => {
    const base = Date.parse('2026-02-20T00:00:00Z');
    await runKpis({ connection: 'main', asOf: base, periods: ['2026-02'] }, deps(QUICKSTART_NOW));
    await runKpis({ connection: 'main', asOf: base + 5 * DAY_MS, periods: ['2026-02'] }, deps(QUICKSTART_NOW));
    const lookup = (before: number) => previousSnapshot(db, 'main', 'won_revenue', 'amount', '2026-02', {}, before);
    // 7 days after the first run: it counts; 5 days after the second: too recent (d2 was won on Feb 24 in between), the first still wins.
    expect(lookup(base + 7 * DAY_MS)).toEqual({ value: 1000, asOf: base });
    expect(lookup(base + 12 * DAY_MS)).toEqual({ value: 2800, asOf: base + 5 * DAY_MS });
    expect(lookup(base + 6 * DAY_MS)).toBeNull();
    expect(previousSnapshot(db, 'main', 'won_revenue', 'amount', '2026-03', {}, base + 30 * DAY_MS)).toBeNull();
  });

  it('stores segments with sorted keys, so a lookup matches whatever the key order', async () => {
    expect(segmentKey({ team: 'east', owner: 'alice' })).toBe(segmentKey({ owner: 'alice', team: 'east' }));
    const base = Date.parse('2026-02-28T00:00:00Z');
    await runKpis({ connection: 'main', asOf: base, periods: ['2026-02'], segmentBy: ['owner'] }, deps(base));
    const alice = previousSnapshot(
      db,
      'main',
      'won_revenue',
      'amount',
      '2026-02',
      { owner: 'alice' },
      base + 8 * DAY_MS,
    );
    expect(alice?.value).toBe(1000);
  });
});

describe('job registry', () => {
  it('maps sync then kpis to their handlers and names the jobs planned after kpis', () => {
    expect(JOB_ORDER).toEqual(['sync', 'kpis']);
    expect(JOB_HANDLERS.kpis).toBe(runKpis);
    expect(after.kpis).toEqual(['writeback', 'digest']);
  });
});
