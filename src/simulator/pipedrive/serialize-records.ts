/**
 * Persons, organizations, activities (v2, RFC 3339) and notes, call logs, leads (v1: naive UTC times, leads ISO
 * with milliseconds) as Pipedrive serves them (pipedrive-api.md §4, §6). One deal, one person and one
 * organization per record; other contacts of an activity are its participants.
 */
import type { SimCompany, SimContact, SimEngagement, SimLead } from '../model.js';
import { customFieldsObject, optionId, type SerializeContext } from './context.js';
import type { JsonObject } from './errors.js';
import { hhmm, isoMs, pipedriveSource, rfc3339, SOURCE_NAMES, utcDate, utcHhmm, v1Time } from './format.js';
import { activityDone, activityType, callLogOutcome, firstLive, ownerOrAdmin } from './projection.js';

/** The Pipedrive company id served on `/v1/users/me` and call logs. */
export const PD_COMPANY_ID = 7_654_321;

/** A serialized record and the instants list filters and sorts read. */
export interface PdDoc {
  pos: number;
  id: number;
  json: JsonObject;
  addMs: number;
  updateMs: number;
}

const owner = (ctx: SerializeContext, userId: string | null): number | null => {
  const u = ownerOrAdmin(ctx.model, userId);
  return u === null ? null : (ctx.ids.userId(u) ?? null);
};

function splitName(name: string): [string, string] {
  const i = name.indexOf(' ');
  return i < 0 ? [name, ''] : [name.slice(0, i), name.slice(i + 1)];
}

function orgIdOf(ctx: SerializeContext, companyId: string | null): number | null {
  const c = firstLive([companyId], ctx.gone.companies);
  return c === null ? null : (ctx.ids.toPipedrive('companies', c) ?? null);
}

function personIdOf(ctx: SerializeContext, contactIds: readonly string[]): number | null {
  const c = firstLive(contactIds, ctx.gone.contacts);
  return c === null ? null : (ctx.ids.toPipedrive('contacts', c) ?? null);
}

export function serializePerson(ctx: SerializeContext, c: SimContact, pos: number): PdDoc {
  const id = ctx.ids.atPosition('contacts', pos);
  const [first, last] = splitName(c.name);
  const json: JsonObject = {
    id,
    name: c.name,
    first_name: first,
    last_name: last,
    owner_id: owner(ctx, c.owner),
    org_id: orgIdOf(ctx, c.company),
    add_time: rfc3339(c.createdAt),
    update_time: rfc3339(c.modifiedAt),
    emails: c.email === null ? [] : [{ value: c.email, primary: true, label: 'work' }],
    phones: [],
    is_deleted: c.deletedAt !== null || c.mergedInto !== null,
    visible_to: 3,
    label_ids: [],
    picture_id: null,
    custom_fields: customFieldsObject(ctx, 'person', c.properties),
  };
  return { pos, id, json, addMs: c.createdAt, updateMs: c.modifiedAt };
}

export function serializeOrganization(ctx: SerializeContext, c: SimCompany, pos: number): PdDoc {
  const id = ctx.ids.atPosition('companies', pos);
  const json: JsonObject = {
    id,
    name: c.name,
    owner_id: owner(ctx, c.owner),
    add_time: rfc3339(c.createdAt),
    update_time: rfc3339(c.modifiedAt),
    address: null,
    is_deleted: c.deletedAt !== null || c.mergedInto !== null,
    visible_to: 3,
    label_ids: [],
    website: null,
    linkedin: null,
    industry: optionId(ctx.industryOptions, c.industry),
    annual_revenue: null,
    employee_count: null,
    custom_fields: customFieldsObject(ctx, 'organization', c.properties),
  };
  return { pos, id, json, addMs: c.createdAt, updateMs: c.modifiedAt };
}

/** Creation instant of an engagement: the model has none, and a task's `at` may lie in the future. */
export function engagementAddMs(e: SimEngagement): number {
  return Math.min(e.at, e.modifiedAt);
}

const SUBJECTS: Record<string, string> = {
  call: 'Call',
  support_call: 'Support call',
  meeting: 'Meeting',
  task: 'Task',
  email: 'Email',
};

