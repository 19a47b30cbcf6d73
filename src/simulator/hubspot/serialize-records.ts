/**
 * Contacts, companies, leads and engagements -> HubSpot property maps and histories (deals: serialize.ts).
 */
import type { SimCompany, SimContact, SimEngagement, SimLead } from '../model.js';
import { LEAD_PIPELINE_ID } from './ids.js';
import {
  analyticsSource,
  bool,
  customValue,
  enumValue,
  type HsHistories,
  type HsProps,
  iso,
  mergedValue,
  ownerValue,
  type SerializeContext,
} from './serialize.js';

/** Default call outcome GUIDs (hubspot-api.md §10). */
export const CALL_DISPOSITIONS: Readonly<Record<string, string>> = {
  connected: 'f240bbac-87c9-4f6e-bf70-924b57d47db7',
  no_answer: '73a0d17f-1163-4015-bdd5-ec830791da20',
  left_voicemail: 'b2cf5968-551e-4856-9783-52b3da59a7d0',
  left_live_message: 'a4c4c377-d246-4b32-a13b-75a56a4cd0ff',
  busy: '9d9162e7-6cf3-4944-bf63-4dff82258764',
  wrong_number: '17b47fee-58de-441e-a44c-c6300d46f273',
};
/** The `hs_activity_type` value of a support call; the connector's config names it. */
export const SUPPORT_ACTIVITY_TYPE = 'Support call';

function custom(ctx: SerializeContext, properties: SimContact['properties']): HsProps {
  const out: HsProps = {};
  for (const [k, v] of Object.entries(properties)) out[k] = customValue(ctx, v);
  return out;
}

function splitName(name: string): [string, string | null] {
  const i = name.indexOf(' ');
  return i < 0 ? [name, null] : [name.slice(0, i), name.slice(i + 1)];
}

export function contactProps(ctx: SerializeContext, c: SimContact, hsId: string): HsProps {
  const [firstname, lastname] = splitName(c.name);
  const stage = c.lifecycle[c.lifecycle.length - 1]?.stage ?? null;
  return Object.assign(custom(ctx, c.properties), {
    firstname,
    lastname,
    email: c.email,
    associatedcompanyid: c.company === null ? null : (ctx.ids.toHubSpot('companies', c.company) ?? null),
    hubspot_owner_id: ownerValue(ctx, c.owner),
    createdate: iso(c.createdAt),
    lastmodifieddate: iso(c.modifiedAt),
    lifecyclestage: stage,
    hs_analytics_source: analyticsSource(ctx.contactSource(c.id)).source,
    hs_object_id: hsId,
    hs_merged_object_ids: mergedValue(ctx, 'contacts', c.id),
  });
}

export function contactHistory(c: SimContact): HsHistories {
  return { lifecyclestage: c.lifecycle.map((l) => ({ at: l.at, value: l.stage, sourceType: 'CRM_UI' })) };
}

/** Company `updatedAt`: a calculated lifecycle change bumps the modified date, as HubSpot's does. */
export function companyUpdatedAt(ctx: SerializeContext, c: SimCompany): number {
  const changes = ctx.companyLifecycle(c.id);
  return Math.max(c.modifiedAt, changes[changes.length - 1]?.at ?? 0);
}

export function companyProps(ctx: SerializeContext, c: SimCompany, hsId: string): HsProps {
  const changes = ctx.companyLifecycle(c.id);
  const customer = changes.find((l) => l.stage === 'customer');
  const props = custom(ctx, c.properties);
  return Object.assign(props, {
    name: c.name,
    domain: props.domain ?? null,
    industry: c.industry === null ? null : enumValue(c.industry),
    hubspot_owner_id: ownerValue(ctx, c.owner),
    createdate: iso(c.createdAt),
    hs_lastmodifieddate: iso(companyUpdatedAt(ctx, c)),
    lifecyclestage: changes[changes.length - 1]?.stage ?? null,
    hs_v2_date_entered_customer: customer === undefined ? null : iso(customer.at),
    hs_object_id: hsId,
    hs_merged_object_ids: mergedValue(ctx, 'companies', c.id),
  });
}

