import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CrmDeal } from '../../src/domain/records';
import { closeStore, type Db, openStore } from '../../src/storage/db';
import { upsertDeals } from '../../src/storage/repositories/deals';
import {
  getCursor,
  markMissingDeleted,
  openQuarantineCount,
  quarantineRecords,
  resolveQuarantine,
  setCursor,
} from '../../src/storage/repositories/sync-state';
import { readStoreSnapshot } from '../../src/storage/snapshot';

function deal(id: string, overrides: Partial<CrmDeal> = {}): CrmDeal {
  return {
    externalId: id,
    name: `Deal ${id}`,
    pipelineId: 'default',
    stageId: 's2',
    status: 'open',
    amount: 1000,
    currency: 'EUR',
    amountHome: 1000,
    probability: null,
    createdAt: '2026-01-05T09:00:00.000Z',
    wonAt: null,
    lostAt: null,
    closeDate: '2026-03-31',
    lostReason: null,
    source: 'ORGANIC_SEARCH',
    sourceDetail: null,
    ownerId: '101',
    companyIds: ['c1'],
    contactIds: ['p2', 'p1'],
    properties: { referred_by: null },
    modifiedAt: '2026-01-12T09:00:00.000Z',
    mergedIds: [],
    stageVisits: [
      {
        pipelineId: 'default',
        stageId: 's1',
        enteredAt: '2026-01-05T09:00:00.000Z',
        exitedAt: '2026-01-12T09:00:00.000Z',
      },
      { pipelineId: 'default', stageId: 's2', enteredAt: '2026-01-12T09:00:00.000Z', exitedAt: null },
    ],
    fieldChanges: [
      { field: 'amount', value: '800', at: '2026-01-05T09:00:00.000Z' },
      { field: 'amount', value: '1000', at: '2026-01-10T09:00:00.000Z' },
      { field: 'status', value: 'open', at: '2026-01-05T09:00:00.000Z' },
    ],
    ...overrides,
  };
}

let db: Db;
beforeEach(() => {
  db = openStore({ path: join(mkdtempSync(join(tmpdir(), 'pulse-repo-')), 'p.db') });
});
afterEach(() => closeStore(db));

/** Every row of every CRM table, to prove a second write changed nothing. */
function dump(): string {
  const tables = ['deals', 'stage_visits', 'field_changes', 'associations'];
  return JSON.stringify(tables.map((t) => db.$client.prepare(`select * from ${t} order by 1, 2, 3`).all()));
}

describe('deal repository', () => {
  it('stores a deal with its visits, field history and links', () => {
    upsertDeals(db, 'main', [deal('d1')]);
    const [stored] = readStoreSnapshot(db, 'main').deals;
    expect(stored).toMatchObject({
      id: 'd1',
      stageId: 's2',
      contactIds: ['p1', 'p2'],
      companyIds: ['c1'],
      visits: [
        { stageId: 's1', enteredAt: Date.parse('2026-01-05T09:00:00Z'), exitedAt: Date.parse('2026-01-12T09:00:00Z') },
        { stageId: 's2', enteredAt: Date.parse('2026-01-12T09:00:00Z'), exitedAt: null },
      ],
      history: { amount: [{ value: '800' }, { value: '1000' }], status: [{ value: 'open' }] },
    });
  });

  it('changes nothing when the same page is stored twice', () => {
    upsertDeals(db, 'main', [deal('d1'), deal('d2')]);
    const before = dump();
    upsertDeals(db, 'main', [deal('d1'), deal('d2')]);
    expect(dump()).toBe(before);
  });

  it('replaces visits and links when a deal comes back with a new history', () => {
    upsertDeals(db, 'main', [deal('d1')]);
    upsertDeals(db, 'main', [deal('d1', { contactIds: ['p3'], stageVisits: [] })]);
    const [stored] = readStoreSnapshot(db, 'main').deals;
    expect(stored?.contactIds).toEqual(['p3']);
    expect(stored?.visits).toEqual([]);
  });

  it('tombstones only the stored records an enumeration did not list, once', () => {
    upsertDeals(db, 'main', [deal('d1'), deal('d2'), deal('d3')]);
    expect(markMissingDeleted(db, 'main', 'deals', new Set(['d1', 'd3']), 5000)).toBe(1);
    expect(markMissingDeleted(db, 'main', 'deals', new Set(['d1', 'd3']), 9000)).toBe(0);
    const deleted = readStoreSnapshot(db, 'main').deals.filter((d) => d.deleted);
    expect(deleted.map((d) => d.id)).toEqual(['d2']);
    expect(db.$client.prepare("select deleted_at from deals where external_id = 'd2'").pluck().get()).toBe(5000);
  });
});

describe('sync state', () => {
  it('keeps one open quarantine row per record and closes it once the record is stored', () => {
    const bad = {
      objectType: 'deals' as const,
      externalId: 'd9',
      reason: 'amount: "abc" is not a number',
      payload: {},
    };
    quarantineRecords(db, 'main', 1, [bad], 1000);
    quarantineRecords(db, 'main', 2, [bad], 2000);
    expect(openQuarantineCount(db, 'main', 'deals')).toBe(1);
    resolveQuarantine(db, 'main', 'deals', ['d9'], 3000);
    expect(openQuarantineCount(db, 'main', 'deals')).toBe(0);
  });

  it('stores one cursor per connection and object type', () => {
    setCursor(db, 'main', 'deals', '{"w":1}', 1);
    setCursor(db, 'main', 'deals', '{"w":2}', 2);
    setCursor(db, 'other', 'deals', '{"w":9}', 2);
    expect(getCursor(db, 'main', 'deals')).toBe('{"w":2}');
    expect(getCursor(db, 'main', 'contacts')).toBeNull();
  });
});

describe('catalog repository', () => {
  it('keeps the label of a pipeline and a stage the CRM deleted, marked deleted once', async () => {
    const { upsertPipelines } = await import('../../src/storage/repositories/catalog');
    const stage = (id: string, label: string) => ({
      externalId: id,
      label,
      displayOrder: 0,
      probability: 0.2,
      role: 'open' as const,
      archived: false,
    });
    const sales = {
      externalId: 'p1',
      label: 'Sales',
      displayOrder: 0,
      archived: false,
      stages: [stage('s1', 'Demo'), stage('s2', 'Offer')],
    };
    const renewals = {
      externalId: 'p2',
      label: 'Renewals',
      displayOrder: 1,
      archived: false,
      stages: [stage('s9', 'Quote')],
    };
    upsertPipelines(db, 'main', [sales, renewals], 1000);
    upsertPipelines(db, 'main', [{ ...sales, stages: [stage('s1', 'Demo')] }], 2000);
    upsertPipelines(db, 'main', [{ ...sales, stages: [stage('s1', 'Demo')] }], 3000);
    const pipelines = db.$client.prepare('select external_id, label, deleted_at from pipelines order by 1').all();
    const stages = db.$client.prepare('select external_id, label, deleted_at from stages order by 1').all();
    expect(pipelines).toEqual([
      { external_id: 'p1', label: 'Sales', deleted_at: null },
      { external_id: 'p2', label: 'Renewals', deleted_at: 2000 },
    ]);
    expect(stages).toEqual([
      { external_id: 's1', label: 'Demo', deleted_at: null },
      { external_id: 's2', label: 'Offer', deleted_at: 2000 },
      { external_id: 's9', label: 'Quote', deleted_at: null },
    ]);
  });
});
