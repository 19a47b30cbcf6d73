/**
 * The two walks that feed every stream: the modified-time search walk for incremental syncs (hubspot-api.md §5,
 * "Standard >10k walk") and the plain list walk for full syncs (§4, no 10,000 cap). Both are pure over an
 * injected `search` / `list` function, so the walk logic is tested without HTTP.
 */
import type { SyncCursor } from './cursor';
import type { ListResponse, SearchBody, SearchResponse } from './types';

/** A page of raw records plus the cursor that covers it and every earlier page. */
export interface WalkPage {
  records: unknown[];
  cursor: SyncCursor;
}

export interface SearchWalkOptions {
  search: (body: SearchBody) => Promise<SearchResponse>;
  /** `lastmodifieddate` for contacts, `hs_lastmodifieddate` for everything else. */
  modifiedProperty: string;
  properties: string[];
  /** Stored watermark: nothing below it needs delivering again, so page cursors never go below it. */
  watermarkMs: number;
  /** Look-back overlap: the walk starts at `watermarkMs - lookBackMs` for records that reached the index late. */
  lookBackMs: number;
  /** Run start (now minus a safety margin): the upper bound of every window and the final watermark. */
  runStartMs: number;
  /** Search page size, at most 200. */
  pageSize: number;
  /** Results read from one window before restarting it: search refuses offsets past 10,000. */
  windowCap: number;
  signal?: AbortSignal | undefined;
}

type Mode =
  | { kind: 'modified'; fromMs: number; exclusive: boolean }
  /** Every record modified exactly at `atMs`, by id: one timestamp alone filled a whole window. */
  | { kind: 'ids'; atMs: number; afterId: string };

interface Identity {
  id: string | null;
  modifiedMs: number | null;
}

/**
 * Walks `modified in [watermark - lookBack, runStart]` in ascending modified order. Each window reads at most
 * `windowCap` results, then restarts with `modified >= last modified seen` (GTE, not GT: GT would drop the rest
 * of a timestamp that straddles the restart), de-duplicating by id. When a whole window holds one timestamp the
 * walk cannot progress by time, so it enumerates that timestamp by `hs_object_id > last id` and then resumes with
 * `modified > that timestamp`.
 *
 * Known limit of offset paging: a record modified during the walk leaves the result set and shifts later results
 * one place down, so one record may be skipped in that window; the look-back of the next run usually catches it.
 */
export async function* searchWalk(o: SearchWalkOptions): AsyncGenerator<WalkPage> {
  let mode: Mode = { kind: 'modified', fromMs: Math.max(0, o.watermarkMs - o.lookBackMs), exclusive: false };
  let floorMs = o.watermarkMs;
  // Ids delivered in this run whose modified time may still come back (>= the current window start).
  const seen = new Map<string, number | null>();

  for (;;) {
    let offset = 0;
    let lastModified: number | null = null;
    let lastId: string | null = null;
    let exhausted = false;
    while (offset < o.windowCap) {
      o.signal?.throwIfAborted();
      const limit = Math.min(o.pageSize, o.windowCap - offset);
      const response = await o.search(searchBody(o, mode, limit, offset));
      const rows = response.results.map((raw) => ({ raw, ...identify(raw, o.modifiedProperty) }));
      offset += rows.length;
      const fresh: unknown[] = [];
      for (const row of rows) {
        if (row.id !== null && seen.has(row.id)) continue;
        if (row.id !== null) seen.set(row.id, row.modifiedMs);
        fresh.push(row.raw);
      }
      const last = rows.at(-1);
      if (last?.modifiedMs != null) lastModified = last.modifiedMs;
      if (last?.id != null) lastId = last.id;
      exhausted = rows.length < limit || !response.paging?.next;
      const finished = exhausted && mode.kind === 'modified';
      // Ascending order: everything below the page's last modified time is delivered; ties at it may not be.
      const covered = mode.kind === 'ids' ? mode.atMs : (lastModified ?? floorMs);
      floorMs = Math.max(floorMs, Math.min(covered, o.runStartMs));
      yield { records: fresh, cursor: { v: 1, w: finished ? o.runStartMs : floorMs } };
      if (exhausted) break;
    }
    if (mode.kind === 'ids') {
      if (exhausted) {
        prune(seen, mode.atMs, true);
        mode = { kind: 'modified', fromMs: mode.atMs, exclusive: true };
      } else {
        mode = { kind: 'ids', atMs: mode.atMs, afterId: lastId ?? mode.afterId };
      }
      continue;
    }
    if (exhausted) return;
    if (lastModified !== null && lastModified > mode.fromMs) {
      prune(seen, lastModified, false);
      mode = { kind: 'modified', fromMs: lastModified, exclusive: false };
    } else {
      // A full window without progress in time: one timestamp holds at least `windowCap` records.
      mode = { kind: 'ids', atMs: lastModified ?? mode.fromMs, afterId: '0' };
    }
  }
}

