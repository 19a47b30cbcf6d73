/** HubSpot calls, emails, meetings, notes and tasks -> `CrmEngagement` (hubspot-api.md §10). */
import type { CallOutcome, CrmEngagement, EngagementType } from '../../../domain/records';
import type { HubSpotObject } from '../types';
import { instantProp, type MapResult, mapWith, modifiedAtOf, prop, requiredInstant, toNumber } from './common';

export type EngagementObjectType = 'calls' | 'emails' | 'meetings' | 'notes' | 'tasks';

const COMMON = ['hs_timestamp', 'hubspot_owner_id', 'hs_activity_type', 'hs_createdate', 'hs_lastmodifieddate'];

/** Properties requested per engagement object type. */
export const ENGAGEMENT_PROPERTIES: Readonly<Record<EngagementObjectType, readonly string[]>> = {
  calls: [...COMMON, 'hs_call_direction', 'hs_call_disposition', 'hs_call_duration', 'hs_call_status', 'hs_call_title'],
  emails: [...COMMON, 'hs_email_direction', 'hs_email_status', 'hs_email_subject'],
  meetings: [...COMMON, 'hs_meeting_start_time', 'hs_meeting_end_time', 'hs_meeting_outcome', 'hs_meeting_title'],
  notes: [...COMMON],
  tasks: [...COMMON, 'hs_task_status', 'hs_task_type', 'hs_task_priority', 'hs_task_subject'],
};

/** HubSpot's default call outcome GUIDs (§10); custom outcomes keep their GUID. */
export const CALL_OUTCOMES: Readonly<Record<string, CallOutcome>> = {
  'f240bbac-87c9-4f6e-bf70-924b57d47db7': 'connected',
  '73a0d17f-1163-4015-bdd5-ec830791da20': 'no_answer',
  'b2cf5968-551e-4856-9783-52b3da59a7d0': 'left_voicemail',
  'a4c4c377-d246-4b32-a13b-75a56a4cd0ff': 'left_live_message',
  '9d9162e7-6cf3-4944-bf63-4dff82258764': 'busy',
  '17b47fee-58de-441e-a44c-c6300d46f273': 'wrong_number',
};

const EMAIL_DIRECTIONS: Readonly<Record<string, CrmEngagement['direction']>> = {
  EMAIL: 'outbound',
  INCOMING_EMAIL: 'inbound',
  FORWARDED_EMAIL: 'forwarded',
};

const CALL_DIRECTIONS: Readonly<Record<string, CrmEngagement['direction']>> = {
  OUTBOUND: 'outbound',
  INBOUND: 'inbound',
};

const TYPE_OF: Readonly<Record<EngagementObjectType, EngagementType>> = {
  calls: 'call',
  emails: 'email',
  meetings: 'meeting',
  notes: 'note',
  tasks: 'task',
};

export interface EngagementContext {
  dealIds: readonly string[];
  contactIds: readonly string[];
  companyIds: readonly string[];
  leadIds: readonly string[];
}

/** Maps one engagement payload of `objectType`, or says why it goes to quarantine. */
export function toCrmEngagement(
  objectType: EngagementObjectType,
  raw: unknown,
  ctx: EngagementContext,
): MapResult<CrmEngagement> {
  return mapWith(raw, (obj) => {
    const type = TYPE_OF[objectType];
    return {
      externalId: obj.id,
      type,
      direction: direction(type, obj),
      outcome: outcome(type, obj),
      durationSeconds: type === 'call' ? durationSeconds(obj) : null,
      // `hs_timestamp` is the activity time (a task's due date); meetings default it to their start.
      occurredAt: requiredInstant(obj, 'hs_timestamp', 'hs_meeting_start_time'),
      endAt: type === 'meeting' ? instantProp(obj, 'hs_meeting_end_time') : null,
      ownerId: prop(obj, 'hubspot_owner_id'),
      done: type === 'task' ? prop(obj, 'hs_task_status') === 'COMPLETED' : null,
      activityType: prop(obj, 'hs_activity_type'),
      dealIds: [...ctx.dealIds],
      contactIds: [...ctx.contactIds],
      companyIds: [...ctx.companyIds],
      leadIds: [...ctx.leadIds],
      modifiedAt: modifiedAtOf(obj, 'hs_lastmodifieddate'),
    };
  });
}

function direction(type: EngagementType, obj: HubSpotObject): CrmEngagement['direction'] {
  if (type === 'call') return CALL_DIRECTIONS[prop(obj, 'hs_call_direction') ?? ''] ?? null;
  if (type === 'email') return EMAIL_DIRECTIONS[prop(obj, 'hs_email_direction') ?? ''] ?? null;
  return null;
}

function outcome(type: EngagementType, obj: HubSpotObject): string | null {
  if (type === 'call') {
    const guid = prop(obj, 'hs_call_disposition');
    return guid === null ? null : (CALL_OUTCOMES[guid.toLowerCase()] ?? guid);
  }
  if (type === 'meeting') return prop(obj, 'hs_meeting_outcome')?.toLowerCase() ?? null;
  return null;
}

/** `hs_call_duration` is in milliseconds. */
function durationSeconds(obj: HubSpotObject): number | null {
  const ms = toNumber(prop(obj, 'hs_call_duration'), 'hs_call_duration');
  return ms === null ? null : Math.round(ms / 1000);
}
