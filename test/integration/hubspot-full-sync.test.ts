import { afterEach, describe, expect, it } from 'vitest';
import { generateModel } from '../../src/simulator/generator';
import { loadScenarioFile } from '../../src/simulator/scenario/load';
import { type Harness, startHarness } from '../helpers/hubspot-harness';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

/** Every CRM table's rows, to prove that a second sync of an unchanged CRM writes nothing new. */
function dump(h: Harness): string {
  const tables = [
    'deals',
    'stage_visits',
    'field_changes',
    'associations',
    'contacts',
    'companies',
    'leads',
    'engagements',
    'lifecycle_changes',
    'owners',
    'pipelines',
    'stages',
  ];
  return JSON.stringify(tables.map((t) => h.db.$client.prepare(`select * from ${t} order by 1, 2, 3`).all()));
}

describe('HubSpot full sync against the simulator', () => {
  it('stores the quickstart scenario exactly: every deal, visit, field change, engagement and link', async () => {
    const { model } = await loadScenarioFile('test/scenarios/quickstart.yaml');
    harness = await startHarness(model);
    const result = await harness.sync();
    expect(result.status).toBe('succeeded');
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
    const deals = result.objects.find((o) => o.objectType === 'deals');
    expect(deals).toMatchObject({ fetched: 6, storeCount: 6, crmCount: 6, complete: true });
  });

  it('stores a generated history of 2,000 deals with nothing lost and nothing duplicated', async () => {
    const model = generateModel({ seed: 7, deals: 2000, months: 18, now: Date.parse('2026-06-30T09:00:00Z') });
    harness = await startHarness(model);
    const result = await harness.sync();
    expect(result.status).toBe('succeeded');
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
  });

  it('changes nothing when an unchanged CRM is synced again', async () => {
    const model = generateModel({ seed: 3, deals: 150, months: 6, now: Date.parse('2026-06-30T09:00:00Z') });
    harness = await startHarness(model);
    await harness.sync();
    const before = dump(harness);
    const second = await harness.sync();
    expect(second.objects.every((o) => o.mode === 'incremental')).toBe(true);
    expect(dump(harness)).toBe(before);
    const third = await harness.sync({ full: true });
    expect(third.status).toBe('succeeded');
    expect(dump(harness)).toBe(before);
  });
});