function searchBody(o: SearchWalkOptions, mode: Mode, limit: number, offset: number): SearchBody {
  const after = offset > 0 ? { after: String(offset) } : {};
  if (mode.kind === 'ids') {
    return {
      filterGroups: [
        {
          filters: [
            { propertyName: o.modifiedProperty, operator: 'EQ', value: String(mode.atMs) },
            { propertyName: 'hs_object_id', operator: 'GT', value: mode.afterId },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: o.properties,
      limit,
      ...after,
    };
  }
  return {
    filterGroups: [
      {
        filters: [
          { propertyName: o.modifiedProperty, operator: mode.exclusive ? 'GT' : 'GTE', value: String(mode.fromMs) },
          { propertyName: o.modifiedProperty, operator: 'LTE', value: String(o.runStartMs) },
        ],
      },
    ],
    sorts: [{ propertyName: o.modifiedProperty, direction: 'ASCENDING' }],
    properties: o.properties,
    limit,
    ...after,
  };
}

/** Drops ids that cannot come back: modified before the new window start (or at it, for a GT window). */
function prune(seen: Map<string, number | null>, fromMs: number, inclusive: boolean): void {
  for (const [id, modifiedMs] of seen) {
    if (modifiedMs !== null && (modifiedMs < fromMs || (inclusive && modifiedMs === fromMs))) seen.delete(id);
  }
}

/** Id and modified time of a raw search result, leniently: the mapper validates the record properly. */
export function identify(raw: unknown, modifiedProperty: string): Identity {
  if (typeof raw !== 'object' || raw === null) return { id: null, modifiedMs: null };
  const record = raw as { id?: unknown; properties?: Record<string, unknown>; updatedAt?: unknown };
  const id = typeof record.id === 'string' ? record.id : null;
  const value = record.properties?.[modifiedProperty] ?? record.updatedAt;
  return { id, modifiedMs: typeof value === 'string' ? parseInstantMs(value) : null };
}

/** Epoch ms of an ISO instant or an all-digit epoch-ms string; null when neither. */
export function parseInstantMs(value: string): number | null {
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export interface ListWalkOptions {
  list: (after: string | undefined) => Promise<ListResponse>;
  /** Becomes the watermark once the listing completes. */
  runStartMs: number;
  /** Resume a listing a previous run left half done. */
  after?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Lists every live record (full sync). Pages carry a cursor that resumes the listing after a crash; the last page
 * carries the run start as watermark: every record modified before it has been listed.
 */
export async function* listWalk(o: ListWalkOptions): AsyncGenerator<WalkPage> {
  let after = o.after;
  for (;;) {
    o.signal?.throwIfAborted();
    const response = await o.list(after);
    after = response.paging?.next?.after;
    const done = after === undefined || response.results.length === 0;
    const cursor: SyncCursor =
      done || after === undefined ? { v: 1, w: o.runStartMs } : { v: 1, w: o.runStartMs, full: { after } };
    yield { records: response.results, cursor };
    if (done) return;
  }
}
