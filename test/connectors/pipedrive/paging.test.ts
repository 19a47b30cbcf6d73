import { describe, expect, it } from 'vitest';
import { paginate, type Query, updatedWalk } from '../../../src/connectors/pipedrive/paging';
import { identify } from '../../../src/connectors/pipedrive/stream';
import type { ListEnvelope } from '../../../src/connectors/pipedrive/types';

const rec = (id: number, update: string) => ({ id, update_time: update });

describe('one paginator for both paging styles', () => {
  it('follows v2 next_cursor and never sends a cursor on the first call', async () => {
    const calls: Query[] = [];
    const pages: ListEnvelope[] = [
      { success: true, data: [1, 2], additional_data: { next_cursor: 'eyJpZCI6Mn0' } },
      { success: true, data: [3], additional_data: { next_cursor: null } },
    ];
    const out: unknown[][] = [];
    for await (const page of paginate({
      style: 'cursor',
      list: async (q) => {
        calls.push(q);
        return pages[calls.length - 1]!;
      },
    }))
      out.push(page);
    expect(calls).toEqual([{}, { cursor: 'eyJpZCI6Mn0' }]);
    expect(out).toEqual([[1, 2], [3]]);
  });

  it('follows v1 pagination.next_start while more_items_in_collection is true', async () => {
    const calls: Query[] = [];
    const pages: ListEnvelope[] = [
      {
        success: true,
        data: [1],
        additional_data: { pagination: { start: 0, limit: 1, more_items_in_collection: true, next_start: 1 } },
      },
      {
        success: true,
        data: [2],
        additional_data: { pagination: { start: 1, limit: 1, more_items_in_collection: false } },
      },
    ];
    for await (const _ of paginate({
      style: 'offset',
      list: async (q) => {
        calls.push(q);
        return pages[calls.length - 1]!;
      },
    })) {
      // drain
    }
    expect(calls).toEqual([{ start: 0 }, { start: 1 }]);
  });
});

describe('updated-since walk', () => {
  it('re-reads the overlap in whole seconds and drops what it already delivered at the same second', async () => {
    const sinces: (number | null)[] = [];
    const w = Date.UTC(2026, 0, 1, 10, 0, 0) / 1000;
    const walk = updatedWalk({
      style: 'cursor',
      overlapSeconds: 60,
      identify,
      // 1 was delivered at w last run; 2 was committed late (before w, unseen); 1 again after a new edit.
      state: { w, recent: { '1': w, '3': w } },
      list: async (_q, since) => {
        sinces.push(since);
        return {
          success: true,
          data: [rec(2, '2026-01-01T09:59:30Z'), rec(3, '2026-01-01T10:00:00Z'), rec(1, '2026-01-01T10:00:07Z')],
          additional_data: { next_cursor: null },
        };
      },
    });
    const pages = [];
    for await (const page of walk) pages.push(page);
    expect(sinces).toEqual([w - 60]);
    expect(pages[0]?.records.map((r) => identify(r).id)).toEqual(['2', '1']);
    expect(pages[0]?.state.w).toBe(w + 7);
    expect(pages[0]?.state.recent).toEqual({ '1': w + 7, '2': w - 30, '3': w });
  });

  it('sends no updated_since on a full read and starts the watermark from what it sees', async () => {
    const sinces: (number | null)[] = [];
    const walk = updatedWalk({
      style: 'cursor',
      overlapSeconds: 60,
      identify,
      state: { w: null, recent: {} },
      list: async (_q, since) => {
        sinces.push(since);
        return { success: true, data: [rec(5, '2026-01-01T10:00:00.900Z')], additional_data: { next_cursor: null } };
      },
    });
    for await (const page of walk) expect(page.state.w).toBe(Date.UTC(2026, 0, 1, 10) / 1000);
    expect(sinces).toEqual([null]);
  });
});
