/**
 * What the simulated portal knows about its object types: path spellings, the properties each type serves with
 * their HubSpot types, the defaults returned when no `properties` are asked for. Shared by every route family.
 */
import type { IdCollection } from './ids.js';

/** The CRM object types the simulator serves. */
export type ObjectKind =
  | 'deals'
  | 'contacts'
  | 'companies'
  | 'leads'
  | 'calls'
  | 'emails'
  | 'meetings'
  | 'notes'
  | 'tasks';
export type EngagementKind = 'calls' | 'emails' | 'meetings' | 'notes' | 'tasks';

/** Type ids of hubspot-api.md §4/§17; v4 association paths also accept singular names. */
const ALIASES: Record<string, ObjectKind> = {
  '0-3': 'deals',
  '0-1': 'contacts',
  '0-2': 'companies',
  '0-136': 'leads',
  '0-48': 'calls',
  '0-49': 'emails',
  '0-47': 'meetings',
  '0-46': 'notes',
  '0-27': 'tasks',
};
const KINDS: readonly ObjectKind[] = [
  'deals',
  'contacts',
  'companies',
  'leads',
  'calls',
  'emails',
  'meetings',
  'notes',
  'tasks',
];

/** Resolves a path segment (`deals`, `0-3`, `deal`, `DEALS`) to an object kind. */
export function parseObjectKind(segment: string): ObjectKind | undefined {
  const s = segment.toLowerCase();
  const alias = ALIASES[s];
  if (alias) return alias;
  if ((KINDS as readonly string[]).includes(s)) return s as ObjectKind;
  const plural = s === 'company' ? 'companies' : `${s}s`;
  return (KINDS as readonly string[]).includes(plural) ? (plural as ObjectKind) : undefined;
}

export function isEngagement(kind: ObjectKind): kind is EngagementKind {
  return kind === 'calls' || kind === 'emails' || kind === 'meetings' || kind === 'notes' || kind === 'tasks';
}

/** The model collection holding records of a kind. */
export function collectionOfKind(kind: ObjectKind): IdCollection {
  return isEngagement(kind) ? 'engagements' : kind;
}

/** Model engagement type of an engagement kind (`calls` -> `call`). */
export function engagementType(kind: EngagementKind): 'call' | 'email' | 'meeting' | 'note' | 'task' {
  return kind.slice(0, -1) as 'call' | 'email' | 'meeting' | 'note' | 'task';
}

/** Singular object name used in v3 association type names (`deal_to_contact`). */
export function singular(kind: ObjectKind): string {
  return kind === 'companies' ? 'company' : kind.slice(0, -1);
}

