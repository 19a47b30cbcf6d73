/**
 * Provider-neutral CRM records. Connectors map provider payloads into these, storage persists them and metrics
 * read rows derived from them. This module imports nothing of ours: every other layer may depend on it.
 *
 * Conventions:
 * - Instants are ISO-8601 UTC strings with milliseconds (`2026-01-05T09:00:00.000Z`).
 * - Calendar dates (expected close dates) are `YYYY-MM-DD`.
 * - `externalId` is the provider's id as a string (HubSpot numeric strings, Pipedrive integers as strings).
 * - References to other records (`ownerId`, `companyId`...) are provider ids too.
 */

export type Provider = 'hubspot' | 'pipedrive';

/** Every object type a connector syncs with a cursor of its own. */
export const OBJECT_TYPES = [
  'deals',
  'contacts',
  'companies',
  'leads',
  'calls',
  'emails',
  'meetings',
  'notes',
  'tasks',
] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export const ENGAGEMENT_TYPES = ['call', 'email', 'meeting', 'note', 'task'] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];

/** The engagement type an engagement object type carries (`calls` -> `call`). */
export const ENGAGEMENT_TYPE_OF: Readonly<Record<'calls' | 'emails' | 'meetings' | 'notes' | 'tasks', EngagementType>> =
  { calls: 'call', emails: 'email', meetings: 'meeting', notes: 'note', tasks: 'task' };

export interface CrmAccount {
  /** IANA zone the account buckets its periods in (HubSpot account-info `timeZone`). */
  timeZone: string;
  /** Home (reporting) currency, ISO 4217. */
  currency: string;
  /** Provider's account id (HubSpot portalId), when it has one. */
  accountId: string | null;
}

export interface CrmTeam {
  externalId: string;
  name: string;
}

export interface CrmOwner {
  externalId: string;
  name: string;
  email: string | null;
  /** Deactivated users stay resolvable: a departed rep keeps their deals. */
  archived: boolean;
  /** Primary team, when the provider carries one. */
  teamId: string | null;
}

export interface CrmStage {
  externalId: string;
  label: string;
  displayOrder: number;
  /** Win probability 0..1 from the stage definition, null when unknown. */
  probability: number | null;
  /** Won / lost stages (HubSpot closed stages); Pipedrive stages are always open. */
  role: 'open' | 'won' | 'lost';
  archived: boolean;
}

export interface CrmPipeline {
  externalId: string;
  label: string;
  displayOrder: number;
  archived: boolean;
  stages: CrmStage[];
}

export type DealStatus = 'open' | 'won' | 'lost';

/**
 * One visit of a deal to an open stage. A visit ends when the deal moves to another stage or pipeline, or when
 * it closes (won/lost); a reopened deal starts a new visit. Won and lost are outcomes, recorded as `status`
 * field changes, so both providers produce the same visits.
 */
export interface CrmStageVisit {
  pipelineId: string;
  stageId: string;
  enteredAt: string;
  exitedAt: string | null;
}

/** Fields whose history is kept (one row per change, the creation value included). */
export const TRACKED_DEAL_FIELDS = [
  'amount',
  'currency',
  'closeDate',
  'owner',
  'pipeline',
  'status',
  'probability',
  'lostReason',
] as const;
export type TrackedDealField = (typeof TRACKED_DEAL_FIELDS)[number];

export interface CrmFieldChange {
  field: TrackedDealField;
  /** The value as text (numbers in plain decimal notation), null when cleared. */
  value: string | null;
  at: string;
}

export interface CrmDeal {
  externalId: string;
  name: string | null;
  pipelineId: string;
  /** The current open stage, or the last open stage of a closed deal where the provider keeps one. */
  stageId: string | null;
  status: DealStatus;
  amount: number | null;
  currency: string | null;
  /** Amount converted by the provider into the home currency (HubSpot `amount_in_home_currency`). */
  amountHome: number | null;
  /** The deal's own win probability 0..1 when set (overrides the stage's). */
  probability: number | null;
  createdAt: string;
  /** Last win / loss instants of the current status; null when not currently won / lost. */
  wonAt: string | null;
  lostAt: string | null;
  /** Expected close date (`YYYY-MM-DD`) of an open deal. */
  closeDate: string | null;
  lostReason: string | null;
  /** Raw provider source value (HubSpot `hs_analytics_source`, Pipedrive channel label). */
  source: string | null;
  /** Provider detail beside the source (HubSpot `hs_analytics_source_data_1`, Pipedrive `origin`). */
  sourceDetail: string | null;
  ownerId: string | null;
  companyIds: string[];
  contactIds: string[];
  /** Custom properties, keyed exactly as the provider names them. */
  properties: Record<string, string | null>;
  modifiedAt: string;
  /** Ids merged into this record (they are gone from the CRM). */
  mergedIds: string[];
  stageVisits: CrmStageVisit[];
  fieldChanges: CrmFieldChange[];
}

export interface CrmLifecycleChange {
  stage: string;
  at: string;
}

export interface CrmCompany {
  externalId: string;
  name: string | null;
  industry: string | null;
  ownerId: string | null;
  createdAt: string;
  /** Provider's own customer-since date (HubSpot lifecycle customer date), informative only. */
  customerSince: string | null;
  lifecycle: CrmLifecycleChange[];
  source: string | null;
  properties: Record<string, string | null>;
  modifiedAt: string;
  mergedIds: string[];
}

export interface CrmContact {
  externalId: string;
  name: string | null;
  email: string | null;
  /** Companies the contact belongs to; the first is the primary one. */
  companyIds: string[];
  ownerId: string | null;
  createdAt: string;
  lifecycle: CrmLifecycleChange[];
  source: string | null;
  properties: Record<string, string | null>;
  modifiedAt: string;
  mergedIds: string[];
}

export interface CrmLead {
  externalId: string;
  title: string | null;
  createdAt: string;
  ownerId: string | null;
  source: string | null;
  contactIds: string[];
  companyIds: string[];
  /** Deals the lead converted into. */
  dealIds: string[];
  convertedAt: string | null;
  modifiedAt: string;
}

export type CallOutcome = 'connected' | 'no_answer' | 'busy' | 'left_voicemail' | 'left_live_message' | 'wrong_number';
export type MeetingOutcome = 'scheduled' | 'completed' | 'rescheduled' | 'no_show' | 'canceled';

export interface CrmEngagement {
  externalId: string;
  type: EngagementType;
  /** Calls and emails; emails may also be `forwarded`. */
  direction: 'inbound' | 'outbound' | 'forwarded' | null;
  /** Call outcome or meeting outcome; other values are kept as sent (custom call outcomes). */
  outcome: string | null;
  durationSeconds: number | null;
  /** Activity time (HubSpot `hs_timestamp`; for tasks the due date). */
  occurredAt: string;
  endAt: string | null;
  ownerId: string | null;
  /** Tasks: completed; Pipedrive activities: done. */
  done: boolean | null;
  /** Account-defined activity type (HubSpot `hs_activity_type`, Pipedrive activity type key). */
  activityType: string | null;
  dealIds: string[];
  contactIds: string[];
  companyIds: string[];
  leadIds: string[];
  modifiedAt: string;
}

/** A record that failed validation: kept out of the store's tables, never lost. */
export interface QuarantinedRecord {
  objectType: ObjectType | 'pipelines' | 'owners';
  externalId: string | null;
  reason: string;
  payload: unknown;
}
