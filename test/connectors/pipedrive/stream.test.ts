import type { ParsedUrlQuery } from 'node:querystring';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPipedriveConnector, type PipedriveConnectorOptions } from '../../../src/connectors/pipedrive/index';
import type { Page } from '../../../src/connectors/types';
import type { CrmDeal, CrmLead } from '../../../src/domain/records';
import { CrmRateLimitError } from '../../../src/lib/errors';
import { byId, dataOf, fixture } from './fixture';

const BASE = 'http://acme.pipedrive.test';
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const list = (data: unknown[], next: string | null = null) => ({
  success: true,
  data,
  additional_data: { next_cursor: next },
});
const deals = dataOf('api/v2/deals');
const deal = (id: number, patch: Record<string, unknown> = {}) => ({ ...(byId(deals, id) as object), ...patch });

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

function connector(extra: Partial<PipedriveConnectorOptions> = {}) {
  return createPipedriveConnector({ baseUrl: BASE, token: 't'.repeat(40), sleep: async () => {}, ...extra });
}

/** Pipelines, stages and deal fields: read once per connector. */
function catalog(scope: nock.Scope): nock.Scope {
  for (const path of ['api/v2/pipelines', 'api/v2/stages', 'api/v2/dealFields']) {
    scope.get(`/${path}`).query(true).reply(200, fixture('GET', path), JSON_HEADERS);
  }
  return scope;
}

async function drain<T>(iterable: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  for await (const page of iterable) pages.push(page);
  return pages;
}

