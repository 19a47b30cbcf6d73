/**
 * The generic stream every object type runs through: walk (search or list) -> load full records -> map ->
 * a `Page` with records, quarantine, merged-away ids and the cursor that covers it.
 */
import type { ObjectType, QuarantinedRecord } from '../../domain/records';
import type { Page } from '../types';
import type { HubSpotLog } from './client';
import type { HubSpotContext } from './context';
import { decodeCursor, encodeCursor, type SyncCursor } from './cursor';
import { completeLinks, embeddedLinks, type LinkIndex, readLinks } from './links';
import type { MapResult } from './mappers/common';
import { identify, listWalk, searchWalk, type WalkPage } from './paging';
import { readAhead } from './read-ahead';

/** Properties and histories the mapper reads. */
export interface RecordShape {
  properties: string[];
  propertiesWithHistory: string[];
}

/** Everything the stream needs to know about one object type. */
export interface ObjectHandler<T> {
  /** HubSpot object type in paths (`deals`, `leads`...). */
  hubspotType: string;
  /** `lastmodifieddate` for contacts, `hs_lastmodifieddate` otherwise. */
  modifiedProperty: string;
  /** Properties requested by search pages: a short list when `needsBatchRead`. */
  walkProperties(signal?: AbortSignal): Promise<string[]>;
  /** Whether search results lack what the mapper needs, so ids are batch read (history, custom properties). */
  needsBatchRead: boolean;
  /** Everything the mapper reads, for batch reads and for full-sync listings that carry it all. */
  fullShape(signal?: AbortSignal): Promise<RecordShape>;
  /** Object types whose links the mapper needs (only those the portal has). */
  associationTargets(signal?: AbortSignal): Promise<string[]>;
  /** Maps a page of full records with their links. */
  map(records: unknown[], links: LinkIndex, signal?: AbortSignal): Promise<MapResult<T>[]>;
}

/** Stream tuning, with the defaults of `createHubSpotConnector`. */
export interface StreamSettings {
  searchPageSize: number;
  listPageSize: number;
  windowCap: number;
  lookBackMs: number;
  /** Run start = now minus this margin: records modified in the last seconds wait for the next run. */
  safetyMarginMs: number;
  /** Walk pages requested ahead of the one being stored. */
  readAhead: number;
  now: () => number;
  log?: HubSpotLog | undefined;
}

interface MappedRecord {
  externalId: string;
  modifiedAt: string;
  mergedIds?: string[];
}

/** How a full sync lists one type: everything in the query string when it fits, else ids plus batch reads. */
interface ListPlan {
  limit: number;
  properties: string[];
  propertiesWithHistory: string[];
  associations: string[];
  batchRead: boolean;
}

/**
 * Query strings above ~8 KB answer 414 (hubspot-api.md §4); staying at 6,000 characters for the path and query
 * leaves room for any base URL and `after` value.
 */
const MAX_LIST_QUERY = 6_000;
/** Listing with histories caps pages at 50 (hubspot-api.md §4). */
const LIST_HISTORY_MAX = 50;

async function listPlan<T>(
  ctx: HubSpotContext,
  handler: ObjectHandler<T>,
  settings: StreamSettings,
  signal: AbortSignal | undefined,
): Promise<ListPlan> {
  const [shape, associations] = await Promise.all([handler.fullShape(signal), handler.associationTargets(signal)]);
  const limit =
    shape.propertiesWithHistory.length > 0 ? Math.min(settings.listPageSize, LIST_HISTORY_MAX) : settings.listPageSize;
  const full = { limit, ...shape, associations, batchRead: false };
  if (ctx.objects.listQueryLength(handler.hubspotType, full) <= MAX_LIST_QUERY) return full;
  // Hundreds of custom properties: list ids (links still embedded) and batch read the rest in POST bodies.
  const properties = await handler.walkProperties(signal);
  return { limit: settings.listPageSize, properties, propertiesWithHistory: [], associations, batchRead: true };
}

