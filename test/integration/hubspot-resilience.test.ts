import { afterEach, describe, expect, it } from 'vitest';
import { CrmAuthError } from '../../src/lib/errors';
import { advance, HOUR, MINUTE } from '../../src/simulator/clock';
import { generateModel } from '../../src/simulator/generator';
import { addContact, bulkTouch, deleteRecord } from '../../src/simulator/mutations';
import { connectionStatus } from '../../src/storage/status';
import { CONNECTION, type Harness, startHarness } from '../helpers/hubspot-harness';

const NOW = Date.parse('2026-06-30T09:00:00Z');
let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const model = (seed: number, deals = 150) => generateModel({ seed, deals, months: 6, now: NOW });

describe('HubSpot sync resilience against the simulator', () => {
  it('resumes a sync killed between pages to the same final store, with nothing duplicated', async () => {
    const m = model(21, 300);
    harness = await startHarness(m);
    const abort = new AbortController();
    let pages = 0;
    const killed = harness.sync(
      {},
      {
        signal: abort.signal,
        onProgress: (p) => {
          if (p.objectType === 'deals' && p.phase === 'reading' && p.fetched > 0 && ++pages === 2) abort.abort();
        },
      },
    );
    await expect(killed).rejects.toThrow();
    const partial = harness.db.$client.prepare('select count(*) from deals').pluck().get() as number;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(300);
    const resumed = await harness.sync();
    expect(resumed.status).toBe('succeeded');
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
  });

  it('tombstones nothing when a full sync is killed before its enumeration completed', async () => {
    const m = model(22, 300);
    harness = await startHarness(m);
    await harness.sync();
    const victim = m.deals.find((d) => d.deletedAt === null && d.mergedInto === null)!;
    deleteRecord(m, 'deals', victim.id);
    advance(m, HOUR);
    const abort = new AbortController();
    const killed = harness.sync(
      { full: true },
      {
        signal: abort.signal,
        onProgress: (p) => {
          if (p.objectType === 'deals' && p.fetched >= 100) abort.abort();
        },
      },
    );
    await expect(killed).rejects.toThrow();
    const deleted = harness.db.$client.prepare('select count(*) from deals where deleted_at is not null').pluck();
    const before = deleted.get();
    // Only the complete run may decide what is gone.
    const done = await harness.sync({ full: true });
    expect(done.status).toBe('succeeded');
    expect(deleted.get()).toBe((before as number) + 1);
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
  });

  it('stores exactly the CRM through 429 bursts, 500s, HTML error pages, dropped connections and slow answers', async () => {
    const m = model(23);
    harness = await startHarness(m, {
      faults: [
        { path: '/crm/v3/objects/deals', kind: 'server-error', count: 2 },
        { path: '/crm/v3/objects/contacts', kind: 'server-error', format: 'html', status: 502, count: 1 },
        { path: '/crm/v3/objects/*/batch/read', kind: 'rate-limit', policy: 'TEN_SECONDLY_ROLLING', count: 2 },
        { path: '/crm/v3/objects/*/search', kind: 'rate-limit', policy: 'SECONDLY', count: 2 },
        {
          path: '/crm/v4/associations/*',
          kind: 'rate-limit',
          policy: 'TEN_SECONDLY_ROLLING',
          retryAfterSeconds: 0,
          count: 1,
        },
        { path: '/crm/v3/objects/calls', kind: 'drop', count: 1 },
        { path: '/crm/v3/objects/emails', kind: 'slow', delayMs: 300, count: 1 },
        { path: '/crm/v3/objects/notes', kind: 'no-content-type', count: 1 },
      ],
    });
    const first = await harness.sync();
    expect(first.status).toBe('succeeded');
    advance(m, MINUTE);
    // An incremental run over a few edited deals goes through search, batch read and associations v4.
    const edited = m.deals.filter((d) => d.deletedAt === null && d.mergedInto === null).slice(0, 5);
    bulkTouch(
      m,
      'deals',
      edited.map((d) => d.id),
    );
    advance(m, MINUTE);
    const second = await harness.sync();
    expect(second.status).toBe('succeeded');
    // Every rule fired all its times: 2 + 1 + 2 + 2 + 1 + 1 + 1 + 1.
    expect(harness.sim.faults.pending()).toBe(0);
    expect(harness.sim.stats().faultsFired).toBe(11);
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
  });

  it('quarantines a malformed deal with its reason, reports it, and stores it once it is fixed', async () => {
    const m = model(24);
    harness = await startHarness(m);
    const bad = m.deals.find((d) => d.deletedAt === null && d.mergedInto === null)!;
    const badId = harness.sim.ids.toHubSpot('deals', bad.id)!;
    harness.sim.faults.add({
      path: '/crm/v3/objects/deals*',
      kind: 'malformed-record',
      property: 'amount',
      value: 'abc',
      recordId: badId,
      count: Number.POSITIVE_INFINITY,
    });
    const result = await harness.sync();
    const deals = result.objects.find((o) => o.objectType === 'deals')!;
    expect(deals.quarantined).toBe(1);
    // The CRM's count includes the quarantined record: the run is complete, and says where the record is.
    expect(deals.complete).toBe(true);
    const status = connectionStatus(harness.db, CONNECTION);
    expect(status.openQuarantine).toEqual([
      expect.objectContaining({ objectType: 'deals', externalId: badId, reason: expect.stringContaining('amount') }),
    ]);
    harness.sim.faults.clear();
    advance(m, HOUR);
    bulkTouch(m, 'deals', [bad.id]);
    advance(m, MINUTE);
    await harness.sync();
    expect(connectionStatus(harness.db, CONNECTION).openQuarantine).toEqual([]);
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
  });

  it('walks past the 10,000-result search cap when more than 10,000 contacts share one modified timestamp', async () => {
    const m = model(25, 20);
    for (let i = 0; i < 10_050; i++) addContact(m, { name: `Bulk ${i}`, email: `bulk${i}@example.com` });
    harness = await startHarness(m);
    await harness.sync();
    advance(m, HOUR);
    const live = m.contacts.filter((c) => c.deletedAt === null && c.mergedInto === null).map((c) => c.id);
    bulkTouch(m, 'contacts', live);
    advance(m, MINUTE);
    const result = await harness.sync();
    expect(result.objects.find((o) => o.objectType === 'contacts')).toMatchObject({
      mode: 'incremental',
      fetched: live.length,
      complete: true,
    });
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
  }, 120_000);

  it('reads hundreds of custom properties without a 414, and keeps a departed rep on their deals', async () => {
    const m = model(26, 60);
    const names = Array.from({ length: 400 }, (_, i) => `custom_property_with_a_rather_long_name_${i}`);
    for (const d of m.deals) for (const n of names) d.properties[n] = `v-${d.id}`;
    harness = await startHarness(m);
    const result = await harness.sync();
    expect(result.status).toBe('succeeded');
    const props = harness.db.$client.prepare('select properties from deals limit 1').pluck().get() as string;
    expect(Object.keys(JSON.parse(props))).toEqual(expect.arrayContaining(names.slice(0, 3)));
    const departed = m.users.find((u) => u.archived)!;
    const owner = harness.db.$client
      .prepare('select archived, name from owners where external_id = ?')
      .get(harness.sim.ids.ownerId(departed.id)) as { archived: number; name: string };
    expect(owner).toEqual({ archived: 1, name: departed.name });
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
  });

  it('stops at once with a clear message, and no token in it, when the token is refused', async () => {
    harness = await startHarness(model(27, 10));
    const error = await harness
      .sync({}, {}, { token: 'pat-na1-wrong-token', tokenSource: 'HUBSPOT_TOKEN' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmAuthError);
    expect((error as Error).message).toContain('HUBSPOT_TOKEN');
    expect((error as Error).message).not.toContain('pat-na1-wrong-token');
    expect(harness.sim.stats().total).toBeLessThanOrEqual(3);
    expect(connectionStatus(harness.db, CONNECTION).lastRun).toMatchObject({ status: 'failed' });
  });
});
