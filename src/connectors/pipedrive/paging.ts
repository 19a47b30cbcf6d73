/**
 * One paginator for every Pipedrive list (pipedrive-api.md §2): v2 (and v1 changelog) cursor paging and v1 offset
 * paging differ only in which request parameter moves and which response marker says "more", so the difference
 * is data (`PAGING`), not code. The updated-since walk on top of it is pure over an injected `list` function.
 */
import type { ListEnvelope } from './types';

export type PagingStyle = 'cursor' | 'offset';
export type Query = Record<string, string | number>;

interface Paging {
  /** Parameters of the first page. */
  first: Query;
  /** Parameters of the page after `response`, or null on the last page. */
  next(response: ListEnvelope, previous: Query): Query | null;
}

/** The two styles as data: cursor (`cursor` / `next_cursor`) and offset (`start` / `pagination.next_start`). */
export const PAGING: Readonly<Record<PagingStyle, Paging>> = {
  cursor: {
    // Never `cursor=0` on the first call: Pipedrive rejects it (§10, "changelog paging confusion").
    first: {},
    next: (response) => {
      const cursor = response.additional_data?.next_cursor;
      return typeof cursor === 'string' && cursor !== '' ? { cursor } : null;
    },
  },
  offset: {
    first: { start: 0 },
    next: (response, previous) => {
      const p = response.additional_data?.pagination;
      if (p?.more_items_in_collection !== true) return null;
      const start = p.next_start ?? Number(previous.start ?? 0) + response.data.length;
      return { start };
    },
  },
};

export interface PaginateOptions {
  style: PagingStyle;
  list: (query: Query) => Promise<ListEnvelope>;
  /** Asked before every call after the first: throwing here stops between pages (the token governor). */
  beforePage?: () => void;
  signal?: AbortSignal | undefined;
}

/** Yields the `data` of every page, following the style's marker until the last page. */
export async function* paginate(o: PaginateOptions): AsyncGenerator<unknown[]> {
  let query: Query | null = PAGING[o.style].first;
  while (query !== null) {
    o.signal?.throwIfAborted();
    const response = await o.list(query);
    yield response.data;
    query = PAGING[o.style].next(response, query);
    if (query !== null) o.beforePage?.();
  }
}

/** What one walk remembers between runs (see `cursor.ts`). */
export interface WalkState {
  /** Watermark in whole epoch seconds: every record updated before it was delivered by committed pages. */
  w: number | null;
  /** Ids delivered with an update second inside the look-back overlap, to skip them when they come again. */
  recent: Record<string, number>;
}

export interface UpdatedWalkOptions extends Omit<PaginateOptions, 'list'> {
  /** One list call sorted by update time ascending; `since` (whole seconds) is the inclusive lower bound. */
  list: (query: Query, since: number | null) => Promise<ListEnvelope>;
  state: WalkState;
  /** Look-back overlap in whole seconds. */
  overlapSeconds: number;
  /** Id and update second of a raw record, leniently (the mapper validates it properly). */
  identify: (raw: unknown) => { id: string | null; updatedSec: number | null };
}

/**
 * Walks records updated since `state.w - overlap`, ascending by update time. `updated_since` takes whole seconds
 * only (§4: fractional seconds answer 400) and is inclusive, so the walk re-reads the watermark's second and the
 * overlap on purpose, and drops what it already delivered at the same update second (same id, same second). Each
 * page carries the state covering it and every earlier page.
 */
export async function* updatedWalk(o: UpdatedWalkOptions): AsyncGenerator<{ records: unknown[]; state: WalkState }> {
  const since = o.state.w === null ? null : Math.max(0, o.state.w - o.overlapSeconds);
  let w = o.state.w;
  let recent = { ...o.state.recent };
  const pages = paginate({ ...o, list: (query) => o.list(query, since) });
  for await (const data of pages) {
    const fresh: unknown[] = [];
    for (const raw of data) {
      const { id, updatedSec } = o.identify(raw);
      if (id !== null && updatedSec !== null && recent[id] === updatedSec) continue;
      fresh.push(raw);
      if (id !== null && updatedSec !== null) recent[id] = updatedSec;
      // Ascending order: nothing below the last update second of a page comes later in this walk.
      if (updatedSec !== null) w = Math.max(w ?? 0, updatedSec);
    }
    if (w !== null) recent = pruneRecent(recent, w - o.overlapSeconds);
    yield { records: fresh, state: { w, recent } };
  }
}

function pruneRecent(recent: Record<string, number>, fromSec: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, sec] of Object.entries(recent)) if (sec >= fromSec) out[id] = sec;
  return out;
}
