import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { accounts, companies, contacts, deals, engagements, leads, owners, pipelines, stageVisits } from '../schema';

export interface StoreOverview {
  timeZone: string | null;
  currency: string | null;
  counts: Record<string, number>;
  deletedDeals: number;
  dealsByStatus: Record<'open' | 'won' | 'lost', number>;
}

/** What a sync left in the store, for the demo and `pulse sync` summaries: live records per table. */
export function storeOverview(db: Db, connection: string): StoreOverview {
  const count = (table: typeof deals | typeof contacts | typeof companies | typeof leads | typeof engagements) =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(table)
      .where(and(eq(table.connection, connection), isNull(table.deletedAt)))
      .get()?.n ?? 0;
  const account = db.select().from(accounts).where(eq(accounts.connection, connection)).get();
  const byStatus = db
    .select({ status: deals.status, n: sql<number>`count(*)` })
    .from(deals)
    .where(and(eq(deals.connection, connection), isNull(deals.deletedAt)))
    .groupBy(deals.status)
    .all();
  const engagementsByType = db
    .select({ type: engagements.type, n: sql<number>`count(*)` })
    .from(engagements)
    .where(and(eq(engagements.connection, connection), isNull(engagements.deletedAt)))
    .groupBy(engagements.type)
    .all();
  const simple = (table: typeof owners | typeof pipelines | typeof stageVisits) =>
    db.select({ n: sql<number>`count(*)` }).from(table).where(eq(table.connection, connection)).get()?.n ?? 0;
  return {
    timeZone: account?.timeZone ?? null,
    currency: account?.currency ?? null,
    counts: {
      owners: simple(owners),
      pipelines: simple(pipelines),
      deals: count(deals),
      'stage visits': simple(stageVisits),
      companies: count(companies),
      contacts: count(contacts),
      leads: count(leads),
      ...Object.fromEntries(engagementsByType.map((e) => [`${e.type}s`, e.n])),
    },
    deletedDeals:
      db
        .select({ n: sql<number>`count(*)` })
        .from(deals)
        .where(and(eq(deals.connection, connection), sql`${deals.deletedAt} is not null`))
        .get()?.n ?? 0,
    dealsByStatus: {
      open: byStatus.find((s) => s.status === 'open')?.n ?? 0,
      won: byStatus.find((s) => s.status === 'won')?.n ?? 0,
      lost: byStatus.find((s) => s.status === 'lost')?.n ?? 0,
    },
  };
}
