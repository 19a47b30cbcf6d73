/**
 * v2 activities and v1 notes -> `CrmEngagement` (pipedrive-api.md §4, §6; scenarios.md "Engagements"). Activity
 * types decide the engagement type; calls take outcome and duration from their call log; call logs carry no
 * direction, so calls are outbound, and email activities are outbound too (inbound mail is not an activity).
 */
import type { CallOutcome, CrmEngagement, EngagementType } from '../../../domain/records';
import { activitySchema, noteSchema, type PipedriveActivity, type PipedriveCallLog } from '../types';
import { MapError, type MapResult, mapWith, ref, toInstant } from './common';

/** Call log outcomes (§6) in the domain's words: Pipedrive says `left_message` for a live message. */
const CALL_OUTCOMES: Readonly<Record<string, CallOutcome>> = {
  connected: 'connected',
  no_answer: 'no_answer',
  busy: 'busy',
  left_voicemail: 'left_voicemail',
  left_message: 'left_live_message',
  wrong_number: 'wrong_number',
};

/**
 * The engagement type of an activity type key. Default keys: call, meeting, task, deadline, email, lunch; custom
 * keys (e.g. `support_call`) are matched by name, anything else counts as a task.
 */
export function engagementTypeOf(activityType: string): Exclude<EngagementType, 'note'> {
  const key = activityType.toLowerCase();
  if (key === 'call' || key.includes('call') || key.includes('phone')) return 'call';
  if (key === 'email' || key.includes('mail')) return 'email';
  if (key === 'meeting' || key === 'lunch' || key.includes('meeting') || key.includes('demo')) return 'meeting';
  return 'task';
}

/** The engagement type of a raw activity, leniently (null when it has no readable type). */
export function rawActivityType(raw: unknown): Exclude<EngagementType, 'note'> | null {
  if (typeof raw !== 'object' || raw === null || !('type' in raw) || typeof raw.type !== 'string') return null;
  return engagementTypeOf(raw.type);
}

/** `HH:MM` (or `HH:MM:SS`) as seconds. */
function durationOf(value: string | null): number | null {
  if (value === null) return null;
  const m = /^(\d{1,3}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  return Number(m[1]) * 3_600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}

/** Due date + due time (UTC per the v1 spec, §4); the add time when there is no due date. */
function occurredAt(a: PipedriveActivity): string {
  if (a.due_date === null) return toInstant(a.add_time, 'add_time');
  const time = a.due_time === null ? '00:00:00' : a.due_time.length === 5 ? `${a.due_time}:00` : a.due_time;
  if (!/^\d{2}:\d{2}:\d{2}$/.test(time)) throw new MapError(`due_time: unparsable time ${JSON.stringify(a.due_time)}`);
  return toInstant(`${a.due_date} ${time}`, 'due_date');
}

export interface ActivityContext {
  /** The call log of this activity, for calls. */
  callLog: PipedriveCallLog | null;
}

/** Maps one v2 activity, or says why it goes to quarantine. */
export function toCrmEngagement(raw: unknown, ctx: ActivityContext): MapResult<CrmEngagement> {
  return mapWith(activitySchema, raw, (a) => {
    const type = engagementTypeOf(a.type);
    const at = occurredAt(a);
    const durationSeconds = durationOf(a.duration);
    const outcome =
      type === 'call'
        ? ctx.callLog?.outcome == null
          ? null
          : (CALL_OUTCOMES[ctx.callLog.outcome] ?? ctx.callLog.outcome)
        : type === 'meeting' && a.done === true
          ? 'completed'
          : null;
    const participants = [...(a.participants ?? [])].sort((x, y) => Number(y.primary_flag) - Number(x.primary_flag));
    const contactIds = participants.length > 0 ? participants.map((p) => String(p.person_id)) : [];
    if (contactIds.length === 0 && a.person_id != null) contactIds.push(String(a.person_id));
    return {
      externalId: String(a.id),
      type,
      direction: type === 'call' || type === 'email' ? 'outbound' : null,
      outcome,
      durationSeconds: type === 'call' ? (ctx.callLog?.duration ?? durationSeconds) : null,
      occurredAt: at,
      endAt:
        type === 'meeting' && durationSeconds !== null
          ? new Date(Date.parse(at) + durationSeconds * 1_000).toISOString()
          : null,
      ownerId: ref(a.owner_id),
      done: a.done ?? false,
      activityType: a.type,
      dealIds: a.deal_id == null ? [] : [String(a.deal_id)],
      contactIds: [...new Set(contactIds)],
      companyIds: a.org_id == null ? [] : [String(a.org_id)],
      leadIds: a.lead_id === null ? [] : [a.lead_id],
      modifiedAt: toInstant(a.update_time, 'update_time'),
    };
  });
}

/** Maps one v1 note (v1 naive UTC times), or says why it goes to quarantine. */
export function toCrmNote(raw: unknown): MapResult<CrmEngagement> {
  return mapWith(noteSchema, raw, (n) => ({
    externalId: String(n.id),
    type: 'note' as const,
    direction: null,
    outcome: null,
    durationSeconds: null,
    occurredAt: toInstant(n.add_time, 'add_time'),
    endAt: null,
    ownerId: ref(n.user_id),
    done: null,
    activityType: null,
    dealIds: n.deal_id == null ? [] : [String(n.deal_id)],
    contactIds: n.person_id == null ? [] : [String(n.person_id)],
    companyIds: n.org_id == null ? [] : [String(n.org_id)],
    leadIds: n.lead_id === null ? [] : [n.lead_id],
    modifiedAt: toInstant(n.update_time, 'update_time'),
  }));
}