describe('Pipedrive deal stream', () => {
  it('reads live and archived deals with their changelogs, then only re-reads changelogs of changed deals', async () => {
    const queries: ParsedUrlQuery[] = [];
    const track = (q: ParsedUrlQuery) => {
      queries.push(q);
      return true;
    };
    const scope = catalog(nock(BASE))
      .get('/api/v2/deals')
      .query(track)
      .reply(200, list(deals), JSON_HEADERS)
      .get('/api/v2/deals/archived')
      .query(true)
      .reply(200, fixture('GET', 'api/v2/deals/archived'), JSON_HEADERS);
    for (const id of [101, 102, 103]) {
      scope
        .get(`/v1/deals/${id}/changelog`)
        .query(true)
        .reply(200, fixture('GET', `v1/deals/${id}/changelog`), JSON_HEADERS);
    }
    scope.get('/v1/deals/90/changelog').query(true).reply(200, list([]), JSON_HEADERS);
    const crm = connector();
    const full = await drain(crm.stream('deals', { cursor: null }));
    expect(queries[0]).toEqual({
      sort_by: 'update_time',
      sort_direction: 'asc',
      include_fields: 'first_won_time,source_lead_id',
      limit: '500',
    });
    expect(full.flatMap((p) => p.records.map((d) => d.externalId))).toEqual(['101', '102', '103', '90']);
    expect(full[0]?.quarantined.map((q) => q.externalId)).toEqual(['104']);
    const cursor = full.at(-1)?.cursor ?? null;
    expect(JSON.parse(cursor ?? '{}')).toMatchObject({
      walks: {
        live: { w: Date.parse('2026-02-03T10:00:01Z') / 1000 },
        archived: { w: Date.parse('2025-09-01T00:00:00Z') / 1000 },
      },
      pending: [],
    });

    // Next run: 102 comes again at the same second (overlap, dropped), 103 only renamed (no changelog, history
    // kept), 101 reopened (tracked field changed: changelog read again).
    const next = catalog(nock(BASE))
      .get('/api/v2/deals')
      .query(track)
      .reply(
        200,
        list([
          deal(102),
          deal(103, { title: 'Initech (renamed)', update_time: '2026-02-04T08:00:00Z' }),
          deal(101, { status: 'open', won_time: null, update_time: '2026-02-05T08:00:00Z' }),
        ]),
        JSON_HEADERS,
      )
      .get('/api/v2/deals/archived')
      .query(true)
      .reply(200, list([]), JSON_HEADERS)
      .get('/v1/deals/101/changelog')
      .query(true)
      .reply(200, fixture('GET', 'v1/deals/101/changelog'), JSON_HEADERS);
    const crm2 = connector();
    const pages = await drain(crm2.stream('deals', { cursor }));
    // The watermark second and a minute of overlap, in whole seconds (`updated_since` rejects fractions).
    expect(queries[1]?.updated_since).toBe('2026-02-03T09:59:01Z');
    expect(pages[0]?.records.map((d) => d.externalId)).toEqual(['103', '101']);
    expect(pages[0]?.keepHistoryOf).toEqual(['103']);
    expect(crm2.stats().callsByKind).toMatchObject({ changelog: 1, deals: 1, 'deals-archived': 1 });
    expect(next.isDone()).toBe(true);
  });

  it('stops cleanly between pages when the budget runs low and resumes from the committed page next run', async () => {
    catalog(nock(BASE))
      .get('/api/v2/deals')
      .query(true)
      .reply(200, list([deal(102)], 'bmV4dA'), JSON_HEADERS)
      .get('/v1/deals/102/changelog')
      .query(true)
      .reply(200, fixture('GET', 'v1/deals/102/changelog'), JSON_HEADERS);
    // 10 (list) + 20 (stages, pipelines, fields) + 20 (changelog) = 50 spent: the next list page does not fit.
    const crm = connector({ dailyTokenBudget: 55, reservePercent: 0, changelogFloorPercent: 0 });
    const committed: Page<CrmDeal>[] = [];
    const error = await (async () => {
      for await (const page of crm.stream('deals', { cursor: null })) committed.push(page);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmRateLimitError);
    expect(error).toMatchObject({ daily: true });
    expect(committed.map((p) => p.records.map((d) => d.externalId))).toEqual([['102']]);
    expect(crm.stats().tokens).toEqual({ used: 50, left: 5 });

    const queries: ParsedUrlQuery[] = [];
    catalog(nock(BASE))
      .get('/api/v2/deals')
      .query((q) => {
        queries.push(q);
        return true;
      })
      .reply(200, list([deal(102), deal(103)]), JSON_HEADERS)
      .get('/v1/deals/103/changelog')
      .query(true)
      .reply(200, fixture('GET', 'v1/deals/103/changelog'), JSON_HEADERS)
      .get('/api/v2/deals/archived')
      .query(true)
      .reply(200, list([]), JSON_HEADERS);
    const pages = await drain(connector().stream('deals', { cursor: committed[0]?.cursor ?? null }));
    expect(queries[0]?.updated_since).toBe('2026-02-03T09:59:00Z');
    expect(pages.flatMap((p) => p.records.map((d) => d.externalId))).toEqual(['103']);
  });

  it('spreads the first history backfill over runs: provisional now, changelog when the budget allows', async () => {
    catalog(nock(BASE))
      .get('/api/v2/deals')
      .query(true)
      .reply(200, list([deal(102)]), JSON_HEADERS)
      .get('/api/v2/deals/archived')
      .query(true)
      .reply(200, list([]), JSON_HEADERS);
    // 10 % of 600 kept for the other types: no changelog fits after the lists.
    const first = await drain(
      connector({ dailyTokenBudget: 600, reservePercent: 90 }).stream('deals', { cursor: null }),
    );
    expect(first[0]?.records[0]?.stageVisits).toEqual([
      { pipelineId: '2', stageId: '20', enteredAt: '2026-01-10T08:00:00.000Z', exitedAt: null },
    ]);
    const cursor = first.at(-1)?.cursor ?? null;
    expect(JSON.parse(cursor ?? '{}').pending).toEqual(['102']);

    catalog(nock(BASE))
      .get('/api/v2/deals')
      .query((q) => q.ids === undefined)
      .reply(200, list([]), JSON_HEADERS)
      .get('/api/v2/deals/archived')
      .query(true)
      .reply(200, list([]), JSON_HEADERS)
      .get('/api/v2/deals')
      .query({
        sort_by: 'update_time',
        sort_direction: 'asc',
        include_fields: 'first_won_time,source_lead_id',
        limit: 500,
        ids: '102',
      })
      .reply(200, list([deal(102)]), JSON_HEADERS)
      .get('/v1/deals/102/changelog')
      .query(true)
      .reply(200, fixture('GET', 'v1/deals/102/changelog'), JSON_HEADERS);
    const second = await drain(connector().stream('deals', { cursor }));
    const backfilled = second.at(-1);
    expect(backfilled?.records[0]?.stageVisits).toHaveLength(2);
    expect(JSON.parse(backfilled?.cursor ?? '{}').pending).toEqual([]);
  });

  it('enumerates live and archived ids for reconciliation and reports recently deleted deals as tombstones', async () => {
    nock(BASE)
      .get('/api/v2/deals')
      .query((q) => q.status === undefined)
      .reply(200, list(deals.slice(0, 2), 'Mg'), JSON_HEADERS)
      .get('/api/v2/deals')
      .query((q) => q.cursor === 'Mg')
      .reply(200, list(deals.slice(2)), JSON_HEADERS)
      .get('/api/v2/deals/archived')
      .query(true)
      .reply(200, fixture('GET', 'api/v2/deals/archived'), JSON_HEADERS)
      .get('/api/v2/deals')
      .query((q) => q.status === 'deleted')
      .reply(200, list([deal(102, { id: 77, is_deleted: true, update_time: '2026-06-01T08:00:00Z' })]), JSON_HEADERS);
    const crm = connector();
    const ids: string[] = [];
    for await (const batch of crm.enumerateIds('deals')) ids.push(...batch);
    expect(ids).toEqual(['101', '102', '103', '104', '90']);
    await expect(crm.count('deals')).resolves.toBe(5);
    const tombstones = [];
    for await (const batch of crm.tombstones('deals')) tombstones.push(...batch);
    expect(tombstones).toEqual([{ externalId: '77', at: '2026-06-01T08:00:00.000Z', mergedInto: null }]);
  });
});

describe('Pipedrive lead stream', () => {
  it('keeps leads first-class and adds the converted ones from their deals', async () => {
    nock(BASE)
      .get('/api/v2/dealFields')
      .query(true)
      .reply(200, fixture('GET', 'api/v2/dealFields'), JSON_HEADERS)
      .get('/v1/leads')
      .query((q) => q.sort === 'update_time ASC' && q.start === '0')
      .reply(200, fixture('GET', 'v1/leads'), JSON_HEADERS)
      .get('/v1/leads/archived')
      .query(true)
      .reply(
        200,
        {
          success: true,
          data: [],
          additional_data: { pagination: { start: 0, limit: 500, more_items_in_collection: false } },
        },
        JSON_HEADERS,
      )
      .get('/api/v2/deals')
      .query(true)
      .reply(200, list(deals), JSON_HEADERS)
      // Archived deals are converted leads' deals too (their own endpoint).
      .get('/api/v2/deals/archived')
      .query(true)
      .reply(200, list([]), JSON_HEADERS);
    const pages: Page<CrmLead>[] = await drain(connector().stream('leads', { cursor: null }));
    const leads = pages.flatMap((p) => p.records);
    expect(leads.map((l) => [l.externalId, l.dealIds, l.convertedAt])).toEqual([
      ['8a2d9c7e-1f3b-4e5d-a6c7-b8d9e0f1a2b3', [], null],
      ['3f1c2a9e-4b7d-4c1a-9f0e-2d6b8a7c5e41', ['101'], '2026-01-05T10:00:00.000Z'],
    ]);
  });
});