/** The v2 activity of a call, meeting, task or outbound email. */
export function serializeActivity(
  ctx: SerializeContext,
  e: SimEngagement,
  pos: number,
): PdDoc & { attendees: unknown } {
  const { ids, gone, model } = ctx;
  const id = ids.atPosition('activities', pos);
  const type = activityType(e);
  const done = activityDone(e);
  const deal = firstLive(e.deals, gone.deals);
  const lead = firstLive(e.leads, gone.leads);
  const contacts = e.contacts.filter((c) => !gone.contacts.has(c));
  const seconds =
    e.type === 'meeting' && e.endAt !== null ? (e.endAt - e.at) / 1000 : e.type === 'call' ? e.durationSeconds : null;
  const addMs = engagementAddMs(e);
  const json: JsonObject = {
    id,
    subject: SUBJECTS[type] ?? type,
    type,
    owner_id: owner(ctx, e.owner),
    creator_user_id: owner(ctx, e.owner),
    is_deleted: e.deletedAt !== null,
    add_time: rfc3339(addMs),
    update_time: rfc3339(e.modifiedAt),
    deal_id: deal === null ? null : (ids.toPipedrive('deals', deal) ?? null),
    lead_id: lead === null ? null : (ids.leadId(lead) ?? null),
    person_id: personIdOf(ctx, contacts),
    org_id: orgIdOf(ctx, firstLive(e.companies, gone.companies)),
    project_id: null,
    due_date: utcDate(e.at),
    due_time: utcHhmm(e.at),
    duration: seconds === null ? null : hhmm(seconds),
    busy: false,
    done,
    marked_as_done_time: done ? rfc3339(Math.min(e.endAt ?? e.at, model.now)) : null,
    location: null,
    participants: contacts.map((c, i) => ({ person_id: ids.toPipedrive('contacts', c) ?? null, primary: i === 0 })),
    public_description: null,
    priority: null,
    note: null,
  };
  const attendees = contacts.map((c) => {
    const personId = ids.toPipedrive('contacts', c) ?? null;
    const contact = personId === null ? undefined : model.contacts[ids.position('contacts', personId) ?? -1];
    return {
      email: contact?.email ?? null,
      name: contact?.name ?? null,
      status: 'accepted',
      is_organizer: false,
      person_id: personId,
      user_id: null,
    };
  });
  return { pos, id, json, addMs, updateMs: e.modifiedAt, attendees };
}

/** A v1 note (notes are not activities in Pipedrive). */
export function serializeNote(ctx: SerializeContext, e: SimEngagement, pos: number): PdDoc {
  const { ids, gone } = ctx;
  const id = ids.atPosition('notes', pos);
  const deal = firstLive(e.deals, gone.deals);
  const lead = firstLive(e.leads, gone.leads);
  const user = owner(ctx, e.owner);
  const json: JsonObject = {
    id,
    user_id: user,
    deal_id: deal === null ? null : (ids.toPipedrive('deals', deal) ?? null),
    person_id: personIdOf(ctx, e.contacts),
    org_id: orgIdOf(ctx, firstLive(e.companies, gone.companies)),
    lead_id: lead === null ? null : (ids.leadId(lead) ?? null),
    project_id: null,
    content: '',
    add_time: v1Time(e.at),
    update_time: v1Time(e.modifiedAt),
    active_flag: true,
    last_update_user_id: user,
    pinned_to_deal_flag: false,
    pinned_to_organization_flag: false,
    pinned_to_person_flag: false,
    pinned_to_lead_flag: false,
    pinned_to_project_flag: false,
  };
  return { pos, id, json, addMs: e.at, updateMs: e.modifiedAt };
}

/** The v1 call log of a call with an outcome; it links a deal or else a lead (never both). */
export function serializeCallLog(ctx: SerializeContext, e: SimEngagement, pos: number): JsonObject {
  const { ids, gone } = ctx;
  const deal = firstLive(e.deals, gone.deals);
  const lead = deal === null ? firstLive(e.leads, gone.leads) : null;
  const seconds = e.durationSeconds ?? 0;
  const log: JsonObject = {
    id: ids.callLogId(pos),
    activity_id: ids.atPosition('activities', pos),
    user_id: owner(ctx, e.owner),
    subject: e.support ? SUBJECTS.support_call : SUBJECTS.call,
    duration: String(seconds),
    outcome: callLogOutcome(e.outcome ?? 'connected'),
    from_phone_number: null,
    to_phone_number: null,
    has_recording: false,
    start_time: v1Time(e.at),
    end_time: v1Time(e.at + seconds * 1000),
    person_id: personIdOf(ctx, e.contacts),
    org_id: orgIdOf(ctx, firstLive(e.companies, gone.companies)),
    company_id: PD_COMPANY_ID,
    note: null,
  };
  if (deal !== null) log.deal_id = ids.toPipedrive('deals', deal) ?? null;
  if (lead !== null) log.lead_id = ids.leadId(lead) ?? null;
  return log;
}

/** A v1 lead: source as origin + channel, times ISO with milliseconds. */
export function serializeLead(ctx: SerializeContext, l: SimLead, pos: number): JsonObject {
  const src = pipedriveSource(l.source);
  const user = owner(ctx, l.owner);
  return {
    id: ctx.ids.leadAtPosition(pos),
    title: l.title,
    owner_id: user,
    creator_id: user,
    label_ids: [],
    person_id: personIdOf(ctx, l.contact === null ? [] : [l.contact]),
    organization_id: orgIdOf(ctx, l.company),
    source_name: SOURCE_NAMES[src.origin] ?? src.origin,
    origin: src.origin,
    origin_id: null,
    channel: optionId(ctx.channelOptions, src.channel),
    channel_id: null,
    source_deal_id: null,
    is_archived: false,
    was_seen: true,
    value: null,
    expected_close_date: null,
    next_activity_id: null,
    add_time: isoMs(l.createdAt),
    update_time: isoMs(l.modifiedAt),
    visible_to: '3',
    cc_email: `company+${PD_COMPANY_ID}+lead@pipedrivemail.com`,
  };
}
