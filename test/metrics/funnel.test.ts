/**
 * Funnel stories on a booked -> showed -> met -> (won) pipeline, created in 2025-Q4 and read as of 2026-01-15 in
 * Paris, so the default danger-points period (last completed quarter) is 2025-Q4.
 */
import { describe, expect, it } from 'vitest';
import { withKpiDefaults } from '../../src/metrics/config';
import { analyseSteps, dangerPoints, proposalLossRate, stageConversion } from '../../src/metrics/funnel';
import type { DealRow, KpiInput } from '../../src/metrics/types';
import { deal, PARIS, pick, stagesOf, t, visits } from './fixtures';

const NOW = t('2026-01-15T12:00:00Z');
const STAGES = stagesOf('sales', ['booked', 'showed', 'met']);
const ctx = { now: NOW, timeZone: PARIS };

/** 100 booked -> 90 showed -> 50 met -> 20 won, all created on 1 Nov 2025. */
function hundredDeals(): DealRow[] {
  const out: DealRow[] = [];
  const created = '2025-11-01T10:00:00Z';
  for (let i = 0; i < 100; i += 1) {
    const steps: [string, string][] = [['booked', created]];
    if (i < 90) steps.push(['showed', '2025-11-05T10:00:00Z']);
    if (i < 50) steps.push(['met', '2025-11-10T10:00:00Z']);
    const won = i < 20;
    const id = `d${i}`;
    out.push(
      deal({
        id,
        createdAt: t(created),
        status: won ? 'won' : 'lost',
        wonAt: won ? t('2025-11-20T10:00:00Z') : null,
        lostAt: won ? null : t('2025-11-21T10:00:00Z'),
        visits: visits(id, 'sales', steps, won ? '2025-11-20T10:00:00Z' : '2025-11-21T10:00:00Z'),
      }),
    );
  }
  return out;
}

describe('danger points', () => {
  it('finds 90 %, 55.6 %, 40 %, overall 20 %, the largest loss at showed -> met and the lowest rate at met -> closed', () => {
    const a = analyseSteps([100, 90, 50, 20]);
    expect(a.rates[0]).toBeCloseTo(0.9, 12);
    expect(a.rates[1]).toBeCloseTo(0.5556, 4);
    expect(a.rates[2]).toBeCloseTo(0.4, 12);
    expect(a.overall).toBeCloseTo(0.2, 12);
    expect(a.losses).toEqual([10, 40, 30]);
    expect(a.largest).toBe(1);
    expect(a.lowest).toBe(2);
  });

  it('computes the same from deals created in the last completed quarter and flags the steps', () => {
    const rows = dangerPoints({ deals: hundredDeals(), stages: STAGES }, withKpiDefaults(), ctx);
    expect(pick(rows, 'overall').period).toBe('2025-Q4');
    expect(pick(rows, 'overall').value).toBeCloseTo(0.2, 12);
    expect(pick(rows, 'step_rate', { stage: 'booked' }).value).toBeCloseTo(0.9, 12);
    const showed = pick(rows, 'step_rate', { stage: 'showed' });
    expect(showed.value).toBeCloseTo(0.5556, 4);
    expect(showed.flags).toContain('largest_loss');
    expect(pick(rows, 'loss', { stage: 'showed' }).value).toBe(40);
    const met = pick(rows, 'step_rate', { stage: 'met' });
    expect(met.value).toBeCloseTo(0.4, 12);
    expect(met.flags).toContain('lowest_rate');
  });

  it('flags a step that fell more than the configured points below the trailing four quarters', () => {
    // 2025-Q2 cohort: 10 deals, 10 showed, 10 met, 8 won -> met->won 80 %; 2025-Q4: 40 % -> fell 40 points.
    const old: DealRow[] = Array.from({ length: 10 }, (_, i) =>
      deal({
        id: `o${i}`,
        createdAt: t('2025-05-01T10:00:00Z'),
        status: i < 8 ? 'won' : 'lost',
        wonAt: i < 8 ? t('2025-05-20T10:00:00Z') : null,
        lostAt: i < 8 ? null : t('2025-05-20T10:00:00Z'),
        visits: visits(
          `o${i}`,
          'sales',
          [
            ['booked', '2025-05-01T10:00:00Z'],
            ['showed', '2025-05-02T10:00:00Z'],
            ['met', '2025-05-03T10:00:00Z'],
          ],
          '2025-05-20T10:00:00Z',
        ),
      }),
    );
    const rows = dangerPoints({ deals: [...old, ...hundredDeals()], stages: STAGES }, withKpiDefaults(), ctx);
    expect(pick(rows, 'trailing_rate', { stage: 'met' }).value).toBeCloseTo(0.8, 12);
    expect(pick(rows, 'step_rate', { stage: 'met' }).flags).toContain('dropped');
    expect(pick(rows, 'step_rate', { stage: 'booked' }).flags).not.toContain('dropped');
  });
});

