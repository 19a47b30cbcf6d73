/**
 * Matching `expect` entries to KPI rows (defaults, tolerance, flags, closest rows), a bad scenario `config`
 * named by path, and an as-of replay through `verifyScenario`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/lib/errors';
import type { KpiRow } from '../../src/metrics';
import { loadScenario } from '../../src/simulator/scenario/load';
import type { Expectation } from '../../src/simulator/scenario/types';
import { checkExpectation, closestRows, measureOf, valueMatches } from '../../src/verify/expectations';
import { hubspotSegment } from '../../src/verify/model-rows';
import { verifyScenario } from '../../src/verify/run';

const row = (over: Partial<KpiRow>): KpiRow => ({
  kpi: 'win_rate',
  measure: 'by_count',
  period: '2026-02',
  segment: {},
  value: 0.5,
  unit: 'ratio',
  n: 4,
  flags: ['low_sample'],
  ...over,
});

const ROWS: KpiRow[] = [
  row({}),
  row({ measure: 'by_value', value: 0.4 }),
  row({ segment: { owner: '100000001' }, value: 1 }),
  row({ period: '2026-03', value: null }),
];

describe('expectation matching', () => {
  it('defaults the measure to the KPI main measure from the catalogue', () => {
    expect(measureOf({ kpi: 'win_rate' })).toBe('by_count');
    expect(measureOf({ kpi: 'won_revenue' })).toBe('amount');
    expect(measureOf({ kpi: 'won_revenue', measure: 'count' })).toBe('count');
    const r = checkExpectation(0, { kpi: 'win_rate', period: '2026-02', value: 0.5 }, {}, ROWS);
    expect(r.status).toBe('pass');
    expect(r.row?.measure).toBe('by_count');
  });

  it('accepts any period label when the expectation leaves the period to the KPI default', () => {
    expect(checkExpectation(0, { kpi: 'win_rate', value: 0.5 }, {}, [row({ period: '2026-06' })]).status).toBe('pass');
  });

  it('compares exactly to 1e-9 relative by default, and with the absolute tolerance when one is given', () => {
    expect(valueMatches(0.3, 0.1 + 0.2)).toBe(true);
    expect(valueMatches(833.33, 833.3333333)).toBe(false);
    expect(valueMatches(833.33, 833.3333333, 0.01)).toBe(true);
    expect(valueMatches(null, null)).toBe(true);
    expect(valueMatches(0, null)).toBe(false);
    expect(valueMatches(null, 0)).toBe(false);
  });

  it('tells a null (no denominator) apart from a 0', () => {
    const r = checkExpectation(0, { kpi: 'win_rate', period: '2026-03', value: 0 }, {}, ROWS);
    expect(r.status).toBe('fail');
    expect(r.problems[0]).toMatch(/expected 0, got null/);
  });

  it('checks flags that must be present and flags that must be absent', () => {
    const e: Expectation = { kpi: 'win_rate', period: '2026-02', flags: ['low_sample', 'provisional'] };
    expect(checkExpectation(0, e, {}, ROWS).problems).toEqual(['flag provisional missing']);
    const absent: Expectation = { kpi: 'win_rate', period: '2026-02', flagsAbsent: ['low_sample'] };
    expect(checkExpectation(0, absent, {}, ROWS).problems).toEqual(['flag low_sample present']);
  });

  it('matches the segment with provider values, and lets per-stage rows carry their pipeline', () => {
    const owner = checkExpectation(0, { kpi: 'win_rate', period: '2026-02', value: 1 }, { owner: '100000001' }, ROWS);
    expect(owner.status).toBe('pass');
    const stageRow = row({ kpi: 'open_deals_by_stage', measure: 'count', segment: { pipeline: 'p', stage: 's' } });
    delete stageRow.period;
    const e: Expectation = { kpi: 'open_deals_by_stage', value: 0.5 };
    expect(checkExpectation(0, e, { stage: 's' }, [stageRow]).status).toBe('pass');
    expect(checkExpectation(0, e, { stage: 's', pipeline: 'other' }, [stageRow]).status).toBe('fail');
  });

  it('shows the three closest rows when nothing matches, nearest first', () => {
    const e: Expectation = { kpi: 'win_rate', period: '2026-02', segment: { owner: 'bob' }, value: 1 };
    const r = checkExpectation(0, e, { owner: '100000002' }, ROWS);
    expect(r.status).toBe('fail');
    expect(r.got).toBe('no row');
    expect(r.closest).toHaveLength(3);
    expect(r.closest[0]).toEqual(ROWS[2]);
    expect(closestRows(e, { owner: '100000002' }, ROWS, 1)).toEqual([ROWS[2]]);
  });

  it('translates scenario ids to the ids and values HubSpot serves', () => {
    const { model } = loadScenario(readFileSync('test/scenarios/quickstart.yaml', 'utf8'));
    expect(
      hubspotSegment(model, { owner: 'bob', stage: 'demo', team: 'east', source: 'prospecting', industry: 'Software' }),
    ).toEqual({ owner: '100000002', stage: '710000002', team: '900001', source: 'OFFLINE', industry: 'SOFTWARE' });
  });
});

/** A copy of the quickstart scenario with another `config` / `expect` tail. */
function quickstartWith(tail: string): string {
  const text = readFileSync('test/scenarios/quickstart.yaml', 'utf8');
  const head = text.slice(0, text.indexOf('\nexpect:') + 1);
  const file = join(mkdtempSync(join(tmpdir(), 'pulse-verify-test-')), 'scenario.yaml');
  writeFileSync(file, head + tail);
  return file;
}

