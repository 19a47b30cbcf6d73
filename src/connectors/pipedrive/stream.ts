/**
 * The generic stream every object type runs through: for each list the type reads (its phases), an
 * updated-since walk -> map (reading extra data such as changelogs) -> a `Page` whose cursor covers it.
 */
import type { ObjectType, QuarantinedRecord } from '../../domain/records';
import { CrmRateLimitError } from '../../lib/errors';
import type { Page, StreamOptions } from '../types';
import type { PipedriveContext } from './context';
import { cloneState, decodeCursor, EMPTY_WALK, encodeCursor, freshState, type SyncState } from './cursor';
import { tokenCost } from './governor';
import type { MapResult } from './mappers/common';
import { secondsOf } from './mappers/common';
import { type ListEndpoint, listPage } from './objects';
import { updatedWalk } from './paging';

/** One list a type reads, with its own watermark in the cursor. */
export interface Phase {
  name: string;
  endpoint: ListEndpoint;
}

/** Mapped records of one page, with the raw payload of each (quarantine keeps it). */
export interface MappedBatch<T> {
  results: { result: MapResult<T>; raw: unknown }[];
  /** Deals whose stored history must be kept (see `Page.keepHistoryOf`). */
  keepHistoryOf?: string[];
}

/** Everything the stream needs to know about one object type. */
export interface ObjectHandler<T> {
  phases: readonly Phase[];
  /** Maps a walked page of `phase`; may read more (changelogs) and update per-record memory in `state`. */
  map(raws: unknown[], phase: string, state: SyncState, signal?: AbortSignal): Promise<MappedBatch<T>>;
  /** After a complete full read: drop memory of records the CRM no longer has. */
  forget?(state: SyncState, seen: ReadonlySet<string>): void;
  /** Pages after the walks (the deal history backfill); each batch's cursor is the state after it. */
  finish?(state: SyncState, signal?: AbortSignal): AsyncIterable<MappedBatch<T>>;
}

/** Id and update second of a raw record, leniently (the mapper validates it). */
export function identify(raw: unknown): { id: string | null; updatedSec: number | null } {
  if (typeof raw !== 'object' || raw === null) return { id: null, updatedSec: null };
  const r = raw as { id?: unknown; update_time?: unknown };
  const id = typeof r.id === 'number' || typeof r.id === 'string' ? String(r.id) : null;
  return { id, updatedSec: secondsOf(r.update_time) };
}

/** Throws the clean daily stop when `tokens` would dig into the reserve: called between pages only. */
export function stopIfLow(ctx: PipedriveContext, endpoint: ListEndpoint): void {
  const tokens = tokenCost('GET', endpoint.path);
  if (ctx.governor.canAfford(tokens)) return;
  throw new CrmRateLimitError(
    `pipedrive daily token budget low: stopped before GET ${endpoint.path}; the next run resumes from the last committed page`,
    ctx.governor.msUntilReset(),
    `GET ${endpoint.path}`,
    true,
  );
}

function readCursor(ctx: PipedriveContext, stored: string | null | undefined, type: ObjectType): SyncState | null {
  try {
    return decodeCursor(stored);
  } catch (error) {
    // A cursor we cannot read costs a full sync, never lost records.
    ctx.log?.warn({ objectType: type, error: String(error) }, 'unreadable pipedrive cursor, running a full sync');
    return null;
  }
}

/** Streams one object type from a stored cursor (null: full read, keeping the memory of `previousCursor`). */
export async function* streamObjects<T extends { externalId: string }>(
  ctx: PipedriveContext,
  handler: ObjectHandler<T>,
  objectType: ObjectType,
  options: StreamOptions,
): AsyncGenerator<Page<T>> {
  const signal = options.signal;
  const stored = readCursor(ctx, options.cursor, objectType);
  const full = stored === null;
  const state = stored ?? freshState(readCursor(ctx, options.previousCursor, objectType));
  const seen = full ? new Set<string>() : null;
  for (const phase of handler.phases) {
    stopIfLow(ctx, phase.endpoint);
    const walk = updatedWalk({
      style: phase.endpoint.style,
      list: (paging, since) => listPage(ctx.http, phase.endpoint, paging, since, {}, signal),
      state: state.walks[phase.name] ?? EMPTY_WALK,
      overlapSeconds: ctx.settings.overlapSeconds,
      identify,
      // Runs when the consumer asks for the next page, i.e. after it committed this one: a stop here is clean.
      beforePage: () => stopIfLow(ctx, phase.endpoint),
      signal,
    });
    for await (const walked of walk) {
      const batch = await handler.map(walked.records, phase.name, state, signal);
      // The page's cursor is persisted only after its records are committed (see `Page`): it may claim them.
      state.walks[phase.name] = walked.state;
      for (const { result } of batch.results) if (result.ok) seen?.add(result.record.externalId);
      yield toPage(batch, objectType, state);
    }
  }
  if (seen !== null && handler.forget) {
    handler.forget(state, seen);
    yield toPage({ results: [] }, objectType, state);
  }
  if (handler.finish) {
    for await (const batch of handler.finish(state, signal)) yield toPage(batch, objectType, state);
  }
}

/** Records, quarantine and the cursor of the state after the batch. */
export function toPage<T>(batch: MappedBatch<T>, objectType: ObjectType, state: SyncState | null): Page<T> {
  const page: Page<T> = {
    records: [],
    quarantined: [],
    deletedIds: [],
    cursor: state === null ? null : encodeCursor(cloneState(state)),
  };
  for (const { result, raw } of batch.results) {
    if (result.ok) page.records.push(result.record);
    else {
      const q: QuarantinedRecord = { objectType, externalId: result.externalId, reason: result.reason, payload: raw };
      page.quarantined.push(q);
    }
  }
  if (batch.keepHistoryOf !== undefined && batch.keepHistoryOf.length > 0) page.keepHistoryOf = batch.keepHistoryOf;
  return page;
}
