import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../src/connectors/hubspot/cursor';
import { listWalk, searchWalk, type WalkPage } from '../../../src/connectors/hubspot/paging';
import type { SearchBody, SearchResponse } from '../../../src/connectors/hubspot/types';

interface Row {
  id: number;
  modifiedMs: number;
}

/** An in-memory search index with HubSpot's rules: one sort, GTE/GT/LTE/EQ filters, 400 past 10,000 results. */
function fakeSearch(rows: Row[]) {
  const bodies: SearchBody[] = [];
  const search = async (body: SearchBody): Promise<SearchResponse> => {
    bodies.push(body);
    const offset = Number(body.after ?? '0');
    if (offset + body.limit > 10_000) throw new Error('400 search past 10,000 results');
    const filters = body.filterGroups[0]?.filters ?? [];
    const matches = rows.filter((r) =>
      filters.every((f) => {
        const v = f.propertyName === 'hs_object_id' ? r.id : r.modifiedMs;
        const x = Number(f.value);
        return { EQ: v === x, GT: v > x, GTE: v >= x, LT: v < x, LTE: v <= x, HAS_PROPERTY: true }[f.operator];
      }),
    );
    const sortKey = body.sorts[0]?.propertyName === 'hs_object_id' ? 'id' : 'modifiedMs';
    matches.sort((a, b) => a[sortKey] - b[sortKey]);
    const slice = matches.slice(offset, offset + body.limit);
    return {
      total: matches.length,
      results: slice.map((r) => ({
        id: String(r.id),
        properties: { hs_object_id: String(r.id), hs_lastmodifieddate: new Date(r.modifiedMs).toISOString() },
        createdAt: '2024-01-01T00:00:00.000Z',
        updatedAt: new Date(r.modifiedMs).toISOString(),
        archived: false,
      })),
      paging: offset + body.limit < matches.length ? { next: { after: String(offset + body.limit) } } : undefined,
    };
  };
  return { search, bodies };
}

const T0 = Date.parse('2024-01-01T00:00:00.000Z');

async function collect(pages: AsyncIterable<WalkPage>): Promise<{ ids: string[]; pages: WalkPage[] }> {
  const out: WalkPage[] = [];
  for await (const page of pages) out.push(page);
  const ids = out.flatMap((p) => p.records.map((r) => (r as { id: string }).id));
  return { ids, pages: out };
}

const base = { modifiedProperty: 'hs_lastmodifieddate', properties: ['hs_object_id'], pageSize: 200, windowCap: 9_900 };

