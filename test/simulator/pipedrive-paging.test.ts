/**
 * Paging and list semantics over HTTP: v2 cursors, v1 offsets, the changelog cursor, `updated_since`
 * (inclusive, whole seconds), the 30-day deleted window, the archived endpoint, prefixes, and model writes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DAY } from '../../src/simulator/clock.js';
import { addDeal, deleteRecord, mergeDeals, setDealFields } from '../../src/simulator/mutations.js';
import { type PipedriveSimulator, startPipedriveSimulator } from '../../src/simulator/pipedrive/server.js';
import { pipedriveModel, T } from './pipedrive-fixture.js';
import { get } from './pipedrive-http.js';

let sim: PipedriveSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const start = async (model = pipedriveModel()) => {
  sim = await startPipedriveSimulator({ model });
  return sim;
};
const ids = (body: { data: { id: number }[] }) => body.data.map((d) => d.id);

describe('v2 cursor paging', () => {
  it('walks deals by id with next_cursor and ends with null', async () => {
    const s = await start();
    const first = await get(s, '/api/v2/deals?limit=2');
    expect(ids(first.body)).toEqual([300000001, 300000002]);
    const cursor = first.body.additional_data.next_cursor;
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString())).toEqual({
      field: 'id',
      fieldValue: 300000003,
      sortDirection: 'asc',
      id: 300000003,
    });
    const second = await get(s, `/api/v2/deals?limit=2&cursor=${cursor}`);
    expect(ids(second.body)).toEqual([300000003, 300000004]);
    expect(second.body.additional_data.next_cursor).toBeNull();
  });

  it('sorts by update_time descending with the id tie-break, across pages', async () => {
    const s = await start();
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = await get(s, `/api/v2/deals?limit=1&sort_by=update_time&sort_direction=desc${q}`);
      seen.push(...ids(page.body));
      cursor = page.body.additional_data.next_cursor;
    } while (cursor !== null);
    expect(seen).toEqual([300000004, 300000003, 300000002, 300000001]);
  });

  it('rejects a limit above 500, a cursor of another sort and a made-up cursor', async () => {
    const s = await start();
    const big = await get(s, '/api/v2/deals?limit=501');
    expect(big.status).toBe(400);
    expect(big.body).toMatchObject({ success: false, data: null });
    const c = (await get(s, '/api/v2/deals?limit=1')).body.additional_data.next_cursor;
    expect((await get(s, `/api/v2/deals?limit=1&sort_by=add_time&cursor=${c}`)).status).toBe(400);
    expect((await get(s, '/api/v2/deals?cursor=0')).status).toBe(400);
  });

  it('pages stages and filters them by pipeline', async () => {
    const s = await start();
    const page = await get(s, '/api/v2/stages?limit=3');
    expect(ids(page.body)).toEqual([1001, 1002, 1003]);
    const rest = await get(s, `/api/v2/stages?limit=3&cursor=${page.body.additional_data.next_cursor}`);
    expect(ids(rest.body)).toEqual([2001]);
    expect(ids((await get(s, '/api/v2/stages?pipeline_id=2')).body)).toEqual([2001]);
  });
});

describe('v1 offset paging', () => {
  it('reports more_items_in_collection and next_start only when more exist', async () => {
    const s = await start();
    const first = await get(s, '/v1/dealFields?limit=5');
    expect(first.body.data).toHaveLength(5);
    expect(first.body.additional_data.pagination).toEqual({
      start: 0,
      limit: 5,
      more_items_in_collection: true,
      next_start: 5,
    });
    const last = await get(s, '/v1/dealFields?start=20&limit=5');
    expect(last.body.additional_data.pagination).toEqual({ start: 20, limit: 5, more_items_in_collection: false });
  });

  it('caps call logs at 50 per page', async () => {
    const s = await start();
    expect((await get(s, '/v1/callLogs')).body.additional_data.pagination.limit).toBe(50);
    expect((await get(s, '/v1/callLogs?limit=51')).status).toBe(400);
    const page = await get(s, '/v1/callLogs?limit=2');
    expect(page.body.data.map((c: { outcome: string }) => c.outcome)).toEqual(['connected', 'no_answer']);
    expect(page.body.additional_data.pagination.next_start).toBe(2);
  });

  it('pages the changelog newest first by cursor', async () => {
    const s = await start();
    const first = await get(s, '/v1/deals/300000003/changelog?limit=4');
    expect(first.body.data.map((r: { time: string }) => r.time)).toEqual([
      '2026-02-27 08:00:00',
      '2026-02-27 08:00:00',
      '2026-02-12 08:00:00',
      '2026-02-12 08:00:00',
    ]);
    const cursor = first.body.additional_data.next_cursor;
    expect(Buffer.from(cursor, 'base64url').toString()).toBe('id:1');
    const rest = await get(s, `/v1/deals/300000003/changelog?limit=4&cursor=${cursor}`);
    expect(rest.body.data.map((r: { field_key: string }) => r.field_key)).toEqual(['lost_reason', 'status']);
    expect(rest.body.additional_data.next_cursor).toBeNull();
  });
});

describe('updated_since', () => {
  it('is inclusive, updated_until exclusive, whole seconds only', async () => {
    const s = await start();
    const since = await get(s, '/api/v2/deals?updated_since=2026-02-24T10:00:00Z');
    expect(ids(since.body)).toEqual([300000002, 300000003, 300000004]);
    const window = await get(s, '/api/v2/deals?updated_since=2026-02-09T09:00:00Z&updated_until=2026-02-27T08:00:00Z');
    expect(ids(window.body)).toEqual([300000001, 300000002]);
    const offset = await get(s, '/api/v2/deals?updated_since=2026-02-24T11:00:00%2B01:00');
    expect(ids(offset.body)).toEqual([300000002, 300000003, 300000004]);
    const frac = await get(s, '/api/v2/deals?updated_since=2026-02-24T10:00:00.123Z');
    expect(frac.status).toBe(400);
    expect(frac.body.error).toContain('ERR_SCHEMA_VALIDATION_FAILED');
  });

  it('compares the served whole-second update_time', async () => {
    const model = pipedriveModel();
    const s = await start(model);
    model.now = T('2026-03-31T18:00:00.700Z');
    setDealFields(model, 'd4', { amount: 700 });
    const res = await get(s, '/api/v2/deals?updated_since=2026-03-31T18:00:00Z');
    expect(ids(res.body)).toEqual([300000004]);
    expect(res.body.data[0].update_time).toBe('2026-03-31T18:00:00Z');
  });
});

describe('deleted and archived deals', () => {
  it('lists deletions of the last 30 days under status=deleted only, and purges older ones', async () => {
    const model = pipedriveModel();
    const s = await start(model);
    expect(ids((await get(s, '/api/v2/deals?status=deleted')).body)).toEqual([300000005]);
    expect((await get(s, '/api/v2/deals/300000005')).body.data.is_deleted).toBe(true);
    expect((await get(s, '/api/v2/deals/300000008')).status).toBe(404);
    model.now += 10 * DAY; // d5 was deleted 21 days before: now 31
    expect(ids((await get(s, '/api/v2/deals?status=deleted')).body)).toEqual([]);
    expect((await get(s, '/api/v2/deals/300000005')).status).toBe(404);
  });

  it('serves archived deals only behind their endpoint, with statuses filtering both', async () => {
    const s = await start();
    expect(ids((await get(s, '/api/v2/deals')).body)).not.toContain(300000007);
    const archived = await get(s, '/api/v2/deals/archived');
    expect(ids(archived.body)).toEqual([300000007]);
    expect(archived.body.data[0]).toMatchObject({ is_archived: true, status: 'won' });
    expect(ids((await get(s, '/api/v2/deals?status=won,lost')).body)).toEqual([300000001, 300000002, 300000003]);
    expect(ids((await get(s, '/api/v2/deals?status=open,deleted')).body)).toEqual([300000004, 300000005]);
  });
});

describe('routing and writes', () => {
  it('answers v1 under /v1 and /api/v1, v2 only under /api/v2', async () => {
    const s = await start();
    expect((await get(s, '/v1/users/me')).status).toBe(200);
    expect((await get(s, '/api/v1/users/me')).status).toBe(200);
    const v2 = await get(s, '/v2/deals');
    expect(v2.status).toBe(404);
    expect(v2.body.success).toBe(false);
  });

  it('shows mutations made through the model without an invalidate', async () => {
    const model = pipedriveModel();
    const s = await start(model);
    await get(s, '/api/v2/deals');
    addDeal(model, { id: 'd9', name: 'New', pipeline: 'sales', stage: 'qualify', owner: 'bob', amount: 10 });
    setDealFields(model, 'd4', { stage: 'demo' });
    deleteRecord(model, 'deals', 'd2');
    mergeDeals(model, 'd1', 'd3');
    const live = ids((await get(s, '/api/v2/deals')).body);
    expect(live).toEqual([300000001, 300000004, 300000009]);
    expect((await get(s, '/api/v2/deals/300000004')).body.data.stage_id).toBe(1002);
    expect(ids((await get(s, '/api/v2/deals?status=deleted')).body)).toEqual([300000002, 300000003, 300000005]);
    const log = await get(s, '/v1/deals/300000004/changelog');
    expect(log.body.data[0]).toMatchObject({ field_key: 'stage_id', old_value: '1003', new_value: '1002' });
  });
});
