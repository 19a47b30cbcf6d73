/**
 * What Pipedrive can carry of the neutral model (scenarios.md "Rules", docs/scenarios.md "Pipedrive
 * projection"). The serializers and the store view (views/pipedrive.ts) both call these rules, so the HTTP
 * answers and the expected store content cannot drift apart.
 */
import type { SimEngagement, SimModel, SimRecordMeta } from '../model.js';

/** How an engagement appears on Pipedrive: as an activity, as a note, or not at all. */
export type PdEngagementKind = 'activity' | 'note' | null;

/**
 * Notes are Pipedrive notes; calls, meetings, tasks and outbound emails are activities. Inbound and forwarded
 * emails would be mailbox messages, which a sync does not read: they are not served.
 */
export function engagementKind(e: SimEngagement): PdEngagementKind {
  if (e.type === 'note') return 'note';
  if (e.type === 'email' && e.direction !== null && e.direction !== 'outbound') return null;
  return 'activity';
}

/** Activity type `key_string`: a support call is a `support_call` activity (scenarios.md engagements table). */
export function activityType(e: SimEngagement): string {
  if (e.type === 'call' && e.support) return 'support_call';
  return e.type;
}

/**
 * `done` of an activity: a meeting is done when completed (Pipedrive has no other meeting outcome); a logged
 * call or email happened, so it is done unless the model says otherwise; a task is done only when marked.
 */
export function activityDone(e: SimEngagement): boolean {
  switch (e.type) {
    case 'meeting':
      return e.outcome === 'completed' || (e.outcome === null && e.done === true);
    case 'task':
      return e.done === true;
    default:
      return e.done ?? true;
  }
}

/** Call log outcomes (pipedrive-api.md §6); the neutral `left_live_message` is Pipedrive's `left_message`. */
export function callLogOutcome(outcome: string): string {
  return outcome === 'left_live_message' ? 'left_message' : outcome;
}

/** The neutral outcome a connector stores for a call log outcome (the inverse of {@link callLogOutcome}). */
export function neutralCallOutcome(outcome: string): string {
  return outcome === 'left_message' ? 'left_live_message' : outcome;
}

/** A call has a call log when it has an outcome: Pipedrive requires one on every call log. */
export function hasCallLog(e: SimEngagement): boolean {
  return e.type === 'call' && e.outcome !== null;
}

/** Gone = deleted or merged away: Pipedrive lists it nowhere (deals: only under `status=deleted`). */
export function isGone(r: SimRecordMeta): boolean {
  return r.deletedAt !== null || r.mergedInto !== null;
}

/**
 * Pipedrive records always have an owner: a record the model leaves unowned (company, contact, lead,
 * engagement) belongs to the company admin, the first user.
 */
export function ownerOrAdmin(model: SimModel, owner: string | null): string | null {
  return owner ?? model.users[0]?.id ?? null;
}

/** Deal `value`: Pipedrive has no empty value, so a deal without amount is worth 0. */
export function servedValue(amount: number | null): number {
  return amount ?? 0;
}

/** What a connector stores from a served value: 0 means "no amount", as the UI shows it. */
export function storedAmount(amount: number | null): number | null {
  return amount === null || amount === 0 ? null : amount;
}

/** The first id of `ids` whose record is not gone: Pipedrive links one person and one organization per record. */
export function firstLive(ids: readonly (string | null)[], gone: ReadonlySet<string>): string | null {
  for (const id of ids) if (id !== null && !gone.has(id)) return id;
  return null;
}

/** Ids of the gone records of each linked collection, for the one-link-per-kind rule. */
export interface GoneSets {
  deals: Set<string>;
  contacts: Set<string>;
  companies: Set<string>;
  leads: Set<string>;
}

export function goneSets(model: SimModel): GoneSets {
  const ids = (list: readonly (SimRecordMeta & { id: string })[]) => new Set(list.filter(isGone).map((r) => r.id));
  return {
    deals: ids(model.deals),
    contacts: ids(model.contacts),
    companies: ids(model.companies),
    leads: ids(model.leads),
  };
}

/** A lead is listed until converted (conversion removes it from the leads list) or deleted. */
export function leadListed(l: SimModel['leads'][number]): boolean {
  return !isGone(l) && l.convertedAt === null;
}