export function companyHistory(ctx: SerializeContext, c: SimCompany): HsHistories {
  return {
    lifecyclestage: ctx.companyLifecycle(c.id).map((l) => ({ at: l.at, value: l.stage, sourceType: 'CALCULATED' })),
  };
}

/** Leads sit in the built-in lead pipeline: qualified once converted (or linked to a deal), else new. */
export function leadProps(ctx: SerializeContext, l: SimLead, hsId: string): HsProps {
  const qualified = l.convertedAt !== null || l.deal !== null;
  const src = analyticsSource(l.source);
  return {
    hs_lead_name: l.title,
    hs_createdate: iso(l.createdAt),
    hs_lastmodifieddate: iso(l.modifiedAt),
    hubspot_owner_id: ownerValue(ctx, l.owner),
    hs_pipeline: LEAD_PIPELINE_ID,
    hs_pipeline_stage: qualified ? 'qualified-stage-id' : 'new-stage-id',
    hs_lead_is_qualified: bool(qualified),
    hs_lead_associated_deals_count: l.deal === null ? '0' : '1',
    hs_analytics_source: src.source,
    hs_analytics_source_data_1: src.detail,
    hs_object_id: hsId,
    hs_merged_object_ids: mergedValue(ctx, 'leads', l.id),
  };
}

export function leadHistory(l: SimLead): HsHistories {
  const stages = [{ at: l.createdAt, value: 'new-stage-id', sourceType: 'CRM_UI' }];
  if (l.convertedAt !== null) stages.push({ at: l.convertedAt, value: 'qualified-stage-id', sourceType: 'CRM_UI' });
  return { hs_pipeline_stage: stages };
}

/** Creation instant of an engagement: the model has none, and a task's `at` is its due date (maybe future). */
export function engagementCreatedAt(e: SimEngagement): number {
  return Math.min(e.at, e.modifiedAt);
}

const CALL_STATUS: Record<string, string> = { no_answer: 'NO_ANSWER', busy: 'BUSY' };
const EMAIL_DIRECTION = { outbound: 'EMAIL', inbound: 'INCOMING_EMAIL', forwarded: 'FORWARDED_EMAIL' } as const;

export function engagementProps(ctx: SerializeContext, e: SimEngagement, hsId: string): HsProps {
  const base: HsProps = {
    hs_timestamp: iso(e.at),
    hs_createdate: iso(engagementCreatedAt(e)),
    hs_lastmodifieddate: iso(e.modifiedAt),
    hubspot_owner_id: ownerValue(ctx, e.owner),
    hs_activity_type: e.support ? SUPPORT_ACTIVITY_TYPE : null,
    hs_object_id: hsId,
    hs_merged_object_ids: null,
  };
  switch (e.type) {
    case 'call':
      return Object.assign(base, {
        hs_call_direction: e.direction === 'inbound' ? 'INBOUND' : 'OUTBOUND',
        hs_call_disposition: e.outcome === null ? null : (CALL_DISPOSITIONS[e.outcome] ?? e.outcome),
        hs_call_duration: e.durationSeconds === null ? null : String(e.durationSeconds * 1000),
        hs_call_status: (e.outcome !== null && CALL_STATUS[e.outcome]) || 'COMPLETED',
        hs_call_title: null,
      });
    case 'email':
      return Object.assign(base, {
        hs_email_direction: EMAIL_DIRECTION[e.direction ?? 'outbound'],
        hs_email_status: 'SENT',
      });
    case 'meeting':
      return Object.assign(base, {
        hs_meeting_start_time: iso(e.at),
        hs_meeting_end_time: e.endAt === null ? null : iso(e.endAt),
        // Absent outcome is served as an empty string, as HubSpot shows a never-set enumeration on meetings.
        hs_meeting_outcome: e.outcome === null ? '' : e.outcome.toUpperCase(),
      });
    case 'note':
      return Object.assign(base, { hs_note_body: null });
    case 'task':
      return Object.assign(base, {
        hs_task_status: e.done ? 'COMPLETED' : 'NOT_STARTED',
        hs_task_type: 'TODO',
        hs_task_subject: null,
      });
  }
}
