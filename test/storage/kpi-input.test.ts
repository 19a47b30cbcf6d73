/**
 * loadKpiInput against a real SQLite file seeded through the repositories with the quickstart story
 * (quickstart-store.ts): the engine fed from the store must give the scenario's expectations.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeKpis, type KpiRow, withKpiDefaults } from '../../src/metrics';
import type { ComputeOptions, KpiInput } from '../../src/metrics/index';
import { closeStore, type Db, openStore } from '../../src/storage/db';
import { type KpiInputOptions, loadKpiInput } from '../../src/storage/queries/kpi-input';
import { upsertAccount } from '../../src/storage/repositories/catalog';
import { upsertDeals } from '../../src/storage/repositories/deals';
import { markDeleted } from '../../src/storage/repositories/sync-state';
import { PARIS, QUICKSTART_DEALS, QUICKSTART_NOW, quickstartDeal, seedQuickstart } from './quickstart-store';

let db: Db;
beforeEach(() => {
  db = openStore({ path: join(mkdtempSync(join(tmpdir(), 'pulse-kpi-input-')), 'p.db') });
  seedQuickstart(db, 'main');
});
afterEach(() => closeStore(db));

const config = withKpiDefaults({ currency: 'EUR' });

function kpis(options: KpiInputOptions, compute: Partial<ComputeOptions> & { kpis: string[] }): KpiRow[] {
  return computeKpis(loadKpiInput(db, 'main', options), config, { now: QUICKSTART_NOW, timeZone: PARIS, ...compute });
}

function value(rows: KpiRow[], kpi: string, measure: string, period?: string, segment: Record<string, string> = {}) {
  const row = rows.find(
    (r) =>
      r.kpi === kpi &&
      r.measure === measure &&
      (period === undefined || r.period === period || r.window === period) &&
      JSON.stringify(r.segment) === JSON.stringify(segment),
  );
  if (!row) throw new Error(`no row ${kpi}/${measure}/${period}/${JSON.stringify(segment)}`);
  return row;
}

describe('loadKpiInput on the quickstart store', () => {
  for (const facts of ['daily', 'per_deal', 'none'] as const) {
    it(`gives 2800 EUR won over 2 deals in February with ${facts} facts (2000 USD = 1800 via amount_home)`, () => {
      const rows = kpis({ facts }, { kpis: ['won_revenue', 'win_rate'], periods: ['2026-02', '2026-03', '2026-Q1'] });
      expect(value(rows, 'won_revenue', 'amount', '2026-02').value).toBe(2800);
      expect(value(rows, 'won_revenue', 'count', '2026-02').value).toBe(2);
      expect(value(rows, 'won_revenue', 'amount', '2026-Q1').value).toBe(2800);
      const byCount = value(rows, 'win_rate', 'by_count', '2026-02');
      expect(byCount.value).toBeCloseTo(0.666667, 6);
      expect(byCount.flags).toContain('low_sample');
      expect(value(rows, 'win_rate', 'by_value', '2026-02').value).toBeCloseTo(0.651163, 6);
      expect(value(rows, 'win_rate', 'by_count', '2026-03').value).toBeNull();
    });
  }

  it('averages 1400 per sale and 35-day cycles in February', () => {
    const rows = kpis({}, { kpis: ['avg_revenue_per_sale', 'sales_cycle_days'], periods: ['2026-02'] });
    expect(value(rows, 'avg_revenue_per_sale', 'mean', '2026-02').value).toBe(1400);
    expect(value(rows, 'sales_cycle_days', 'mean', '2026-02').value).toBe(35);
    expect(value(rows, 'sales_cycle_days', 'median', '2026-02').value).toBe(35);
  });

  it('counts one open deal per stage now and weights the proposal stage 1200 × 0.8 = 960', () => {
    const rows = kpis({}, { kpis: ['open_deals_by_stage', 'open_value_by_stage'] });
    for (const stage of ['qualify', 'demo', 'proposal']) {
      expect(value(rows, 'open_deals_by_stage', 'count', undefined, { stage }).value).toBe(1);
    }
    expect(value(rows, 'open_value_by_stage', 'weighted', undefined, { stage: 'proposal' }).value).toBe(960);
  });

  it('counts January activity: 2 conversations for alice, 2 prospect calls, connect rate 1/2', () => {
    const rows = kpis(
      {},
      { kpis: ['conversations', 'prospect_calls', 'connect_rate'], periods: ['2026-01'], segmentBy: ['owner'] },
    );
    expect(value(rows, 'conversations', 'count', '2026-01', { owner: 'alice' }).value).toBe(2);
    expect(value(rows, 'prospect_calls', 'count', '2026-01').value).toBe(2);
    const rate = value(rows, 'connect_rate', 'rate', '2026-01');
    expect(rate.value).toBe(0.5);
    expect(rate.flags).toContain('low_sample');
  });

  it('streams each collection again on every iteration, with visits merged onto their deal', () => {
    const input = loadKpiInput(db, 'main');
    const first = [...input.deals];
    const second = [...input.deals];
    expect(second).toEqual(first);
    expect(first.map((d) => d.id)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6']);
    const d2 = first.find((d) => d.id === 'd2');
    expect(d2?.visits?.map((v) => v.stageId)).toEqual(['qualify', 'proposal']);
    expect(d2?.statusChanges?.map((s) => s.status)).toEqual(['open', 'won']);
    expect(d2).toMatchObject({ amountReporting: 1800, industry: 'Retail', companyId: 'globex', contactIds: ['tom'] });
    expect([...(input.engagements ?? [])].map((e) => e.id).sort()).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect([...(input.stages ?? [])].map((s) => s.stageId)).toEqual(['qualify', 'demo', 'proposal']);
  });

  it('leaves visits and status logs off when history is not asked for', () => {
    const [d1] = loadKpiInput(db, 'main', { history: false }).deals;
    expect(d1?.visits).toBeUndefined();
    expect(d1?.statusChanges).toBeUndefined();
  });

  it('takes the owner at creation and at close from the owner history', () => {
    const d3 = quickstartDeal({
      id: 'd3',
      company: 'initech',
      contact: 'ann',
      source: 'referral',
      owner: 'bob',
      amount: 1500,
      currency: 'EUR',
      steps: [['qualify', '2026-02-02T08:00:00Z']],
      close: { status: 'lost', at: '2026-02-27T08:00:00Z', reason: 'price' },
    });
    d3.fieldChanges = [
      ...d3.fieldChanges.filter((c) => c.field !== 'owner'),
      { field: 'owner', value: 'alice', at: '2026-02-02T08:00:00.000Z' },
      { field: 'owner', value: 'carol', at: '2026-02-20T08:00:00.000Z' },
      { field: 'owner', value: 'bob', at: '2026-03-05T08:00:00.000Z' },
    ];
    upsertDeals(db, 'main', [d3]);
    const row = [...loadKpiInput(db, 'main').deals].find((d) => d.id === 'd3');
    expect(row).toMatchObject({ ownerId: 'bob', ownerAtCreation: 'alice', ownerAtClose: 'carol' });
    const facts = [...(loadKpiInput(db, 'main', { facts: 'per_deal' }).closedFacts ?? [])];
    expect(facts.find((f) => f.outcome === 'lost')?.ownerId).toBe('carol');
  });

  it('leaves deleted and merged deals out of every KPI and of the facts', () => {
    markDeleted(db, 'main', 'deals', [{ externalId: 'd2', at: QUICKSTART_NOW, mergedInto: 'd9' }]);
    markDeleted(db, 'main', 'deals', [{ externalId: 'd6', at: QUICKSTART_NOW, mergedInto: null }]);
    const input = loadKpiInput(db, 'main');
    expect([...input.deals].map((d) => d.id)).toEqual(['d1', 'd3', 'd4', 'd5']);
    const rows = kpis({}, { kpis: ['won_revenue', 'open_deals_by_stage'], periods: ['2026-02'] });
    expect(value(rows, 'won_revenue', 'amount', '2026-02').value).toBe(1000);
    const proposal = rows.find((r) => r.kpi === 'open_deals_by_stage' && r.segment.stage === 'proposal');
    expect(proposal?.value ?? 0).toBe(0);
  });

  it('converts with the rate table when the provider gives no home amount (Pipedrive)', () => {
    upsertAccount(db, 'pd', 'pipedrive', { timeZone: PARIS, currency: 'EUR', accountId: null }, QUICKSTART_NOW);
    upsertDeals(
      db,
      'pd',
      QUICKSTART_DEALS.map((d) => ({ ...d, amountHome: null })),
    );
    const rates = [{ currency: 'USD', rate: 0.9 }];
    const deal = (o: KpiInputOptions) => [...loadKpiInput(db, 'pd', o).deals].find((d) => d.id === 'd2');
    expect(deal({ rates })?.amountReporting).toBeCloseTo(1800, 9);
    expect(deal({})?.amountReporting).toBeNull();
    const facts = [...(loadKpiInput(db, 'pd', { rates, facts: 'daily' }).closedFacts ?? [])];
    expect(facts.filter((f) => f.outcome === 'won').reduce((s, f) => s + f.amountSum, 0)).toBeCloseTo(2800, 9);
  });
});

describe('as-of replay', () => {
  const asOf = Date.parse('2026-02-20T00:00:00Z');

  it('gives the pipeline as it was: d2 still open in proposal, d3 in demo, later deals absent', () => {
    const deals = [...loadKpiInput(db, 'main', { asOf }).deals];
    expect(deals.map((d) => d.id)).toEqual(['d1', 'd2', 'd3', 'd4']);
    expect(deals.find((d) => d.id === 'd2')).toMatchObject({ status: 'open', wonAt: null, stageId: 'proposal' });
    const d3 = deals.find((d) => d.id === 'd3');
    expect(d3).toMatchObject({ status: 'open', lostAt: null, lostReason: null, stageId: 'demo' });
    expect(d3?.visits?.at(-1)?.exitedAt).toBeNull();
    expect(deals.find((d) => d.id === 'd1')).toMatchObject({ status: 'won', amountReporting: 1000 });
  });

  for (const facts of ['daily', 'per_deal', 'none'] as const) {
    it(`counts only the wins before the instant (${facts} facts) and the open deals of that day`, () => {
      const rows = computeKpis(loadKpiInput(db, 'main', { asOf, facts }), config, {
        now: asOf,
        timeZone: PARIS,
        kpis: ['won_revenue', 'open_deals_by_stage'],
        periods: ['2026-02'],
      });
      expect(value(rows, 'won_revenue', 'amount', '2026-02').value).toBe(1000);
      const open = (stage: string) =>
        rows.find((r) => r.kpi === 'open_deals_by_stage' && r.measure === 'count' && r.segment.stage === stage);
      expect(open('qualify')?.value).toBe(1);
      expect(open('demo')?.value).toBe(1);
      expect(open('proposal')?.value).toBe(1);
    });
  }

  it('leaves out engagements after the instant', () => {
    const ids = [...(loadKpiInput(db, 'main', { asOf: Date.parse('2026-01-15T00:00:00Z') }).engagements ?? [])];
    expect(ids.map((e) => e.id).sort()).toEqual(['e1', 'e3']);
  });
});

describe('bounded slices of the KPI input', () => {
  /** The input without its bounded views: the engine then filters the full streams. */
  const strip = (input: KpiInput): KpiInput => {
    const { dealsIn: _deals, engagementsIn: _engagements, ...rest } = input;
    return rest;
  };
  for (const history of [true, false]) {
    it(`gives the same deal rows as filtering the full stream (history ${history})`, () => {
      const input = loadKpiInput(db, 'main', { history });
      const all = [...input.deals];
      const start = Date.UTC(2026, 1, 1);
      const end = Date.UTC(2026, 2, 1);
      expect([...(input.dealsIn?.({ by: 'created', start, end }) ?? [])]).toEqual(
        all.filter((d) => d.createdAt >= start && d.createdAt < end),
      );
      expect([...(input.dealsIn?.({ by: 'won', start, end }) ?? [])]).toEqual(
        all.filter((d) => d.status === 'won' && d.wonAt !== null && d.wonAt >= start && d.wonAt < end),
      );
      const open = input.dealsIn?.({ by: 'open' });
      if (history) expect(open).toBeNull();
      else expect([...(open ?? [])]).toEqual(all.filter((d) => d.status === 'open'));
    });
  }

  it('declines won and open slices in a replay, where statuses come from the logs', () => {
    const input = loadKpiInput(db, 'main', { asOf: QUICKSTART_NOW - 86_400_000 });
    expect(input.dealsIn?.({ by: 'won', start: 0, end: QUICKSTART_NOW })).toBeNull();
    expect(input.dealsIn?.({ by: 'open' })).toBeNull();
  });

  it('gives every KPI the same rows with or without the slices', () => {
    const input = loadKpiInput(db, 'main', {});
    const options = { now: QUICKSTART_NOW, timeZone: PARIS, segmentBy: ['owner', 'pipeline'] as const };
    expect(computeKpis(input, config, { ...options })).toEqual(computeKpis(strip(input), config, { ...options }));
  });
});
