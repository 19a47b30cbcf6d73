import type { CrmCompany, CrmContact, CrmLead, CrmLifecycleChange } from '../../domain/records';
import type { Db } from '../db';
import { companies, contacts, leads, lifecycleChanges } from '../schema';
import { replaceLinks } from './deals';
import { deleteIn, insertRows, ms, msOrNull, upsertRows } from './upsert';

/** Companies, contacts and leads: the prospects and customers the KPIs follow. */
export function upsertCompanies(db: Db, connection: string, page: CrmCompany[]): void {
  upsertRows(
    db,
    companies,
    [companies.connection, companies.externalId],
    page.map((c) => ({
      connection,
      externalId: c.externalId,
      name: c.name,
      industry: c.industry,
      ownerId: c.ownerId,
      createdAt: ms(c.createdAt),
      customerSince: msOrNull(c.customerSince),
      source: c.source,
      properties: c.properties,
      modifiedAt: ms(c.modifiedAt),
      deletedAt: null,
      mergedInto: null,
    })),
  );
  replaceLifecycle(
    db,
    connection,
    'companies',
    page.map((c) => [c.externalId, c.lifecycle]),
  );
}

export function upsertContacts(db: Db, connection: string, page: CrmContact[]): void {
  upsertRows(
    db,
    contacts,
    [contacts.connection, contacts.externalId],
    page.map((c) => ({
      connection,
      externalId: c.externalId,
      name: c.name,
      email: c.email,
      companyId: c.companyIds[0] ?? null,
      ownerId: c.ownerId,
      createdAt: ms(c.createdAt),
      source: c.source,
      properties: c.properties,
      modifiedAt: ms(c.modifiedAt),
      deletedAt: null,
      mergedInto: null,
    })),
  );
  replaceLifecycle(
    db,
    connection,
    'contacts',
    page.map((c) => [c.externalId, c.lifecycle]),
  );
  replaceLinks(
    db,
    connection,
    'contact',
    page.map((c) => c.externalId),
    page.flatMap((c) => c.companyIds.map((toId) => ({ fromId: c.externalId, toType: 'company', toId }))),
  );
}

export function upsertLeads(db: Db, connection: string, page: CrmLead[]): void {
  upsertRows(
    db,
    leads,
    [leads.connection, leads.externalId],
    page.map((l) => ({
      connection,
      externalId: l.externalId,
      title: l.title,
      createdAt: ms(l.createdAt),
      ownerId: l.ownerId,
      source: l.source,
      convertedAt: msOrNull(l.convertedAt),
      modifiedAt: ms(l.modifiedAt),
      deletedAt: null,
      mergedInto: null,
    })),
  );
  replaceLinks(
    db,
    connection,
    'lead',
    page.map((l) => l.externalId),
    page.flatMap((l) => [
      ...l.contactIds.map((toId) => ({ fromId: l.externalId, toType: 'contact', toId })),
      ...l.companyIds.map((toId) => ({ fromId: l.externalId, toType: 'company', toId })),
      ...l.dealIds.map((toId) => ({ fromId: l.externalId, toType: 'deal', toId })),
    ]),
  );
}

function replaceLifecycle(
  db: Db,
  connection: string,
  objectType: 'contacts' | 'companies',
  histories: [string, CrmLifecycleChange[]][],
): void {
  const ids = histories.map(([id]) => id);
  if (ids.length === 0) return;
  deleteIn(
    db,
    lifecycleChanges,
    [
      [lifecycleChanges.connection, connection],
      [lifecycleChanges.objectType, objectType],
    ],
    lifecycleChanges.objectId,
    ids,
  );
  insertRows(
    db,
    lifecycleChanges,
    histories.flatMap(([objectId, changes]) =>
      changes.map((c, seq) => ({ connection, objectType, objectId, seq, stage: c.stage, changedAt: ms(c.at) })),
    ),
  );
}
