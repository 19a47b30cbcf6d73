import type { CrmConnector } from '../connectors/types';
import type { ObjectType } from '../domain/records';
import { OBJECT_TYPES } from '../domain/records';
import { type HeapGuard, heapGuard } from '../lib/gc';
import type { Logger } from '../lib/logger';
import { mapPool } from '../lib/pool';
import type { Db } from '../storage/db';
import { upsertAccount, upsertOwners, upsertPipelines } from '../storage/repositories/catalog';
import {
  finishRun,
  getCursor,
  getReconciledAt,
  liveCount,
  markDeleted,
  markMissingDeleted,
  openQuarantineCount,
  presentIds,
  quarantinedIds,
  recordRunObject,
  setReconciledAt,
  startRun,
} from '../storage/repositories/sync-state';
import { storePage } from './store-page';

const HOUR = 3_600_000;
const DEFAULT_TYPE_CONCURRENCY = 3;
/** Ids checked against the store after each run, per object type. */
const SAMPLE_SIZE = 20;

/** `sync` job payload: names only, never a secret. */
export interface SyncPayload {
  connection: string;
  /** Re-read everything, ignoring stored cursors (also reconciles deletions). */
  full?: boolean;
}

export interface SyncProgress {
  objectType: ObjectType | 'catalog';
  phase: 'reading' | 'reconciling' | 'checking' | 'done';
  fetched: number;
}

export interface SyncDeps {
  db: Db;
  connector: CrmConnector;
  log: Logger;
  /** The instant source; the CLI passes Date.now, tests a fixed clock. */
  now: () => number;
  /** A full id enumeration runs when the last one is older than this. @defaultValue 24 h */
  reconcileEveryMs?: number;
  onProgress?: (p: SyncProgress) => void;
  signal?: AbortSignal;
  /** Object types synced at once. @defaultValue 3 */
  typeConcurrency?: number;
}

export interface ObjectSummary {
  objectType: ObjectType;
  mode: 'full' | 'incremental';
  fetched: number;
  quarantined: number;
  deleted: number;
  storeCount: number;
  crmCount: number;
  sampleChecked: number;
  sampleMissing: number;
  complete: boolean;
  note: string | null;
}

export interface SyncResult {
  runId: number;
  connection: string;
  status: 'succeeded' | 'incomplete';
  apiCalls: number;
  objects: ObjectSummary[];
  startedAt: number;
  finishedAt: number;
}

/**
 * The sync job: catalog (account, owners, pipelines), then each object type from its stored cursor, page by page.
 * A type without a cursor, a `--full` run, or a reconciliation that is due reads everything and, once the
 * enumeration is complete, tombstones what the CRM no longer has. Each run ends with a completeness check per type
 * (the CRM's own count and a sample of ids); a gap makes the run `incomplete`, never `succeeded`.
 */
export async function runSync(payload: SyncPayload, deps: SyncDeps): Promise<SyncResult> {
  const { db, connector, log, now } = deps;
  const connection = payload.connection;
  const startedAt = now();
  const runId = startRun(db, connection, payload.full ?? false, startedAt);
  const runLog = log.child({ job: 'sync', connection, runId });
  try {
    deps.onProgress?.({ objectType: 'catalog', phase: 'reading', fetched: 0 });
    const [account, people, pipelines] = await Promise.all([
      connector.account(),
      connector.owners(),
      connector.pipelines(),
    ]);
    db.transaction((tx) => {
      const store = tx as unknown as Db;
      upsertAccount(store, connection, connector.provider, account, startedAt);
      upsertOwners(store, connection, people.owners, people.teams);
      upsertPipelines(store, connection, pipelines, startedAt);
    });
    const types: ObjectType[] = [];
    // Pages are parsed, mapped and stored, then dropped: settle the heap now and then (src/lib/gc.ts).
    const heap = heapGuard();
    for (const type of OBJECT_TYPES) if (await connector.supports(type)) types.push(type);
    // Object types are independent streams with cursors of their own: running a few at once keeps requests in
    // flight while pages are mapped and stored (the connector's limiter still paces them all).
    const objects = await mapPool(
      types,
      deps.typeConcurrency ?? DEFAULT_TYPE_CONCURRENCY,
      (type, signal) => syncType(type, runId, payload, { ...deps, signal }, heap),
      deps.signal,
    );
    const status = objects.every((o) => o.complete) ? 'succeeded' : 'incomplete';
    const finishedAt = now();
    const { apiCalls, tokens } = connector.stats();
    finishRun(db, runId, { status, at: finishedAt, apiCalls, error: null, tokens });
    runLog.info({ status, apiCalls }, 'sync finished');
    return { runId, connection, status, apiCalls, objects, startedAt, finishedAt };
  } catch (err) {
    finishRun(db, runId, {
      status: 'failed',
      at: now(),
      apiCalls: connector.stats().apiCalls,
      error: (err as Error).message,
      tokens: connector.stats().tokens,
    });
    runLog.error({ err: (err as Error).message }, 'sync failed');
    throw err;
  }
}

