/**
 * Pipedrive sync resilience against the simulator (the HubSpot twin: hubspot-resilience.test.ts): a run killed
 * between pages resumes to the same store, injected 429s / 500s / HTML pages / dropped connections are ridden
 * out, a malformed record is quarantined and stored once fixed, and a budget that runs low stops the run
 * cleanly, to resume after the daily reset with the same final store as an unconstrained sync.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CrmRateLimitError } from '../../src/lib/errors';
import { advance, DAY, HOUR, MINUTE } from '../../src/simulator/clock';
import { generateModel } from '../../src/simulator/generator';
import { bulkTouch } from '../../src/simulator/mutations';
import { readStoreSnapshot } from '../../src/storage/snapshot';
import { connectionStatus } from '../../src/storage/status';
import { CONNECTION, type PipedriveHarness, startPipedriveHarness } from '../helpers/pipedrive-harness';

const NOW = Date.parse('2026-06-30T09:00:00Z');
const harnesses: PipedriveHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

const model = (seed: number, deals = 120) => generateModel({ seed, deals, months: 6, now: NOW });

async function harnessFor(...args: Parameters<typeof startPipedriveHarness>): Promise<PipedriveHarness> {
  const h = await startPipedriveHarness(...args);
  harnesses.push(h);
  return h;
}

describe('Pipedrive sync resilience against the simulator', () => {
  it('resumes a sync killed between pages to the same final store, with nothing duplicated', async () => {
    // Over 500 deals: the deal list takes two pages of 500.
    const m = model(41, 620);
    const h = await harnessFor(m);
    const abort = new AbortController();
    const killed = h.sync(
      {},
      {
        signal: abort.signal,
        onProgress: (p) => {
          if (p.objectType === 'deals' && p.phase === 'reading' && p.fetched > 0) abort.abort();
        },
      },
    );
    await expect(killed).rejects.toThrow();
    const partial = h.db.$client.prepare('select count(*) from deals').pluck().get() as number;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(m.deals.length);
    const resumed = await h.sync();
    expect(resumed.status).toBe('succeeded');
    expect(h.diff()).toEqual({ differences: [], count: 0 });
  }, 60_000);

  it('stores exactly the CRM through 429s, 500s, HTML error pages, dropped connections and slow answers', async () => {
    const m = model(42);
    const h = await harnessFor(m, {
      faults: [
        { path: '/api/v2/deals', kind: 'server-error', count: 2 },
        { path: '/api/v2/persons', kind: 'server-error', format: 'html', status: 502, count: 1 },
        { path: '/v1/deals/*/changelog', kind: 'rate-limit', retryAfterSeconds: 0, count: 2 },
        { path: '/api/v2/organizations', kind: 'rate-limit', count: 1 },
        { path: '/api/v2/activities', kind: 'drop', count: 1 },
        { path: '/v1/leads', kind: 'slow', delayMs: 300, count: 1 },
        { path: '/v1/notes', kind: 'no-content-type', count: 1 },
      ],
    });
    const first = await h.sync();
    expect(first.status).toBe('succeeded');
    expect(h.sim.faults.pending()).toBe(0);
    expect(h.sim.stats().faultsFired).toBe(9);
    expect(h.diff()).toEqual({ differences: [], count: 0 });
  });

  it('quarantines a malformed deal with its reason, reports it, and stores it once it is fixed', async () => {
    const m = model(43);
    const h = await harnessFor(m);
    const bad = m.deals.find((d) => d.deletedAt === null && d.mergedInto === null && !d.archived);
    if (bad === undefined) throw new Error('no live deal');
    const badId = String(h.sim.ids.toPipedrive('deals', bad.id));
    h.sim.faults.add({
      path: '/api/v2/deals*',
      kind: 'malformed-record',
      property: 'value',
      value: 'abc',
      recordId: badId,
      count: Number.POSITIVE_INFINITY,
    });
    const result = await h.sync();
    const deals = result.objects.find((o) => o.objectType === 'deals');
    expect(deals?.quarantined).toBe(1);
    expect(deals?.complete).toBe(true);
    expect(connectionStatus(h.db, CONNECTION).openQuarantine).toEqual([
      expect.objectContaining({ objectType: 'deals', externalId: badId, reason: expect.stringContaining('value') }),
    ]);
    h.sim.faults.clear();
    advance(m, HOUR);
    bulkTouch(m, 'deals', [bad.id]);
    advance(m, MINUTE);
    await h.sync();
    expect(connectionStatus(h.db, CONNECTION).openQuarantine).toEqual([]);
    expect(h.diff()).toEqual({ differences: [], count: 0 });
  });

  it('stops cleanly when the daily budget runs low and resumes after the reset to the same final store', async () => {
    // 40 deals cost ~1,500 tokens to back up (a changelog is 20): at 700 a day (560 above the 20 % reserve) the
    // first runs stop before the activity lists, each backfilling some history, until one run completes.
    const budget = 700;
    const m = model(44, 40);
    const h = await harnessFor(m, { budget });
    const stops: CrmRateLimitError[] = [];
    let result = null;
    // A run may also succeed with part of the history still provisional (the backfill is spread over runs):
    // run daily until the store is whole.
    for (let run = 0; run < 16 && (result === null || h.diff().count > 0); run++) {
      try {
        result = await h.sync();
      } catch (error) {
        if (!(error instanceof CrmRateLimitError)) throw error;
        stops.push(error);
        // Never over the budget: the governor stops before the reserve, the simulator never had to say 429.
        expect(h.sim.stats().tokens.used).toBeLessThanOrEqual(budget);
      }
      advance(m, DAY);
    }
    expect(stops.length).toBeGreaterThan(0);
    expect(stops.every((s) => s.daily)).toBe(true);
    expect(h.sim.stats().rateLimited).toBe(0);
    expect(result?.status).toBe('succeeded');
    expect(h.diff()).toEqual({ differences: [], count: 0 });
    // The same store as one unconstrained sync of the same CRM.
    const free = await harnessFor(m);
    await free.sync();
    expect(readStoreSnapshot(h.db, CONNECTION)).toEqual(readStoreSnapshot(free.db, CONNECTION));
  }, 60_000);
});