/** Streams one object type from a stored cursor (null: full sync by listing). */
export async function* streamObjects<T extends MappedRecord>(
  ctx: HubSpotContext,
  handler: ObjectHandler<T>,
  objectType: ObjectType,
  storedCursor: string | null,
  settings: StreamSettings,
  signal?: AbortSignal,
): AsyncGenerator<Page<T>> {
  let cursor: SyncCursor | null;
  try {
    cursor = decodeCursor(storedCursor);
  } catch (error) {
    // A cursor we cannot read costs a full sync, never lost records.
    settings.log?.warn({ objectType, error: String(error) }, 'unreadable hubspot cursor, running a full sync');
    cursor = null;
  }
  const runStartMs = settings.now() - settings.safetyMarginMs;
  let walk: AsyncGenerator<WalkPage>;
  let load: (raws: unknown[]) => Promise<Page<T>>;
  if (cursor === null || cursor.full !== undefined) {
    const plan = await listPlan(ctx, handler, settings, signal);
    walk = listWalk({
      list: (after) => ctx.objects.list(handler.hubspotType, { ...plan, after, signal }),
      // A resumed listing keeps its original run start: records modified since are caught by the next walk.
      runStartMs: cursor?.w ?? runStartMs,
      after: cursor?.full?.after,
      signal,
    });
    load = (raws) => loadAndMap(ctx, handler, objectType, raws, { batchRead: plan.batchRead, embedded: true }, signal);
  } else {
    walk = searchWalk({
      search: (body) => ctx.objects.search(handler.hubspotType, body, signal),
      modifiedProperty: handler.modifiedProperty,
      properties: await handler.walkProperties(signal),
      watermarkMs: cursor.w,
      lookBackMs: settings.lookBackMs,
      runStartMs: Math.max(runStartMs, cursor.w),
      pageSize: settings.searchPageSize,
      windowCap: settings.windowCap,
      signal,
    });
    const batchRead = handler.needsBatchRead;
    load = (raws) => loadAndMap(ctx, handler, objectType, raws, { batchRead, embedded: false }, signal);
  }
  // The page's cursor is only persisted after its records are committed (see `Page`), so it may claim them.
  yield* readAhead(walk, settings.readAhead, async (walked) => ({
    ...(await load(walked.records)),
    cursor: encodeCursor(walked.cursor),
  }));
}

/** Batch reads full records by id in the handler's full shape (unordered, vanished ids left out). */
export async function readFull<T>(
  ctx: HubSpotContext,
  handler: ObjectHandler<T>,
  ids: string[],
  signal?: AbortSignal,
): Promise<unknown[]> {
  return ctx.objects.batchRead(handler.hubspotType, ids, { ...(await handler.fullShape(signal)), signal });
}

/**
 * Loads (batch read when needed) and maps raw records; used by streams and by `read`. Links come from the listing's
 * embedding when `embedded`, else from v4 batch reads; they are read alongside the batch read.
 */
export async function loadAndMap<T extends MappedRecord>(
  ctx: HubSpotContext,
  handler: ObjectHandler<T>,
  objectType: ObjectType,
  raws: unknown[],
  how: { batchRead: boolean; embedded: boolean },
  signal: AbortSignal | undefined,
): Promise<Page<T>> {
  const ids = raws.map((r) => identify(r, handler.modifiedProperty).id).filter((id) => id !== null);
  const targets = await handler.associationTargets(signal);
  const [full, links] = await Promise.all([
    how.batchRead && ids.length > 0 ? loadFull(ctx, handler, ids, signal) : raws,
    how.embedded
      ? completeLinks(ctx.http, handler.hubspotType, embeddedLinks(raws, targets), signal)
      : readLinks(ctx.http, handler.hubspotType, targets, ids, signal),
  ]);
  const mapped = full.length > 0 ? await handler.map(full, links, signal) : [];
  const page: Page<T> = { records: [], quarantined: [], deletedIds: [], cursor: null };
  mapped.forEach((result, i) => {
    if (result.ok) {
      page.records.push(result.record);
      // Merged-away ids stop being readable and never show as archived (hubspot-api.md §14).
      for (const merged of result.record.mergedIds ?? []) {
        page.deletedIds.push({
          externalId: merged,
          at: result.record.modifiedAt,
          mergedInto: result.record.externalId,
        });
      }
    } else {
      const quarantined: QuarantinedRecord = {
        objectType,
        externalId: result.externalId,
        reason: result.reason,
        payload: full[i],
      };
      page.quarantined.push(quarantined);
    }
  });
  return page;
}

/** Batch read answers unordered; keep the walk order, and drop ids that vanished in between. */
async function loadFull<T>(
  ctx: HubSpotContext,
  handler: ObjectHandler<T>,
  ids: string[],
  signal: AbortSignal | undefined,
): Promise<unknown[]> {
  const loaded = await readFull(ctx, handler, ids, signal);
  const byId = new Map(loaded.map((r) => [identify(r, handler.modifiedProperty).id, r] as const));
  return ids.flatMap((id) => {
    const record = byId.get(id);
    return record === undefined ? [] : [record];
  });
}
