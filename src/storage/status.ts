import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from './db';
import { quarantine, syncRunObjects, syncRuns } from './schema';

export interface ObjectStatus {
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

export interface ConnectionStatus {
  connection: string;
  lastRun: {
    id: number;
    full: boolean;
    startedAt: number;
    finishedAt: number | null;
    status: string;
    apiCalls: number;
    tokensUsed: number | null;
    tokensLeft: number | null;
    error: string | null;
  } | null;
  objects: ObjectStatus[];
  openQuarantine: { objectType: string; externalId: string | null; reason: string; at: number }[];
}

/** What `pulse status` shows for one connection: the last run, per-object completeness, open quarantine. */
export function connectionStatus(db: Db, connection: string): ConnectionStatus {
  const lastRun =
    db.select().from(syncRuns).where(eq(syncRuns.connection, connection)).orderBy(desc(syncRuns.id)).limit(1).get() ??
    null;
  const objects = lastRun
    ? db
        .select()
        .from(syncRunObjects)
        .where(eq(syncRunObjects.runId, lastRun.id))
        .orderBy(syncRunObjects.objectType)
        .all()
    : [];
  const open = db
    .select({
      objectType: quarantine.objectType,
      externalId: quarantine.externalId,
      reason: quarantine.reason,
      at: quarantine.quarantinedAt,
    })
    .from(quarantine)
    .where(and(eq(quarantine.connection, connection), isNull(quarantine.resolvedAt)))
    .orderBy(desc(quarantine.id))
    .limit(50)
    .all();
  return {
    connection,
    lastRun: lastRun && {
      id: lastRun.id,
      full: lastRun.full,
      startedAt: lastRun.startedAt,
      finishedAt: lastRun.finishedAt,
      status: lastRun.status,
      apiCalls: lastRun.apiCalls,
      tokensUsed: lastRun.tokensUsed,
      tokensLeft: lastRun.tokensLeft,
      error: lastRun.error,
    },
    objects: objects.map(({ runId: _run, ...rest }) => rest),
    openQuarantine: open,
  };
}
