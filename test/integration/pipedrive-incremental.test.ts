/**
 * Pipedrive incremental sync against the simulator (the HubSpot twin: hubspot-incremental.test.ts), plus the
 * Pipedrive traps of issue 9 the connector's nock tests do not reach end to end: the changelog (20 tokens a
 * deal) read only for deals whose tracked fields changed, archived deals behind their own endpoint, and
 * deletions older than the 30 days Pipedrive keeps them, reconciled by id set after a long pause.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { advance, DAY, HOUR, MINUTE } from '../../src/simulator/clock';
import { generateModel } from '../../src/simulator/generator';
import type { SimModel } from '../../src/simulator/model';
import {
  addDeal,
  addEngagement,
  bulkTouch,
  deleteRecord,
  mergeDeals,
  moveStage,
  setDealFields,
} from '../../src/simulator/mutations';
import { type PipedriveHarness, startPipedriveHarness } from '../helpers/pipedrive-harness';

const NOW = Date.parse('2026-06-30T09:00:00Z');
const CHANGELOG = 'GET /v1/deals/:id/changelog';
let harness: PipedriveHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const smallModel = (seed: number): SimModel => generateModel({ seed, deals: 120, months: 6, now: NOW });

const live = (model: SimModel) => model.deals.filter((d) => d.deletedAt === null && d.mergedInto === null);

/** A live, not archived, open deal of the model (first one found). */
function openDeal(model: SimModel): { id: string; pipeline: string } {
  for (const d of live(model)) {
    if (d.archived) continue;
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

/** Changelog requests served so far (every status). */
function changelogCalls(h: PipedriveHarness): number {
  return Object.values(h.sim.stats().requests[CHANGELOG] ?? {}).reduce((a, b) => a + b, 0);
}

/** Whether the store holds the deal as deleted. */
function storedDeleted(h: PipedriveHarness, scenarioId: string): boolean | undefined {
  const row = h.db.$client
    .prepare('select deleted_at from deals where external_id = ?')
    .get(String(h.sim.ids.toPipedrive('deals', scenarioId))) as { deleted_at: number | null } | undefined;
  return row === undefined ? undefined : row.deleted_at !== null;
}

describe('Pipedrive incremental sync against the simulator', () => {
  it('picks up new deals, stage moves, wins, amount edits, deletions and merges, reading only changed changelogs', async () => {
    const model = smallModel(31);
    harness = await startPipedriveHarness(model);
    await harness.sync();
    const firstChangelogs = changelogCalls(harness);
    expect(firstChangelogs).toBeGreaterThan(0);
    advance(model, HOUR);
    const open = openDeal(model);
    const stages = model.pipelines.find((p) => p.id === open.pipeline)?.stages ?? [];
    moveStage(model, open.id, stages[stages.length - 1]?.id ?? '');
    advance(model, MINUTE);
    setDealFields(model, open.id, { status: 'won', amount: 4321 });
    const others = live(model).filter((d) => d.id !== open.id && !d.archived);
    const [gone, winner, loser] = [others[0]?.id ?? '', others[1]?.id ?? '', others[2]?.id ?? ''];
    deleteRecord(model, 'deals', gone);
    mergeDeals(model, winner, loser);
    const fresh = addDeal(model, {
      name: 'Brand new',
      pipeline: open.pipeline,
      stage: stages[0]?.id ?? '',
      owner: model.users[0]?.id ?? '',
      amount: 999,
    });
    addEngagement(model, {
      type: 'call',
      owner: model.users[0]?.id ?? '',
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
    expect(storedDeleted(harness, gone)).toBe(true);
    expect(storedDeleted(harness, loser)).toBe(true);
    // Only deals whose tracked fields moved: the won deal (stage, status, value) and at most the new one.
    const reread = changelogCalls(harness) - firstChangelogs;
    expect(reread).toBeGreaterThanOrEqual(1);
    expect(reread).toBeLessThanOrEqual(2);
  });

  it('re-reads touched deals whose tracked fields did not change without a single changelog call', async () => {
    const model = smallModel(32);
    harness = await startPipedriveHarness(model);
    await harness.sync();
    const before = changelogCalls(harness);
    advance(model, HOUR);
    const touched = live(model).filter((d) => !d.archived);
    bulkTouch(
      model,
      'deals',
      touched.map((d) => d.id),
    );
    advance(model, MINUTE);
    const result = await harness.sync();
    expect(result.objects.find((o) => o.objectType === 'deals')).toMatchObject({ mode: 'incremental', complete: true });
    expect(result.objects.find((o) => o.objectType === 'deals')?.fetched).toBeGreaterThanOrEqual(touched.length);
    expect(changelogCalls(harness)).toBe(before);
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
  });

  it('keeps a deal archived after the first sync: read from its own endpoint, never taken for deleted', async () => {
    const model = smallModel(33);
    harness = await startPipedriveHarness(model);
    await harness.sync();
    advance(model, HOUR);
    const target = openDeal(model);
    const deal = model.deals.find((d) => d.id === target.id);
    if (deal === undefined) throw new Error('no deal');
    deal.archived = true;
    bulkTouch(model, 'deals', [deal.id]);
    advance(model, MINUTE);
    await harness.sync();
    expect(storedDeleted(harness, deal.id)).toBe(false);
    // A day later the reconciliation enumerates live and archived ids: the archived deal stays.
    advance(model, DAY + HOUR);
    const reconciled = await harness.sync();
    expect(reconciled.objects.find((o) => o.objectType === 'deals')?.mode).toBe('full');
    expect(storedDeleted(harness, deal.id)).toBe(false);
    expect(harness.sim.stats().requests['GET /api/v2/deals/archived']?.['200']).toBeGreaterThan(0);
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
  });

  it('reconciles a deletion older than the 30 days Pipedrive keeps it by id set after a 40-day pause', async () => {
    const model = smallModel(34);
    harness = await startPipedriveHarness(model);
    await harness.sync();
    const victim = live(model).find((d) => !d.archived);
    if (victim === undefined) throw new Error('no live deal');
    advance(model, HOUR);
    deleteRecord(model, 'deals', victim.id);
    advance(model, 40 * DAY);
    const result = await harness.sync();
    expect(result.status).toBe('succeeded');
    expect(storedDeleted(harness, victim.id)).toBe(true);
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
  });
});