describe('HubSpot search walk', () => {
  it('restarts the window at 9,900 results with GTE the last modified time and delivers each record once', async () => {
    // 12,000 records, three per millisecond, so a restart lands inside a run of equal timestamps.
    const rows = Array.from({ length: 12_000 }, (_, i) => ({ id: i + 1, modifiedMs: T0 + Math.floor(i / 3) }));
    const { search, bodies } = fakeSearch(rows);
    const runStartMs = T0 + 10_000;
    const { ids, pages } = await collect(searchWalk({ ...base, search, watermarkMs: T0, lookBackMs: 0, runStartMs }));
    expect(ids).toHaveLength(12_000);
    expect(new Set(ids).size).toBe(12_000);
    const restarts = bodies.filter((b) => b.after === undefined);
    expect(restarts).toHaveLength(2);
    // The 9,900th record (index 9,899) was modified at T0 + 3,299: the second window starts there, inclusive.
    expect(restarts[1]?.filterGroups[0]?.filters[0]).toEqual({
      propertyName: 'hs_lastmodifieddate',
      operator: 'GTE',
      value: String(T0 + 3_299),
    });
    // No request ever asks past the 10,000th result of a window.
    expect(Math.max(...bodies.map((b) => Number(b.after ?? 0) + b.limit))).toBeLessThanOrEqual(9_900);
    expect(pages.at(-1)?.cursor).toEqual({ v: 1, w: runStartMs });
  });

  it('walks by hs_object_id when one timestamp alone holds more than 10,000 records', async () => {
    const bulk = Array.from({ length: 10_500 }, (_, i) => ({ id: i + 1, modifiedMs: T0 + 5 }));
    const after = Array.from({ length: 50 }, (_, i) => ({ id: 20_000 + i, modifiedMs: T0 + 6 + i }));
    const before = [{ id: 30_000, modifiedMs: T0 + 1 }];
    const { search, bodies } = fakeSearch([...before, ...bulk, ...after]);
    const { ids, pages } = await collect(
      searchWalk({ ...base, search, watermarkMs: T0, lookBackMs: 0, runStartMs: T0 + 1_000 }),
    );
    expect(new Set(ids).size).toBe(10_551);
    expect(ids).toHaveLength(10_551);
    const idWalk = bodies.filter((b) => b.sorts[0]?.propertyName === 'hs_object_id');
    expect(idWalk[0]?.filterGroups[0]?.filters).toEqual([
      { propertyName: 'hs_lastmodifieddate', operator: 'EQ', value: String(T0 + 5) },
      { propertyName: 'hs_object_id', operator: 'GT', value: '0' },
    ]);
    // After the id walk the time walk resumes strictly after the bulk timestamp.
    const resumed = bodies.find((b) => b.filterGroups[0]?.filters[0]?.operator === 'GT');
    expect(resumed?.filterGroups[0]?.filters[0]?.value).toBe(String(T0 + 5));
    // While inside the bulk timestamp the cursor never claims it: the next run re-reads it whole.
    const idPages = pages.filter((p) => p.cursor.w === T0 + 5);
    expect(idPages.length).toBeGreaterThan(0);
  });

  it('starts at the watermark minus the look-back and emits each record once', async () => {
    const watermark = T0 + 600_000;
    const rows = [
      { id: 1, modifiedMs: watermark - 400_000 }, // before the look-back: not re-read
      { id: 2, modifiedMs: watermark - 60_000 }, // late-indexed record inside the look-back
      { id: 3, modifiedMs: watermark },
      { id: 4, modifiedMs: watermark + 1_000 },
    ];
    const { search, bodies } = fakeSearch(rows);
    const { ids, pages } = await collect(
      searchWalk({
        ...base,
        pageSize: 2,
        search,
        watermarkMs: watermark,
        lookBackMs: 300_000,
        runStartMs: watermark + 5_000,
      }),
    );
    expect(bodies[0]?.filterGroups[0]?.filters[0]?.value).toBe(String(watermark - 300_000));
    expect(ids).toEqual(['2', '3', '4']);
    // The first page ends before the stored watermark: its cursor never moves the watermark back.
    expect(pages[0]?.cursor.w).toBe(watermark);
  });

  it('emits page cursors that only cover delivered records', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: i + 1, modifiedMs: T0 + 10 * (i + 1) }));
    const { search } = fakeSearch(rows);
    const { pages } = await collect(
      searchWalk({ ...base, pageSize: 2, search, watermarkMs: T0, lookBackMs: 0, runStartMs: T0 + 1_000 }),
    );
    // Page 1 delivered T0+10 and T0+20: a tie at T0+20 could continue on page 2, so the watermark stops there.
    expect(pages.map((p) => p.cursor.w)).toEqual([T0 + 20, T0 + 40, T0 + 1_000]);
  });
});

describe('HubSpot list walk', () => {
  it('carries the list offset while listing and the run start on the last page', async () => {
    const list = async (after: string | undefined) =>
      after === undefined
        ? { results: [{ id: '1' }], paging: { next: { after: '2' } } }
        : { results: [{ id: '2' }], paging: undefined };
    const { pages } = await collect(listWalk({ list, runStartMs: T0 }));
    expect(pages.map((p) => p.cursor)).toEqual([
      { v: 1, w: T0, full: { after: '2' } },
      { v: 1, w: T0 },
    ]);
  });
});

describe('HubSpot cursor', () => {
  it('round-trips through its JSON string and rejects foreign strings', () => {
    const cursor = { v: 1 as const, w: T0, full: { after: '500' } };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(null)).toBeNull();
    expect(() => decodeCursor('2024-01-01')).toThrow(/unreadable HubSpot cursor/);
  });
});
