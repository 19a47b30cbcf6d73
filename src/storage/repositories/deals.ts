import type { CrmDeal } from '../../domain/records';
import type { Db } from '../db';
import { associations, deals, fieldChanges, stageVisits } from '../schema';
import { deleteIn, insertRows, ms, msOrNull, upsertRows } from './upsert';

/**
 * Stores deals with their stage visits, field history and links. Children are replaced wholesale: the provider
 * always sends a deal's whole history, so a re-read is the truth (a rewritten history replaces the old one).
 * A deal stored again is live again: `deleted_at` is cleared (a restored record).
 */
export function upsertDeals(
  db: Db,
  connection: string,
  page: CrmDeal[],
  /** Deals whose history was not re-read this time (Pipedrive's changelog is only read on change): keep it. */
  keepHistoryOf: ReadonlySet<string> = new Set(),
): void {
  if (page.length === 0) return;
  const ids = page.map((d) => d.externalId);
  const rewritten = page.filter((d) => !keepHistoryOf.has(d.externalId));
  const rewrittenIds = rewritten.map((d) => d.externalId);
  upsertRows(
    db,
    deals,
    [deals.connection, deals.externalId],
    page.map((d) => ({
      connection,
      externalId: d.externalId,
      name: d.name,
      pipelineId: d.pipelineId,
      stageId: d.stageId,
      status: d.status,
      amount: d.amount,
      currency: d.currency,
      amountHome: d.amountHome,
      probability: d.probability,
      createdAt: ms(d.createdAt),
      wonAt: msOrNull(d.wonAt),
      lostAt: msOrNull(d.lostAt),
      closeDate: d.closeDate,
      lostReason: d.lostReason,
      source: d.source,
      sourceDetail: d.sourceDetail,
      ownerId: d.ownerId,
      companyId: d.companyIds[0] ?? null,
      contactId: d.contactIds[0] ?? null,
      properties: d.properties,
      modifiedAt: ms(d.modifiedAt),
      deletedAt: null,
      mergedInto: null,
    })),
  );
  if (rewrittenIds.length > 0) {
    deleteIn(db, stageVisits, [[stageVisits.connection, connection]], stageVisits.dealId, rewrittenIds);
    deleteIn(db, fieldChanges, [[fieldChanges.connection, connection]], fieldChanges.dealId, rewrittenIds);
  }
  insertRows(
    db,
    stageVisits,
    rewritten.flatMap((d) =>
      d.stageVisits.map((v, seq) => ({
        connection,
        dealId: d.externalId,
        seq,
        pipelineId: v.pipelineId,
        stageId: v.stageId,
        enteredAt: ms(v.enteredAt),
        exitedAt: msOrNull(v.exitedAt),
      })),
    ),
  );
  insertRows(
    db,
    fieldChanges,
    rewritten.flatMap((d) => {
      const seqByField = new Map<string, number>();
      return d.fieldChanges.map((c) => {
        const seq = seqByField.get(c.field) ?? 0;
        seqByField.set(c.field, seq + 1);
        return { connection, dealId: d.externalId, field: c.field, seq, value: c.value, changedAt: ms(c.at) };
      });
    }),
  );
  replaceLinks(
    db,
    connection,
    'deal',
    ids,
    page.flatMap((d) => [
      ...d.contactIds.map((to) => ({ fromId: d.externalId, toType: 'contact', toId: to })),
      ...d.companyIds.map((to) => ({ fromId: d.externalId, toType: 'company', toId: to })),
    ]),
  );
}

/** Replaces every outgoing link of the given records of one type. */
export function replaceLinks(
  db: Db,
  connection: string,
  fromType: string,
  fromIds: string[],
  links: { fromId: string; toType: string; toId: string }[],
): void {
  if (fromIds.length === 0) return;
  deleteIn(
    db,
    associations,
    [
      [associations.connection, connection],
      [associations.fromType, fromType],
    ],
    associations.fromId,
    fromIds,
  );
  const unique = new Map<string, (typeof links)[number]>();
  for (const l of links) unique.set(`${l.fromId}\u0000${l.toType}\u0000${l.toId}`, l);
  insertRows(
    db,
    associations,
    [...unique.values()].map((l) => ({ connection, fromType, ...l })),
  );
}