async function syncType(
  type: ObjectType,
  runId: number,
  payload: SyncPayload,
  deps: SyncDeps,
  heap: HeapGuard,
): Promise<ObjectSummary> {
  const { db, connector, now } = deps;
  const connection = payload.connection;
  const stored = getCursor(db, connection, type);
  const cursor = payload.full ? null : stored;
  const reconciledAt = getReconciledAt(db, connection, type);
  const reconcileDue = reconciledAt === null || now() - reconciledAt >= (deps.reconcileEveryMs ?? 24 * HOUR);
  // A full read is also the reconciliation pass: it re-reads associations (edits that do not move the modified
  // date) and, once complete, tells which stored ids the CRM no longer has.
  const full = cursor === null || reconcileDue;
  const seen = full ? new Set<string>() : null;
  let fetched = 0;
  let quarantined = 0;
  let deleted = 0;
  deps.onProgress?.({ objectType: type, phase: 'reading', fetched });
  const stream = connector.stream(type, {
    cursor: full ? null : cursor,
    previousCursor: stored,
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  for await (const page of stream) {
    const stored = storePage(db, connection, runId, type, page, now());
    for (const r of page.records) seen?.add(r.externalId);
    for (const q of page.quarantined) if (q.externalId !== null) seen?.add(q.externalId);
    fetched += stored.stored;
    quarantined += stored.quarantined;
    deleted += stored.deleted;
    deps.onProgress?.({ objectType: type, phase: 'reading', fetched });
    heap.settle();
  }
  if (seen) {
    // Reached only when the stream completed: a killed run never tombstones anything.
    deps.onProgress?.({ objectType: type, phase: 'reconciling', fetched });
    deleted += markMissingDeleted(db, connection, type, seen, now());
    setReconciledAt(db, connection, type, now());
  } else {
    for await (const batch of connector.tombstones(type, deps.signal)) {
      deleted += db.transaction((tx) =>
        markDeleted(
          tx as unknown as Db,
          connection,
          type,
          batch.map((t) => ({ ...t, at: Date.parse(t.at) })),
        ),
      );
    }
  }
  deps.onProgress?.({ objectType: type, phase: 'checking', fetched });
  const check = await checkCompleteness(type, connection, deps);
  const summary: ObjectSummary = {
    objectType: type,
    mode: full ? 'full' : 'incremental',
    fetched,
    quarantined,
    deleted,
    ...check,
  };
  recordRunObject(db, runId, summary);
  deps.onProgress?.({ objectType: type, phase: 'done', fetched });
  return summary;
}

/**
 * Compares the store with the CRM: live counts must match (quarantined records are in the CRM's count but not
 * in the store, so they are added back) and a sample of the CRM's ids must all be stored.
 */
async function checkCompleteness(
  type: ObjectType,
  connection: string,
  deps: SyncDeps,
): Promise<Pick<ObjectSummary, 'storeCount' | 'crmCount' | 'sampleChecked' | 'sampleMissing' | 'complete' | 'note'>> {
  const { db, connector } = deps;
  const crmCount = await connector.count(type);
  const storeCount = liveCount(db, connection, type);
  let sample: string[] = [];
  for await (const ids of connector.enumerateIds(type, deps.signal)) {
    sample = pickSample(ids, SAMPLE_SIZE);
    break;
  }
  const present = presentIds(db, connection, type, sample);
  const held = quarantinedIds(db, connection, type, sample);
  const missing = sample.filter((id) => !present.has(id) && !held.has(id));
  const openQuarantined = openQuarantineCount(db, connection, type);
  const countsMatch = storeCount + openQuarantined === crmCount;
  const notes: string[] = [];
  if (!countsMatch) notes.push(`store has ${storeCount} (+${openQuarantined} quarantined), CRM reports ${crmCount}`);
  if (missing.length > 0) notes.push(`missing from store: ${missing.slice(0, 5).join(', ')}`);
  return {
    storeCount,
    crmCount,
    sampleChecked: sample.length,
    sampleMissing: missing.length,
    complete: countsMatch && missing.length === 0,
    note: notes.length > 0 ? notes.join('; ') : null,
  };
}

/** Evenly spaced ids: deterministic, and spread over the page rather than its first few. */
function pickSample(ids: string[], size: number): string[] {
  if (ids.length <= size) return ids;
  const step = ids.length / size;
  return Array.from({ length: size }, (_, i) => ids[Math.floor(i * step)]!);
}
