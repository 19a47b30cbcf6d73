import { and, desc, eq, getTableName, inArray, isNull, sql } from 'drizzle-orm';
import type { ObjectType, QuarantinedRecord } from '../../domain/records';
import type { Db } from '../db';
import { quarantine, syncCursors, syncRunObjects, syncRuns } from '../schema';
import { tableOf } from './tables';
import { clientOf, prepared, upsertRows } from './upsert';

/** Cursors, runs, completeness checks, quarantine and deletions: the sync's own bookkeeping. */

export function getCursor(db: Db, connection: string, type: string): string | null {
  return (
    db
      .select({ cursor: syncCursors.cursor })
      .from(syncCursors)
      .where(and(eq(syncCursors.connection, connection), eq(syncCursors.objectType, type)))
      .get()?.cursor ?? null
  );
}

export function getReconciledAt(db: Db, connection: string, type: string): number | null {
  return (
    db
      .select({ at: syncCursors.reconciledAt })
      .from(syncCursors)
      .where(and(eq(syncCursors.connection, connection), eq(syncCursors.objectType, type)))
      .get()?.at ?? null
  );
}

/** Must run inside the transaction that stored the page the cursor covers. */
export function setCursor(db: Db, connection: string, type: string, cursor: string | null, at: number): void {
  const client = clientOf(db);
  if (client) {
    // Once per stored page: a cached statement instead of one built by the query builder each time.
    const c = syncCursors;
    prepared(
      client,
      `INSERT INTO "${getTableName(c)}" ("${c.connection.name}", "${c.objectType.name}", "${c.cursor.name}", "${c.updatedAt.name}") ` +
        `VALUES (?, ?, ?, ?) ON CONFLICT ("${c.connection.name}", "${c.objectType.name}") ` +
        `DO UPDATE SET "${c.cursor.name}" = excluded."${c.cursor.name}", "${c.updatedAt.name}" = excluded."${c.updatedAt.name}"`,
    ).run(connection, type, cursor, at);
    return;
  }
  db.insert(syncCursors)
    .values({ connection, objectType: type, cursor, updatedAt: at })
    .onConflictDoUpdate({ target: [syncCursors.connection, syncCursors.objectType], set: { cursor, updatedAt: at } })
    .run();
}

export function setReconciledAt(db: Db, connection: string, type: string, at: number): void {
  db.insert(syncCursors)
    .values({ connection, objectType: type, cursor: null, reconciledAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: [syncCursors.connection, syncCursors.objectType],
      set: { reconciledAt: at, updatedAt: at },
    })
    .run();
}

export function clearCursors(db: Db, connection: string): void {
  db.update(syncCursors).set({ cursor: null }).where(eq(syncCursors.connection, connection)).run();
}

export function startRun(db: Db, connection: string, full: boolean, at: number): number {
  const row = db
    .insert(syncRuns)
    .values({ connection, full, startedAt: at, status: 'running' })
    .returning({ id: syncRuns.id })
    .get();
  return row.id;
}

export function finishRun(
  db: Db,
  runId: number,
  result: {
    status: 'succeeded' | 'incomplete' | 'failed';
    at: number;
    apiCalls: number;
    error: string | null;
    tokens?: { used: number; left: number | null } | undefined;
  },
): void {
  db.update(syncRuns)
    .set({
      status: result.status,
      finishedAt: result.at,
      apiCalls: result.apiCalls,
      error: result.error,
      tokensUsed: result.tokens?.used ?? null,
      tokensLeft: result.tokens?.left ?? null,
    })
    .where(eq(syncRuns.id, runId))
    .run();
}

export interface RunObjectRow {
  objectType: string;
  fetched: number;
  quarantined: number;
  deleted: number;
  storeCount: number | null;
  crmCount: number | null;
  sampleChecked: number | null;
  sampleMissing: number | null;
  complete: boolean | null;
  note: string | null;
}

export function recordRunObject(db: Db, runId: number, row: RunObjectRow): void {
  upsertRows(db, syncRunObjects, [syncRunObjects.runId, syncRunObjects.objectType], [{ runId, ...row }]);
}

export function lastRunId(db: Db, connection: string): number | null {
  return (
    db
      .select({ id: syncRuns.id })
      .from(syncRuns)
      .where(eq(syncRuns.connection, connection))
      .orderBy(desc(syncRuns.id))
      .limit(1)
      .get()?.id ?? null
  );
}

