import { and, eq, isNotNull } from 'drizzle-orm';
import { type CrmSnapshot, canonicalNumber, pushChange, type SnapshotDeal } from '../domain/snapshot';
import type { Db } from './db';
import {
  associations,
  companies,
  contacts,
  deals,
  engagements,
  fieldChanges,
  leads,
  lifecycleChanges,
  owners,
  stageVisits,
} from './schema';

const HISTORY_FIELDS = ['amount', 'owner', 'pipeline', 'status'] as const;

/**
 * Reads a connection's whole store as a CrmSnapshot, for comparison with the simulator's model. Meant for
 * scenario-sized and test-sized stores (it holds everything in memory), never for KPI work.
 */
export function readStoreSnapshot(db: Db, connection: string): CrmSnapshot {
  const links = groupLinks(db, connection);
  // A link to a record deleted since is not a live association (HubSpot stops returning it); the store keeps
  // the row until the owning record is read again, so the picture leaves it out.
  const deletedIds = deletedByType(db, connection);
  const linked = (fromType: string, id: string, toType: string): string[] =>
    [...(links.get(`${fromType}\u0000${id}\u0000${toType}`) ?? [])]
      .filter((to) => !deletedIds.get(toType)?.has(to))
      .sort();
  const visits = new Map<string, SnapshotDeal['visits']>();
  for (const v of db
    .select()
    .from(stageVisits)
    .where(eq(stageVisits.connection, connection))
    .orderBy(stageVisits.dealId, stageVisits.seq)
    .all()) {
    if (v.exitedAt !== null && v.exitedAt === v.enteredAt) continue;
    const list = visits.get(v.dealId) ?? [];
    list.push({ pipelineId: v.pipelineId, stageId: v.stageId, enteredAt: v.enteredAt, exitedAt: v.exitedAt });
    visits.set(v.dealId, list);
  }
  const history = new Map<string, SnapshotDeal['history']>();
  for (const c of db
    .select()
    .from(fieldChanges)
    .where(eq(fieldChanges.connection, connection))
    .orderBy(fieldChanges.dealId, fieldChanges.field, fieldChanges.seq)
    .all()) {
    if (!(HISTORY_FIELDS as readonly string[]).includes(c.field)) continue;
    const h = history.get(c.dealId) ?? { amount: [], owner: [], pipeline: [], status: [] };
    const field = c.field as (typeof HISTORY_FIELDS)[number];
    pushChange(h[field], { value: field === 'amount' ? canonicalNumber(c.value) : c.value, at: c.changedAt });
    history.set(c.dealId, h);
  }
  const lifecycle = new Map<string, { stage: string; at: number }[]>();
  for (const l of db
    .select()
    .from(lifecycleChanges)
    .where(eq(lifecycleChanges.connection, connection))
    .orderBy(lifecycleChanges.objectType, lifecycleChanges.objectId, lifecycleChanges.seq)
    .all()) {
    if (l.objectType !== 'contacts') continue;
    lifecycle.set(l.objectId, [...(lifecycle.get(l.objectId) ?? []), { stage: l.stage, at: l.changedAt }]);
  }
  return {
    owners: db
      .select({ id: owners.externalId, archived: owners.archived })
      .from(owners)
      .where(eq(owners.connection, connection))
      .all()
      .sort(byId),
    deals: db
      .select()
      .from(deals)
      .where(eq(deals.connection, connection))
      .all()
      .map((d) => ({
        id: d.externalId,
        deleted: d.deletedAt !== null,
        pipelineId: d.pipelineId,
        stageId: d.status === 'open' ? d.stageId : null,
        status: d.status,
        amount: d.amount,
        currency: d.currency,
        createdAt: d.createdAt,
        wonAt: d.wonAt,
        lostAt: d.lostAt,
        lostReason: d.status === 'lost' ? d.lostReason : null,
        ownerId: d.ownerId,
        companyIds: linked('deal', d.externalId, 'company'),
        contactIds: linked('deal', d.externalId, 'contact'),
        visits: visits.get(d.externalId) ?? [],
        history: history.get(d.externalId) ?? { amount: [], owner: [], pipeline: [], status: [] },
      }))
      .sort(byId),
    engagements: db
      .select()
      .from(engagements)
      .where(eq(engagements.connection, connection))
      .all()
      .map((e) => ({
        id: e.externalId,
        type: e.type,
        deleted: e.deletedAt !== null,
        direction: e.direction,
        outcome: e.outcome,
        durationSeconds: e.durationSeconds,
        occurredAt: e.occurredAt,
        ownerId: e.ownerId,
        dealIds: linked(e.type, e.externalId, 'deal'),
        contactIds: linked(e.type, e.externalId, 'contact'),
        companyIds: linked(e.type, e.externalId, 'company'),
      }))
      .sort(byId),
    contacts: db
      .select()
      .from(contacts)
      .where(eq(contacts.connection, connection))
      .all()
      .map((c) => ({
        id: c.externalId,
        deleted: c.deletedAt !== null,
        companyId: c.companyId,
        ownerId: c.ownerId,
        createdAt: c.createdAt,
        lifecycle: lifecycle.get(c.externalId) ?? [],
      }))
      .sort(byId),
    companies: db
      .select()
      .from(companies)
      .where(eq(companies.connection, connection))
      .all()
      .map((c) => ({ id: c.externalId, deleted: c.deletedAt !== null, ownerId: c.ownerId, createdAt: c.createdAt }))
      .sort(byId),
    leads: db
      .select()
      .from(leads)
      .where(eq(leads.connection, connection))
      .all()
      .map((l) => ({
        id: l.externalId,
        deleted: l.deletedAt !== null,
        createdAt: l.createdAt,
        contactIds: linked('lead', l.externalId, 'contact'),
        companyIds: linked('lead', l.externalId, 'company'),
        dealIds: linked('lead', l.externalId, 'deal'),
      }))
      .sort(byId),
  };
}

function deletedByType(db: Db, connection: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (type: string, rows: { id: string }[]) => out.set(type, new Set(rows.map((r) => r.id)));
  for (const [type, table] of [
    ['deal', deals],
    ['contact', contacts],
    ['company', companies],
    ['lead', leads],
  ] as const) {
    add(
      type,
      db
        .select({ id: table.externalId })
        .from(table)
        .where(and(eq(table.connection, connection), isNotNull(table.deletedAt)))
        .all(),
    );
  }
  return out;
}

function groupLinks(db: Db, connection: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const a of db.select().from(associations).where(eq(associations.connection, connection)).all()) {
    const key = `${a.fromType}\u0000${a.fromId}\u0000${a.toType}`;
    const set = out.get(key) ?? new Set<string>();
    set.add(a.toId);
    out.set(key, set);
  }
  return out;
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
