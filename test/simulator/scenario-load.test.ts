import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { foldDeal } from '../../src/simulator/fold';
import { loadScenario, loadScenarioFile } from '../../src/simulator/scenario/load';
import { baseScenario } from './scenario-helpers';

const QUICKSTART = new URL('../scenarios/quickstart.yaml', import.meta.url).pathname;
const ms = (iso: string) => Date.parse(iso);

describe('loading the quickstart scenario', () => {
  it('reads every collection with the exact counts', async () => {
    const { model, config, expect: expectations } = await loadScenarioFile(QUICKSTART);
    expect(model.now).toBe(ms('2026-03-31T18:00:00Z'));
    expect(model.account).toEqual({ timeZone: 'Europe/Paris', currency: 'EUR', exchangeRates: { USD: 0.9 } });
    expect(model.users.map((u) => u.id)).toEqual(['alice', 'bob']);
    expect(model.pipelines[0]?.stages.map((s) => s.id)).toEqual(['qualify', 'demo', 'proposal']);
    expect([model.companies.length, model.contacts.length, model.leads.length]).toEqual([4, 4, 0]);
    expect([model.deals.length, model.engagements.length, expectations.length]).toEqual([6, 4, 15]);
    expect(config).toBeNull();
  });

  it('folds each deal timeline into the current state the comments describe', async () => {
    const { model } = await loadScenarioFile(QUICKSTART);
    const state = Object.fromEntries(model.deals.map((d) => [d.id, foldDeal(d, model.account.currency)]));
    expect(state.d1).toMatchObject({ status: 'won', stage: 'proposal', amount: 1000, currency: 'EUR' });
    expect(state.d1?.closedAt).toBe(ms('2026-02-09T09:00:00Z'));
    expect(state.d1?.createdAt).toBe(ms('2026-01-05T09:00:00Z'));
    expect(state.d2).toMatchObject({ status: 'won', stage: 'proposal', amount: 2000, currency: 'USD', owner: 'bob' });
    expect(state.d2?.closeDate).toBe('2026-03-31');
    expect(state.d3).toMatchObject({ status: 'lost', lostReason: 'price', closedAt: ms('2026-02-27T08:00:00Z') });
    expect(state.d4).toMatchObject({ status: 'open', stage: 'demo', amount: 800 });
    expect(state.d5).toMatchObject({ status: 'open', stage: 'qualify', amount: 500 });
    expect(state.d6).toMatchObject({ status: 'open', stage: 'proposal', amount: 1200 });
  });

  it('derives modifiedAt from the last known change and leaves writtenAtWallMs at 0', async () => {
    const { model } = await loadScenarioFile(QUICKSTART);
    expect(model.deals[0]?.modifiedAt).toBe(ms('2026-02-09T09:00:00Z'));
    expect(model.contacts[0]?.modifiedAt).toBe(ms('2025-12-01T09:05:00Z'));
    expect(model.engagements[2]?.modifiedAt).toBe(ms('2026-01-12T14:00:00Z'));
    expect(model.deals.every((d) => d.writtenAtWallMs === 0 && d.deletedAt === null && d.mergedInto === null)).toBe(
      true,
    );
  });

  it('fills engagement defaults: no direction or outcome, not support, no links', async () => {
    const { model } = await loadScenarioFile(QUICKSTART);
    const email = model.engagements.find((e) => e.id === 'e4');
    expect(email).toMatchObject({ direction: 'outbound', outcome: null, support: false, deals: [], leads: [] });
    const meeting = model.engagements.find((e) => e.id === 'e3');
    expect(meeting).toMatchObject({ direction: null, endAt: ms('2026-01-12T15:00:00Z'), durationSeconds: null });
  });

  it('keeps expectations as written, with only the keys the file gives', async () => {
    const { expect: expectations } = await loadScenarioFile(QUICKSTART);
    expect(expectations[3]).toEqual({
      kpi: 'win_rate',
      measure: 'by_count',
      period: '2026-02',
      value: 0.666667,
      tolerance: 0.000001,
      flags: ['low_sample'],
    });
    expect(expectations[5]).toEqual({ kpi: 'win_rate', measure: 'by_count', period: '2026-03', value: null });
    expect(expectations[8]).toEqual({ kpi: 'open_deals_by_stage', segment: { stage: 'qualify' }, value: 1 });
  });
});

describe('loading scenario details', () => {
  it('keeps bare dates as strings and reads offsets into UTC instants, even under a %YAML 1.1 directive', () => {
    const text = `%YAML 1.1\n---\n${readFileSync(QUICKSTART, 'utf8').replace('2026-01-05T09:00:00Z', '2026-01-05T10:00:00+01:00')}`;
    const { model } = loadScenario(text);
    expect(model.deals[0]?.timeline[0]).toMatchObject({ at: ms('2026-01-05T09:00:00Z'), closeDate: '2026-02-28' });
  });

  it('returns config as the raw object and reads deletions, merges, archived users and properties', () => {
    const data = baseScenario();
    data.config = { targets: { monthly: 5000 } };
    data.users.push({ id: 'dave', name: 'Dave', email: 'dave@example.com', archived: true });
    data.companies.push({
      id: 'old',
      name: 'Old',
      createdAt: '2026-01-01T00:00:00Z',
      properties: { tier: 'gold' },
      deletedAt: '2026-02-01T00:00:00Z',
    });
    data.deals.push({
      id: 'd2',
      name: 'Duplicate',
      mergedInto: 'd1',
      deletedAt: '2026-03-01T00:00:00Z',
      properties: { referred_by: 'acme' },
      timeline: [{ at: '2026-01-20T09:00:00Z', pipeline: 'sales', stage: 'qualify', owner: 'dave' }],
    });
    const { model, config } = loadScenario(stringify(data));
    expect(config).toEqual({ targets: { monthly: 5000 } });
    expect(model.users[2]).toEqual({ id: 'dave', name: 'Dave', email: 'dave@example.com', team: null, archived: true });
    expect(model.companies[1]).toMatchObject({ properties: { tier: 'gold' }, deletedAt: ms('2026-02-01T00:00:00Z') });
    expect(model.deals[1]).toMatchObject({ mergedInto: 'd1', deletedAt: ms('2026-03-01T00:00:00Z') });
    // The merge also modifies the surviving deal.
    expect(model.deals[0]?.modifiedAt).toBe(ms('2026-03-01T00:00:00Z'));
    expect(model.leads[0]?.modifiedAt).toBe(ms('2026-01-05T09:00:00Z'));
  });
});
