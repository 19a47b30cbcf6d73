/**
 * Paging styles (pipedrive-api.md §2): v2 cursor paging over a sorted index, v1 offset paging, and the v1
 * changelog's cursor. Cursors are opaque base64url strings shaped like the spec's examples: v2 encodes
 * `{"field","fieldValue","sortDirection","id"}` of the first item of the next page, so a page boundary survives
 * records changing in between (the next page starts at that sort key, not at a position).
 */
import { badRequest } from './errors.js';

/** One entry of a sorted index: the sort value, the Pipedrive id (tie-break), the model position. */
export interface IndexEntry {
  key: number | string;
  id: number;
  pos: number;
}

/** Orders entries by (key, id) ascending. */
export function compareEntries(a: { key: number | string; id: number }, b: { key: number | string; id: number }) {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.id - b.id;
}

interface V2Cursor {
  field: string;
  fieldValue: number | string;
  sortDirection: 'asc' | 'desc';
  id: number;
}

const encode = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

export function encodeV2Cursor(c: V2Cursor): string {
  return encode(JSON.stringify(c));
}

function decodeV2Cursor(raw: string, field: string, direction: 'asc' | 'desc'): V2Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('Invalid cursor');
  }
  const c = parsed as Partial<V2Cursor> | null;
  if (
    c === null ||
    typeof c !== 'object' ||
    typeof c.id !== 'number' ||
    (typeof c.fieldValue !== 'number' && typeof c.fieldValue !== 'string')
  ) {
    throw badRequest('Invalid cursor');
  }
  // A cursor of another sort would silently skip or repeat records: refuse it.
  if (c.field !== field || c.sortDirection !== direction) throw badRequest('Cursor does not match the sort');
  return c as V2Cursor;
}

/** What one v2 page request asks for. */
export interface V2PageRequest {
  field: string;
  direction: 'asc' | 'desc';
  limit: number;
  cursor: string | null;
  /** Skip straight to entries with key >= this (only used with an ascending numeric time sort). */
  lowerKey?: number;
}

/** The positions of one page and the next cursor (null on the last page). */
export interface V2Page {
  positions: number[];
  nextCursor: string | null;
}

/** First index whose entry is >= target in (key, id) order. */
function lowerBound(sorted: readonly IndexEntry[], target: { key: number | string; id: number }): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntries(sorted[mid]!, target) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One v2 page over an ascending index (a descending sort walks it backwards). `keep` filters entries; the scan
 * stops after `limit + 1` kept entries, so a page costs O(limit) when few entries are filtered out.
 */
export function v2Page(sorted: readonly IndexEntry[], req: V2PageRequest, keep: (pos: number) => boolean): V2Page {
  const asc = req.direction === 'asc';
  let i: number;
  if (req.cursor !== null) {
    const c = decodeV2Cursor(req.cursor, req.field, req.direction);
    const at = lowerBound(sorted, { key: c.fieldValue, id: c.id });
    // Descending: the cursor entry itself is the first of the page, then smaller keys.
    i = asc
      ? at
      : at < sorted.length && compareEntries(sorted[at]!, { key: c.fieldValue, id: c.id }) === 0
        ? at
        : at - 1;
  } else i = asc ? 0 : sorted.length - 1;
  if (asc && req.lowerKey !== undefined) i = Math.max(i, lowerBound(sorted, { key: req.lowerKey, id: -Infinity }));
  const picked: IndexEntry[] = [];
  for (; asc ? i < sorted.length : i >= 0; i += asc ? 1 : -1) {
    const e = sorted[i]!;
    if (!keep(e.pos)) continue;
    picked.push(e);
    if (picked.length > req.limit) break;
  }
  const next = picked[req.limit];
  return {
    positions: picked.slice(0, req.limit).map((e) => e.pos),
    nextCursor:
      next === undefined
        ? null
        : encodeV2Cursor({ field: req.field, fieldValue: next.key, sortDirection: req.direction, id: next.id }),
  };
}

/** v1 offset paging: the slice and `additional_data.pagination` (`next_start` only when more exist). */
export function v1Page<T>(items: readonly T[], start: number, limit: number) {
  const page = items.slice(start, start + limit);
  const more = items.length > start + limit;
  const pagination: Record<string, unknown> = { start, limit, more_items_in_collection: more };
  if (more) pagination.next_start = start + limit;
  return { page, pagination };
}

/** The v1 changelog cursor: `id:<n>` in base64url, as the spec's example `aWQ6NTQ0` (= `id:544`). */
export function encodeChangelogCursor(n: number): string {
  return encode(`id:${n}`);
}

export function decodeChangelogCursor(raw: string): number {
  const m = /^id:(\d+)$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  // The live API answers a made-up cursor (e.g. `cursor=0`) with a 400 (pipedrive-api.md §10).
  if (!m) throw badRequest('Cursor not recognized');
  return Number(m[1]);
}
