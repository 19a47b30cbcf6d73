/**
 * The expect section of docs/examples/quickstart.yaml, computed from rows built by hand from that file
 * (fixtures.ts). Each expectation carries its arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { computeKpis } from '../../src/metrics';
import { connectRate, conversations, prospectCalls } from '../../src/metrics/activity';
import { openDealsByStage, openValueByStage } from '../../src/metrics/pipeline';
import { avgRevenuePerSale, salesCycleDays, winRate, wonRevenue } from '../../src/metrics/revenue';
import { pick, quickstart, quickstartConfig, quickstartCtx } from './fixtures';

const input = quickstart();
const config = quickstartConfig();

describe('quickstart scenario', () => {
  it('sums February wins in EUR: 1000 + 2000 USD × 0.9 = 2800 over 2 deals', () => {
    const rows = wonRevenue(input, config, quickstartCtx({ period: '2026-02' }));
    expect(pick(rows, 'amount').value).toBe(2800);
    expect(pick(rows, 'count').value).toBe(2);
    expect(pick(rows, 'amount').period).toBe('2026-02');
  });

  it('sums the first quarter to the same 2800 because March won nothing', () => {
    expect(pick(wonRevenue(input, config, quickstartCtx({ period: '2026-Q1' })), 'amount').value).toBe(2800);
  });

  it('gives a February win rate of 2/3 by count with low_sample, and 2800/4300 by value', () => {
    const rows = winRate(input, config, quickstartCtx({ period: '2026-02' }));
    const byCount = pick(rows, 'by_count');
    expect(byCount.value).toBeCloseTo(0.666667, 6);
    expect(byCount.n).toBe(3);
    expect(byCount.flags).toContain('low_sample');
    expect(pick(rows, 'by_value').value).toBeCloseTo(0.651163, 6);
  });

  it('gives a null win rate, not 0, for March when nothing closed', () => {
    expect(pick(winRate(input, config, quickstartCtx({ period: '2026-03' })), 'by_count').value).toBeNull();
  });

  it('gives a null win rate for a week with no closed deal', () => {
    const row = pick(winRate(input, config, quickstartCtx({ period: '2026-W10' })), 'by_count');
    expect(row.value).toBeNull();
    expect(row.period).toBe('2026-W10');
  });

  it('averages 2800 / 2 = 1400 per sale in February', () => {
    expect(pick(avgRevenuePerSale(input, config, quickstartCtx({ period: '2026-02' })), 'mean').value).toBe(1400);
  });

  it('measures both February cycles at exactly 35 days', () => {
    const rows = salesCycleDays(input, config, quickstartCtx({ period: '2026-02' }));
    expect(pick(rows, 'mean').value).toBe(35);
    expect(pick(rows, 'median').value).toBe(35);
  });

  it('counts one open deal in each stage now: d5 qualify, d4 demo, d6 proposal', () => {
    const rows = openDealsByStage(input, config, quickstartCtx());
    expect(pick(rows, 'count', { stage: 'qualify' }).value).toBe(1);
    expect(pick(rows, 'count', { stage: 'demo' }).value).toBe(1);
    expect(pick(rows, 'count', { stage: 'proposal' }).value).toBe(1);
    expect(pick(rows, 'count').value).toBe(3);
  });

  it('replays the stage log as of 15 February: d2 in proposal, d3 and d4 in qualify', () => {
    // 15 Feb: d1 won on 9 Feb (gone), d2 in proposal since 2 Feb, d3 in qualify until 16 Feb, d4 in qualify.
    const rows = openDealsByStage(input, config, quickstartCtx({ now: Date.parse('2026-02-15T12:00:00Z') }));
    expect(pick(rows, 'count', { stage: 'qualify' }).value).toBe(2);
    expect(pick(rows, 'count', { stage: 'proposal' }).value).toBe(1);
    expect(rows.some((r) => r.measure === 'count' && r.segment.stage === 'demo')).toBe(false);
  });

  it('counts first literal entries in a period whatever the status now', () => {
    // February: qualify d3 (2 Feb), d4 (10 Feb); demo d3 (16 Feb); proposal d2 (2 Feb).
    const rows = openDealsByStage(input, config, quickstartCtx({ period: '2026-02' }));
    expect(pick(rows, 'first_entered', { stage: 'qualify' }).value).toBe(2);
    expect(pick(rows, 'first_entered', { stage: 'demo' }).value).toBe(1);
    expect(pick(rows, 'first_entered', { stage: 'proposal' }).value).toBe(1);
  });

  it('weights open value by stage probability: 1200 × 0.8 = 960 in proposal, 1460 in all', () => {
    const rows = openValueByStage(input, config, quickstartCtx());
    expect(pick(rows, 'weighted', { stage: 'proposal' }).value).toBeCloseTo(960, 9);
    expect(pick(rows, 'weighted').value).toBeCloseTo(100 + 400 + 960, 9);
    expect(pick(rows, 'unweighted').value).toBe(2500);
  });

  it('counts alice’s January conversations: the 300 s connected call and the completed meeting', () => {
    const rows = conversations(input, config, quickstartCtx({ period: '2026-01', segmentBy: ['owner'] }));
    expect(pick(rows, 'count', { owner: 'alice' }).value).toBe(2);
    // bob's only January call found no one: no conversation.
    expect(pick(rows, 'count', { owner: 'bob' }).value).toBe(0);
  });

  it('counts both January calls as prospect calls and a 1/2 connect rate with low_sample', () => {
    expect(pick(prospectCalls(input, config, quickstartCtx({ period: '2026-01' })), 'count').value).toBe(2);
    const rate = pick(connectRate(input, config, quickstartCtx({ period: '2026-01' })), 'rate');
    expect(rate.value).toBe(0.5);
    expect(rate.flags).toContain('low_sample');
  });

  it('runs the whole catalogue as of now without a fake zero for an empty rate', () => {
    const rows = computeKpis(input, config, quickstartCtx({ segmentBy: ['owner', 'direction'] }));
    expect(rows.length).toBeGreaterThan(50);
    for (const r of rows) {
      if (r.unit === 'ratio' && r.n === 0 && !r.flags.includes('needs_setup')) expect(r.value).toBeNull();
    }
  });
});
