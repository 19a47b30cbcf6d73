import { describe, expect, it } from 'vitest';
import { segmentBy } from '../../src/metrics';
import { withKpiDefaults } from '../../src/metrics/config';
import { makeEnv } from '../../src/metrics/env';
import { winRate, wonRevenue } from '../../src/metrics/revenue';
import { closedFacts } from '../../src/metrics/revenue/closed';
import { deal, pick, quickstart, quickstartCtx, t } from './fixtures';

describe('segments', () => {
  it('folds rows into the whole plus one accumulator per value of each key', () => {
    const rows = [
      { owner: 'a', team: 'x', v: 1 },
      { owner: 'b', team: 'x', v: 2 },
      { owner: null, team: null, v: 4 },
    ];
    const out = segmentBy(
      rows,
      ['owner', 'team'],
      (r) => ({ owner: r.owner, team: r.team }),
      () => ({ s: 0 }),
      (a, r) => {
        a.s += r.v;
      },
    );
    expect(out.map((g) => [g.segment, g.acc.s])).toEqual([
      [{}, 7],
      [{ owner: 'a' }, 1],
      [{ team: 'x' }, 3],
      [{ owner: 'b' }, 2],
      [{ owner: '(none)' }, 4],
      [{ team: '(none)' }, 4],
    ]);
  });

  it('keeps the filter in every segment and drops rows outside it', () => {
    const rows = winRate(
      quickstart(),
      withKpiDefaults(),
      quickstartCtx({ period: '2026-02', filter: { owner: 'alice' }, segmentBy: ['source'] }),
    );
    // alice closed d1 (won) and d3 (lost) in February.
    expect(pick(rows, 'by_count', { owner: 'alice' }).value).toBe(0.5);
    expect(pick(rows, 'by_count', { owner: 'alice', source: 'referral' }).value).toBe(0);
  });

  it('splits won revenue by inbound/outbound through the source map', () => {
    const rows = wonRevenue(
      quickstart(),
      withKpiDefaults(),
      quickstartCtx({ period: '2026-Q1', segmentBy: ['direction'] }),
    );
    expect(pick(rows, 'amount', { direction: 'inbound' }).value).toBe(1000);
    expect(pick(rows, 'amount', { direction: 'outbound' }).value).toBe(1800);
  });

  it('gives Pipedrive channel labels the same default directions as the neutral sources', () => {
    // The quickstart's sources as a Pipedrive store holds them: the marketing channel label (scenarios.md "Sources").
    const labels: Record<string, string> = {
      organic_search: 'Organic search',
      referral: 'Referral',
      paid_search: 'Paid search',
      direct: 'Direct',
      prospecting: 'Outbound prospecting',
    };
    const input = quickstart();
    const pipedrive = {
      ...input,
      deals: [...input.deals].map((d) => ({ ...d, source: labels[d.source ?? ''] ?? d.source })),
    };
    expect(pipedrive.deals.every((d) => d.source === null || !(d.source in labels))).toBe(true);
    const rows = wonRevenue(
      pipedrive,
      withKpiDefaults(),
      quickstartCtx({ period: '2026-Q1', segmentBy: ['direction'] }),
    );
    expect(pick(rows, 'amount', { direction: 'inbound' }).value).toBe(1000);
    expect(pick(rows, 'amount', { direction: 'outbound' }).value).toBe(1800);
  });
});

describe('robustness', () => {
  it('leaves deleted deals out even when the store let them through', () => {
    const input = quickstart();
    const ghost = deal({
      id: 'ghost',
      createdAt: t('2026-02-01T09:00:00Z'),
      status: 'won',
      wonAt: t('2026-02-10T09:00:00Z'),
      amountReporting: 5000,
      deletedAt: t('2026-03-01T09:00:00Z'),
    });
    const rows = wonRevenue(
      { ...input, deals: [...input.deals, ghost] },
      withKpiDefaults(),
      quickstartCtx({ period: '2026-02' }),
    );
    expect(pick(rows, 'amount').value).toBe(2800);
  });

  it('gives the same answers from pre-aggregated close facts as from deals', () => {
    const input = quickstart();
    const env = makeEnv(input, withKpiDefaults(), quickstartCtx());
    const facts = [...closedFacts(input, env)];
    const ctx = quickstartCtx({ period: '2026-02' });
    const fromFacts = winRate({ ...input, deals: [], closedFacts: facts }, withKpiDefaults(), ctx);
    expect(fromFacts).toEqual(winRate(input, withKpiDefaults(), ctx));
  });

  it('leaves a deal without an amount out of value measures and counts it', () => {
    const input = quickstart();
    const noAmount = deal({
      id: 'na',
      createdAt: t('2026-02-01T09:00:00Z'),
      status: 'won',
      wonAt: t('2026-02-10T09:00:00Z'),
    });
    const rows = wonRevenue(
      { ...input, deals: [...input.deals, noAmount] },
      withKpiDefaults(),
      quickstartCtx({ period: '2026-02' }),
    );
    expect(pick(rows, 'amount').value).toBe(2800);
    expect(pick(rows, 'amount').n_missing_amount).toBe(1);
    expect(pick(rows, 'count').value).toBe(3);
  });
});
