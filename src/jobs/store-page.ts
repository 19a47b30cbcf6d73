import type { Page, RecordOf } from '../connectors/types';
import type { CrmCompany, CrmContact, CrmDeal, CrmEngagement, CrmLead, ObjectType } from '../domain/records';
import type { Db } from '../storage/db';
import { upsertDeals } from '../storage/repositories/deals';
import { upsertEngagements } from '../storage/repositories/engagements';
import { upsertCompanies, upsertContacts, upsertLeads } from '../storage/repositories/parties';
import { markDeleted, quarantineRecords, resolveQuarantine, setCursor } from '../storage/repositories/sync-state';

/** What storing one page changed. */
export interface StoredPage {
  stored: number;
  quarantined: number;
  deleted: number;
}

/**
 * Stores one page and advances the cursor in the same transaction: a crash before the commit leaves the old
 * cursor, so the next run reads the page again (upserts make that harmless); a crash after it never re-reads.
 */
export function storePage<T extends ObjectType>(
  db: Db,
  connection: string,
  runId: number,
  type: T,
  page: Page<RecordOf[T]>,
  at: number,
): StoredPage {
  // The connection's own transaction rather than drizzle's: inside it the repositories get the store itself, whose
  // connection lets them run cached prepared statements (a drizzle transaction handle does not expose it).
  return db.$client.transaction(() => {
    const store = db;
    if (type === 'deals') {
      upsertDeals(store, connection, page.records as CrmDeal[], new Set(page.keepHistoryOf ?? []));
    } else {
      upsertOf(type)(store, connection, page.records);
    }
    resolveQuarantine(
      store,
      connection,
      type,
      page.records.map((r) => r.externalId),
      at,
    );
    quarantineRecords(store, connection, runId, page.quarantined, at);
    const deleted = markDeleted(
      store,
      connection,
      type,
      page.deletedIds.map((d) => ({ externalId: d.externalId, at: Date.parse(d.at), mergedInto: d.mergedInto })),
    );
    if (page.cursor !== null) setCursor(store, connection, type, page.cursor, at);
    return { stored: page.records.length, quarantined: page.quarantined.length, deleted };
  })();
}

type Upsert<R> = (db: Db, connection: string, records: R[]) => void;

function upsertOf<T extends ObjectType>(type: T): Upsert<RecordOf[T]> {
  const table: { [K in ObjectType]: Upsert<RecordOf[K]> } = {
    deals: upsertDeals as Upsert<CrmDeal>,
    contacts: upsertContacts as Upsert<CrmContact>,
    companies: upsertCompanies as Upsert<CrmCompany>,
    leads: upsertLeads as Upsert<CrmLead>,
    calls: upsertEngagements as Upsert<CrmEngagement>,
    emails: upsertEngagements as Upsert<CrmEngagement>,
    meetings: upsertEngagements as Upsert<CrmEngagement>,
    notes: upsertEngagements as Upsert<CrmEngagement>,
    tasks: upsertEngagements as Upsert<CrmEngagement>,
  };
  return table[type];
}