/** Contacts are the one type whose modified property lacks the `hs_` prefix (§5). */
export function modifiedProperty(kind: ObjectKind): string {
  return kind === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

/** The creation property: `createdate` on deals/contacts/companies, `hs_createdate` elsewhere. */
export function createdProperty(kind: ObjectKind): string {
  return kind === 'deals' || kind === 'contacts' || kind === 'companies' ? 'createdate' : 'hs_createdate';
}

export type PropertyType = 'string' | 'number' | 'datetime' | 'date' | 'enumeration' | 'bool';

/** Minimal property definition, enough for filters, sorting and `GET /crm/v3/properties/{type}`. */
export interface PropertyDef {
  type: PropertyType;
  label: string;
  calculated?: boolean;
}

const p = (type: PropertyType, label: string, calculated = false): PropertyDef => ({ type, label, calculated });

const COMMON: Record<string, PropertyDef> = {
  hs_object_id: p('number', 'Record ID', true),
  hubspot_owner_id: p('enumeration', 'Owner'),
  hs_merged_object_ids: p('enumeration', 'Merged record IDs', true),
};
const ENGAGEMENT_COMMON: Record<string, PropertyDef> = {
  ...COMMON,
  hs_timestamp: p('datetime', 'Activity date'),
  hs_createdate: p('datetime', 'Create date', true),
  hs_lastmodifieddate: p('datetime', 'Last modified date', true),
  hs_activity_type: p('enumeration', 'Activity type'),
};

/** Standard properties per kind; custom properties found in the model are added by the serializer. */
export const STANDARD_PROPERTIES: Readonly<Record<ObjectKind, Readonly<Record<string, PropertyDef>>>> = {
  deals: {
    ...COMMON,
    dealname: p('string', 'Deal name'),
    pipeline: p('enumeration', 'Pipeline'),
    dealstage: p('enumeration', 'Deal stage'),
    amount: p('number', 'Amount'),
    deal_currency_code: p('enumeration', 'Currency'),
    amount_in_home_currency: p('number', 'Amount in company currency', true),
    closedate: p('datetime', 'Close date'),
    createdate: p('datetime', 'Create date'),
    hs_lastmodifieddate: p('datetime', 'Last modified date', true),
    hs_is_closed: p('bool', 'Is closed', true),
    hs_is_closed_won: p('bool', 'Is closed won', true),
    hs_is_closed_lost: p('bool', 'Is closed lost', true),
    hs_deal_stage_probability: p('number', 'Deal probability'),
    closed_lost_reason: p('string', 'Closed lost reason'),
    hs_analytics_source: p('enumeration', 'Original source type', true),
    hs_analytics_source_data_1: p('string', 'Original source drill-down 1', true),
  },
  contacts: {
    ...COMMON,
    firstname: p('string', 'First name'),
    lastname: p('string', 'Last name'),
    email: p('string', 'Email'),
    associatedcompanyid: p('number', 'Primary associated company ID'),
    createdate: p('datetime', 'Create date'),
    lastmodifieddate: p('datetime', 'Last modified date', true),
    lifecyclestage: p('enumeration', 'Lifecycle stage'),
    hs_analytics_source: p('enumeration', 'Original source type', true),
  },
  companies: {
    ...COMMON,
    name: p('string', 'Company name'),
    domain: p('string', 'Company domain name'),
    industry: p('enumeration', 'Industry'),
    createdate: p('datetime', 'Create date'),
    hs_lastmodifieddate: p('datetime', 'Last modified date', true),
    lifecyclestage: p('enumeration', 'Lifecycle stage'),
    hs_v2_date_entered_customer: p('datetime', 'Date entered "Customer (Lifecycle stage)"', true),
  },
  leads: {
    ...COMMON,
    hs_lead_name: p('string', 'Lead name'),
    hs_createdate: p('datetime', 'Create date', true),
    hs_lastmodifieddate: p('datetime', 'Last modified date', true),
    hs_pipeline: p('enumeration', 'Pipeline'),
    hs_pipeline_stage: p('enumeration', 'Lead stage'),
    hs_lead_is_qualified: p('bool', 'Is qualified', true),
    hs_lead_associated_deals_count: p('number', 'Associated deals count', true),
    hs_analytics_source: p('enumeration', 'Original source type', true),
    hs_analytics_source_data_1: p('string', 'Original source drill-down 1', true),
  },
  calls: {
    ...ENGAGEMENT_COMMON,
    hs_call_direction: p('enumeration', 'Call direction'),
    hs_call_disposition: p('string', 'Call outcome'),
    hs_call_duration: p('number', 'Call duration'),
    hs_call_status: p('enumeration', 'Call status'),
    hs_call_title: p('string', 'Call title'),
  },
  emails: {
    ...ENGAGEMENT_COMMON,
    hs_email_direction: p('enumeration', 'Email direction'),
    hs_email_status: p('enumeration', 'Email send status'),
  },
  meetings: {
    ...ENGAGEMENT_COMMON,
    hs_meeting_start_time: p('datetime', 'Start time'),
    hs_meeting_end_time: p('datetime', 'End time'),
    hs_meeting_outcome: p('enumeration', 'Meeting outcome'),
  },
  notes: { ...ENGAGEMENT_COMMON, hs_note_body: p('string', 'Note body') },
  tasks: {
    ...ENGAGEMENT_COMMON,
    hs_task_status: p('enumeration', 'Task status'),
    hs_task_type: p('enumeration', 'Task type'),
    hs_task_subject: p('string', 'Task title'),
  },
};

/** Properties returned when a request names none (hubspot-api.md §4). */
export function defaultProperties(kind: ObjectKind): string[] {
  switch (kind) {
    case 'deals':
      return [
        'amount',
        'closedate',
        'createdate',
        'dealname',
        'dealstage',
        'hs_lastmodifieddate',
        'hs_object_id',
        'pipeline',
      ];
    case 'contacts':
      return ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'];
    case 'companies':
      return ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'];
    case 'leads':
      return ['hs_createdate', 'hs_lastmodifieddate', 'hs_lead_name', 'hs_object_id'];
    default:
      return ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'];
  }
}

/** The simulated portal's id (account-info `portalId`, record `url`s). */
export const PORTAL_ID = 20_000_001;

/** Object type ids used in record URLs. */
export const OBJECT_TYPE_IDS: Readonly<Record<ObjectKind, string>> = {
  deals: '0-3',
  contacts: '0-1',
  companies: '0-2',
  leads: '0-136',
  calls: '0-48',
  emails: '0-49',
  meetings: '0-47',
  notes: '0-46',
  tasks: '0-27',
};