describe('stage conversion', () => {
  const explicit = { ...ctx, period: '2025-Q4' };

  it('gives next-step, cumulative and win-from-stage rates of the cohort', () => {
    const rows = stageConversion({ deals: hundredDeals(), stages: STAGES }, withKpiDefaults(), explicit);
    expect(pick(rows, 'next_step', { stage: 'showed' }).value).toBeCloseTo(0.5556, 4);
    expect(pick(rows, 'cumulative', { stage: 'met' }).value).toBeCloseTo(0.5, 12);
    expect(pick(rows, 'win_from_stage', { stage: 'booked' }).value).toBeCloseTo(0.2, 12);
    expect(pick(rows, 'reached', { stage: 'won' }).value).toBe(20);
  });

  const jumper = (): KpiInput => ({
    stages: STAGES,
    deals: [
      deal({
        id: 'j',
        createdAt: t('2025-11-01T10:00:00Z'),
        status: 'won',
        wonAt: t('2025-11-03T10:00:00Z'),
        visits: visits('j', 'sales', [['booked', '2025-11-01T10:00:00Z']], '2025-11-03T10:00:00Z'),
      }),
    ],
  });

  it('counts a deal that jumped from the first stage straight to won as having reached every stage', () => {
    const rows = stageConversion(jumper(), withKpiDefaults(), explicit);
    for (const stage of ['booked', 'showed', 'met', 'won']) expect(pick(rows, 'reached', { stage }).value).toBe(1);
  });

  it('credits only literally entered stages in order with the strict-order option', () => {
    const rows = stageConversion(jumper(), withKpiDefaults({ strictOrder: true }), explicit);
    expect(pick(rows, 'reached', { stage: 'booked' }).value).toBe(1);
    expect(pick(rows, 'reached', { stage: 'showed' }).value).toBe(0);
    expect(pick(rows, 'reached', { stage: 'won' }).value).toBe(0);
    expect(pick(rows, 'next_step', { stage: 'showed' }).value).toBeNull();
  });

  it('ends the journey at a move to another pipeline: neither won there nor in the other cohort', () => {
    const stages = [...STAGES, ...stagesOf('renewals', ['r1', 'r2'])];
    const moved = deal({
      id: 'm',
      pipelineId: 'renewals',
      createdAt: t('2025-11-01T10:00:00Z'),
      status: 'won',
      wonAt: t('2025-11-09T10:00:00Z'),
      visits: [
        {
          dealId: 'm',
          pipelineId: 'sales',
          stageId: 'booked',
          enteredAt: t('2025-11-01T10:00:00Z'),
          exitedAt: t('2025-11-02T10:00:00Z'),
        },
        {
          dealId: 'm',
          pipelineId: 'renewals',
          stageId: 'r2',
          enteredAt: t('2025-11-02T10:00:00Z'),
          exitedAt: t('2025-11-09T10:00:00Z'),
        },
      ],
    });
    const rows = stageConversion({ deals: [moved], stages }, withKpiDefaults(), explicit);
    expect(pick(rows, 'reached', { pipeline: 'sales', stage: 'booked' }).value).toBe(1);
    expect(pick(rows, 'reached', { pipeline: 'sales', stage: 'won' }).value).toBe(0);
    expect(rows.some((r) => r.segment.pipeline === 'renewals')).toBe(false);
  });

  it('leaves deals lost for an invalid reason out of the cohort', () => {
    const deals = [
      ...jumper().deals,
      deal({
        id: 'dup',
        createdAt: t('2025-11-02T10:00:00Z'),
        status: 'lost',
        lostAt: t('2025-11-03T10:00:00Z'),
        lostReason: 'duplicate',
        visits: visits('dup', 'sales', [['booked', '2025-11-02T10:00:00Z']], '2025-11-03T10:00:00Z'),
      }),
    ];
    const rows = stageConversion(
      { deals, stages: STAGES },
      withKpiDefaults({ invalidLostReasons: ['duplicate'] }),
      explicit,
    );
    expect(pick(rows, 'reached', { stage: 'booked' }).value).toBe(1);
  });

  it('marks an explicit cohort provisional until a median cycle has passed after it', () => {
    const rows = stageConversion(jumper(), withKpiDefaults(), { ...ctx, period: '2026-01' });
    expect(rows.every((r) => r.flags.includes('provisional'))).toBe(true);
  });
});

describe('proposal loss rate', () => {
  it('needs the proposal stage configured', () => {
    const row = pick(proposalLossRate({ deals: hundredDeals(), stages: STAGES }, withKpiDefaults(), ctx), 'loss_rate');
    expect(row.flags).toContain('needs_setup');
    expect(row.setup).toEqual(['kpis.stageRoles.sales.proposal']);
  });

  it('follows deals by the month they first reached the proposal stage or beyond', () => {
    // "met" as proposal: 50 reached it in November 2025: 20 won, 30 lost -> 30 / 50.
    const config = withKpiDefaults({ stageRoles: { sales: { proposal: 'met' } } });
    const rows = proposalLossRate({ deals: hundredDeals(), stages: STAGES }, config, { ...ctx, period: '2025-11' });
    expect(pick(rows, 'loss_rate').value).toBeCloseTo(0.6, 12);
    expect(pick(rows, 'loss_rate').n).toBe(50);
    expect(pick(rows, 'open_share').value).toBe(0);
  });
});