/** One open row per record: a record that fails again updates its row instead of piling up copies. */
export function quarantineRecords(
  db: Db,
  connection: string,
  runId: number,
  records: QuarantinedRecord[],
  at: number,
): void {
  for (const r of records) {
    const open = db
      .select({ id: quarantine.id })
      .from(quarantine)
      .where(
        and(
          eq(quarantine.connection, connection),
          eq(quarantine.objectType, r.objectType),
          r.externalId === null ? isNull(quarantine.externalId) : eq(quarantine.externalId, r.externalId),
          isNull(quarantine.resolvedAt),
        ),
      )
      .get();
    const values = { reason: r.reason, payload: r.payload ?? null, runId, quarantinedAt: at };
    if (open && r.externalId !== null) db.update(quarantine).set(values).where(eq(quarantine.id, open.id)).run();
    else
      db.insert(quarantine)
        .values({ connection, objectType: r.objectType, externalId: r.externalId, ...values })
        .run();
  }
}

/** Records stored successfully close their open quarantine rows. */
export function resolveQuarantine(db: Db, connection: string, type: string, ids: string[], at: number): void {
  if (ids.length === 0) return;
  const client = clientOf(db);
  if (client) {
    // Once per stored page, usually matching nothing: a cached statement with the ids as one JSON array.
    const q = quarantine;
    prepared(
      client,
      `UPDATE "${getTableName(q)}" SET "${q.resolvedAt.name}" = ? WHERE "${q.connection.name}" = ? AND ` +
        `"${q.objectType.name}" = ? AND "${q.resolvedAt.name}" IS NULL AND ` +
        `"${q.externalId.name}" IN (SELECT value FROM json_each(?))`,
    ).run(at, connection, type, JSON.stringify(ids));
    return;
  }
  db.update(quarantine)
    .set({ resolvedAt: at })
    .where(
      and(
        eq(quarantine.connection, connection),
        eq(quarantine.objectType, type),
        inArray(quarantine.externalId, ids),
        isNull(quarantine.resolvedAt),
      ),
    )
    .run();
}

/** Marks records deleted (or merged away); already-deleted rows keep their first date. Returns rows changed. */
export function markDeleted(
  db: Db,
  connection: string,
  type: ObjectType,
  tombstones: { externalId: string; at: number; mergedInto: string | null }[],
): number {
  const { table, where } = tableOf(type, connection);
  let changed = 0;
  for (const t of tombstones) {
    const set = 'mergedInto' in table ? { deletedAt: t.at, mergedInto: t.mergedInto } : ({ deletedAt: t.at } as const);
    changed += db
      .update(table)
      .set(set)
      .where(and(where, eq(table.externalId, t.externalId), isNull(table.deletedAt)))
      .run().changes;
  }
  return changed;
}

/**
 * After a complete id enumeration: every live stored record whose id the CRM no longer lists is deleted as of
 * `at`. Only ever called once the enumeration finished, so a killed run tombstones nothing.
 */
export function markMissingDeleted(
  db: Db,
  connection: string,
  type: ObjectType,
  liveIds: Set<string>,
  at: number,
): number {
  const { table, where } = tableOf(type, connection);
  const stored = db
    .select({ id: table.externalId })
    .from(table)
    .where(and(where, isNull(table.deletedAt)))
    .all();
  const gone = stored.filter((r) => !liveIds.has(r.id)).map((r) => ({ externalId: r.id, at, mergedInto: null }));
  return markDeleted(db, connection, type, gone);
}

export function liveCount(db: Db, connection: string, type: ObjectType): number {
  const { table, where } = tableOf(type, connection);
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(table)
      .where(and(where, isNull(table.deletedAt)))
      .get()?.n ?? 0
  );
}

/** Which of `ids` the store holds as live records. */
export function presentIds(db: Db, connection: string, type: ObjectType, ids: string[]): Set<string> {
  if (ids.length === 0) return new Set();
  const { table, where } = tableOf(type, connection);
  const rows = db
    .select({ id: table.externalId })
    .from(table)
    .where(and(where, inArray(table.externalId, ids), isNull(table.deletedAt)))
    .all();
  return new Set(rows.map((r) => r.id));
}

/** Open quarantine rows of one object type: records the CRM has and the store could not take. */
export function openQuarantineCount(db: Db, connection: string, type: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(quarantine)
      .where(and(eq(quarantine.connection, connection), eq(quarantine.objectType, type), isNull(quarantine.resolvedAt)))
      .get()?.n ?? 0
  );
}

/** Which of `ids` sit in open quarantine: the CRM has them, the store knows why it does not. */
export function quarantinedIds(db: Db, connection: string, type: string, ids: string[]): Set<string> {
  if (ids.length === 0) return new Set();
  const rows = db
    .select({ id: quarantine.externalId })
    .from(quarantine)
    .where(
      and(
        eq(quarantine.connection, connection),
        eq(quarantine.objectType, type),
        inArray(quarantine.externalId, ids),
        isNull(quarantine.resolvedAt),
      ),
    )
    .all();
  return new Set(rows.map((r) => r.id).filter((id): id is string => id !== null));
}
