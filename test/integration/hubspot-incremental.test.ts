import { afterEach, describe, expect, it } from 'vitest';
import { advance, HOUR, MINUTE } from '../../src/simulator/clock';
import { generateModel } from '../../src/simulator/generator';
import type { SimModel } from '../../src/simulator/model';
import {
  addDeal,
  addEngagement,
  deleteRecord,
  editAssociations,
  mergeDeals,
  moveStage,
  setDealFields,
} from '../../src/simulator/mutations';
import { type Harness, startHarness } from '../helpers/hubspot-harness';

const NOW = Date.parse('2026-06-30T09:00:00Z');
let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

function smallModel(seed = 11): SimModel {
  return generateModel({ seed, deals: 120, months: 6, now: NOW });
}

/** A live open deal of the model (first one found), to change in a test. */
function openDeal(model: SimModel): { id: string; pipeline: string } {
  for (const d of model.deals) {
    if (d.deletedAt !== null || d.mergedInto !== null) continue;
    let status = 'open';
    let pipeline = '';
    for (const e of d.timeline) {
      if (e.status) status = e.status;
      if (e.pipeline) pipeline = e.pipeline;
    }
    if (status === 'open') return { id: d.id, pipeline };
  }
  throw new Error('no open deal');
}

describe('HubSpot incremental sync against the simulator', () => {
  it('picks up new deals, stage moves, wins, amount edits, deletions and merges from the cursor', async () => {
    const model = smallModel();
    harness = await startHarness(model);
    await harness.sync();
    advance(model, HOUR);
    const open = openDeal(model);
    const stages = model.pipelines.find((p) => p.id === open.pipeline)!.stages;
    moveStage(model, open.id, stages[stages.length - 1]!.id);
    advance(model, MINUTE);
    setDealFields(model, open.id, { status: 'won', amount: 4321 });
    const live = model.deals.filter((d) => d.deletedAt === null && d.mergedInto === null && d.id !== open.id);
    deleteRecord(model, 'deals', live[0]!.id);
    mergeDeals(model, live[1]!.id, live[2]!.id);
    const fresh = addDeal(model, {
      name: 'Brand new',
      pipeline: open.pipeline,
      stage: stages[0]!.id,
      owner: model.users[0]!.id,
      amount: 999,
    });
    addEngagement(model, {
      type: 'call',
      owner: model.users[0]!.id,
      direction: 'outbound',
      outcome: 'connected',
      durationSeconds: 120,
      deals: [fresh.id],
    });
    advance(model, MINUTE);

    const result = await harness.sync();
    expect(result.status).toBe('succeeded');
    expect(result.objects.find((o) => o.objectType === 'deals')).toMatchObject({ mode: 'incremental' });
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
    const deleted = harness.db.$client
      .prepare('select external_id, merged_into from deals where deleted_at is not null order by external_id')
      .all() as { external_id: string; merged_into: string | null }[];
    const ids = harness.sim.ids;
    expect(deleted).toEqual(
      expect.arrayContaining([
        { external_id: ids.toHubSpot('deals', live[0]!.id), merged_into: null },
        { external_id: ids.toHubSpot('deals', live[2]!.id), merged_into: ids.toHubSpot('deals', live[1]!.id) },
      ]),
    );
  });

  it('misses an association edit that leaves the modified date alone until the reconciliation pass catches it', async () => {
    const model = smallModel(12);
    harness = await startHarness(model);
    await harness.sync();
    const deal = openDeal(model);
    const other = model.contacts.find(
      (c) => c.deletedAt === null && !model.deals.find((d) => d.id === deal.id)!.contacts.includes(c.id),
    )!;
    editAssociations(model, deal.id, { contacts: [other.id] });
    advance(model, HOUR);
    await harness.sync();
    expect(harness.diff().differences.join('\n')).toContain('contactIds');
    advance(model, 24 * HOUR);
    const reconciled = await harness.sync();
    expect(reconciled.objects.find((o) => o.objectType === 'deals')?.mode).toBe('full');
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
  });

  it('re-reads every deal after a pipeline edit stamps them all with one timestamp, without duplicates', async () => {
    const model = smallModel(13);
    harness = await startHarness(model);
    await harness.sync();
    advance(model, HOUR);
    const { bulkTouch } = await import('../../src/simulator/mutations');
    const live = model.deals.filter((d) => d.deletedAt === null && d.mergedInto === null);
    bulkTouch(
      model,
      'deals',
      live.map((d) => d.id),
    );
    advance(model, MINUTE);
    const result = await harness.sync();
    expect(result.objects.find((o) => o.objectType === 'deals')).toMatchObject({
      mode: 'incremental',
      fetched: live.length,
      complete: true,
    });
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
  });

  it('catches a record that reached the search index late through the look-back overlap', async () => {
    const model = smallModel(14);
    harness = await startHarness(model, { searchLagMs: 400 });
    await harness.sync();
    advance(model, HOUR);
    const deal = openDeal(model);
    setDealFields(model, deal.id, { amount: 12345 });
    advance(model, MINUTE);
    await harness.sync();
    // The search index has not seen the edit yet: the store still has the old amount.
    const amount = () =>
      harness!.db.$client
        .prepare('select amount from deals where external_id = ?')
        .pluck()
        .get(harness!.sim.ids.toHubSpot('deals', deal.id));
    expect(amount()).not.toBe(12345);
    await new Promise((r) => setTimeout(r, 500));
    advance(model, MINUTE);
    const later = await harness.sync();
    expect(amount()).toBe(12345);
    expect(later.status).toBe('succeeded');
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
  });
});