describe('verifyScenario', () => {
  it('rejects a bad config before serving anything, naming config.<path>', async () => {
    const file = quickstartWith('config:\n  targets: [{ anual: 1000 }]\n  fiscalYear: { startMonth: 13 }\n');
    const err = await verifyScenario(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const issues = (err as ConfigError).issues.join('\n');
    expect(issues).toMatch(/^config\.targets\[0\]\.anual: unknown key \(did you mean annual\?\)/m);
    expect(issues).toMatch(/^config\.fiscalYear\.startMonth: /m);
  });

  it('rejects a config label the CRM does not know, naming its path', async () => {
    const file = quickstartWith('config:\n  stageRoles:\n    New business: { proposal: Proposl }\n');
    const err = await verifyScenario(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues[0]).toMatch(
      /^config\.stageRoles\.New business\.proposal: unknown stage "Proposl"/,
    );
  });

  it('replays the store as of an earlier instant (quickstart as of 2026-02-15)', async () => {
    // As of Feb 15: d1 won (Feb 9); d2 open in proposal (won Feb 24); d3 in qualify (demo Feb 16); d4 created
    // Feb 10; d5, d6 not created yet. Amounts are today's (spec): d2 2,000 USD x 0.9 = 1,800.
    const file = quickstartWith(
      [
        'expect:',
        '  - { kpi: open_deals_by_stage, value: 3 }',
        '  - { kpi: open_deals_by_stage, segment: { stage: qualify }, value: 2 }',
        '  - { kpi: open_deals_by_stage, segment: { stage: proposal }, value: 1 }',
        '  - { kpi: open_value_by_stage, value: 4100 }                  # 1,800 + 1,500 + 800',
        '  - { kpi: open_value_by_stage, measure: weighted, value: 1900 } # 1,440 + 300 + 160',
        '  - { kpi: won_revenue, period: 2026-02, value: 1000 }         # d1 only',
        '  - { kpi: win_rate, period: 2026-02, value: 1 }               # d3 is lost only on Feb 27',
        '',
      ].join('\n'),
    );
    const result = await verifyScenario(file, { asOf: Date.parse('2026-02-15T00:00:00Z') });
    const failures = result.providers[0]?.expectations.filter((e) => e.status !== 'pass') ?? [];
    expect(failures.map((f) => `${f.label}: ${f.problems.join('; ')}`)).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
