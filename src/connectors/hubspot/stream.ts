/**
 * The generic stream every object type runs through: walk (search or list) -> load full records -> map ->
 * a `Page` with records, quarantine, merged-away ids and the cursor that covers it.
 */
import type { ObjectType, QuarantinedRecord } from '../../domain/records';
import type { Page } from '../types';
import type { HubSpotLog } from './client';
import { decodeCursor, encodeCursor, type SyncCursor } from './cursor';
import type { MapResult } from './mappers/common';
import type { ObjectsApi } from './objects';
import { identify, listWalk, searchWalk, type WalkPage } from './paging';

/** Everything the stream needs to know about one object type. */
export interface ObjectHandler<T> {
  /** HubSpot object type in paths (`deals`, `leads`...). */
  hubspotType: string;
  /** `lastmodifieddate` for contacts, `hs_lastmodifieddate` otherwise. */
  modifiedProperty: string;
  /** Properties requested by search and list pages: a short list (it goes into list query strings). */
  walkProperties(signal?: AbortSignal): Promise<string[]>;
  /** Whether walk results lack what the mapper needs, so ids are batch read (history, custom properties). */
  needsBatchRead: boolean;
  /** Batch reads full records by id. */
  readByIds(ids: string[], signal?: AbortSignal): Promise<unknown[]>;
  /** Maps a page of full records (reading their associations first). */
  map(records: unknown[], signal?: AbortSignal): Promise<MapResult<T>[]>;
}

/** Stream tuning, with the defaults of `createHubSpotConnector`. */
export interface StreamSettings {
  searchPageSize: number;
  listPageSize: number;
  windowCap: number;
  lookBackMs: number;
  /** Run start = now minus this margin: records modified in the last seconds wait for the next run. */
  safetyMarginMs: number;
  now: () => number;
  log?: HubSpotLog | undefined;
}

interface MappedRecord {
  externalId: string;
  modifiedAt: string;
  mergedIds?: string[];
}

/** Streams one object type from a stored cursor (null: full sync by listing). */
export async function* streamObjects<T extends MappedRecord>(
  objects: ObjectsApi,
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
  const properties = await handler.walkProperties(signal);
  const walk =
    cursor === null || cursor.full !== undefined
      ? listWalk({
          list: (after) =>
            objects.list(handler.hubspotType, {
              after,
              limit: settings.listPageSize,
              properties,
              signal,
            }),
          // A resumed listing keeps its original run start: records modified since are caught by the next walk.
          runStartMs: cursor?.w ?? runStartMs,
          after: cursor?.full?.after,
          signal,
        })
      : searchWalk({
          search: (body) => objects.search(handler.hubspotType, body, signal),
          modifiedProperty: handler.modifiedProperty,
          properties,
          watermarkMs: cursor.w,
          lookBackMs: settings.lookBackMs,
          runStartMs: Math.max(runStartMs, cursor.w),
          pageSize: settings.searchPageSize,
          windowCap: settings.windowCap,
          signal,
        });
  for await (const walked of walk) {
    yield await toPage(handler, objectType, walked, signal);
  }
}

async function toPage<T extends MappedRecord>(
  handler: ObjectHandler<T>,
  objectType: ObjectType,
  walked: WalkPage,
  signal: AbortSignal | undefined,
): Promise<Page<T>> {
  const page = await loadAndMap(handler, objectType, walked.records, signal);
  // The page's cursor is only persisted after its records are committed (see `Page`), so it may claim them.
  return { ...page, cursor: encodeCursor(walked.cursor) };
}

/** Loads (batch read when needed) and maps raw records; used by streams and by `read`. */
export async function loadAndMap<T extends MappedRecord>(
  handler: ObjectHandler<T>,
  objectType: ObjectType,
  raws: unknown[],
  signal: AbortSignal | undefined,
): Promise<Page<T>> {
  let full = raws;
  if (handler.needsBatchRead && raws.length > 0) {
    const ids = raws.map((r) => identify(r, handler.modifiedProperty).id).filter((id) => id !== null);
    const loaded = await handler.readByIds(ids, signal);
    // Batch read answers unordered; keep the walk order, and drop ids that vanished in between.
    const byId = new Map(loaded.map((r) => [identify(r, handler.modifiedProperty).id, r] as const));
    full = ids.flatMap((id) => {
      const record = byId.get(id);
      return record === undefined ? [] : [record];
    });
  }
  const mapped = full.length > 0 ? await handler.map(full, signal) : [];
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
