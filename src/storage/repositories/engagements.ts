import type { CrmEngagement } from '../../domain/records';
import type { Db } from '../db';
import { engagements } from '../schema';
import { replaceLinks } from './deals';
import { ms, msOrNull, upsertRows } from './upsert';

/** Calls, emails, meetings, notes and tasks with their links to deals, contacts, companies and leads. */
export function upsertEngagements(db: Db, connection: string, page: CrmEngagement[]): void {
  upsertRows(
    db,
    engagements,
    [engagements.connection, engagements.type, engagements.externalId],
    page.map((e) => ({
      connection,
      externalId: e.externalId,
      type: e.type,
      direction: e.direction,
      outcome: e.outcome,
      durationSeconds: e.durationSeconds,
      occurredAt: ms(e.occurredAt),
      endAt: msOrNull(e.endAt),
      ownerId: e.ownerId,
      done: e.done,
      activityType: e.activityType,
      modifiedAt: ms(e.modifiedAt),
      deletedAt: null,
    })),
  );
  const byType = new Map<string, CrmEngagement[]>();
  for (const e of page) {
    const group = byType.get(e.type);
    if (group) group.push(e);
    else byType.set(e.type, [e]);
  }
  for (const [type, group] of byType) {
    replaceLinks(
      db,
      connection,
      type,
      group.map((e) => e.externalId),
      group.flatMap((e) => [
        ...e.dealIds.map((toId) => ({ fromId: e.externalId, toType: 'deal', toId })),
        ...e.contactIds.map((toId) => ({ fromId: e.externalId, toType: 'contact', toId })),
        ...e.companyIds.map((toId) => ({ fromId: e.externalId, toType: 'company', toId })),
        ...e.leadIds.map((toId) => ({ fromId: e.externalId, toType: 'lead', toId })),
      ]),
    );
  }
}
