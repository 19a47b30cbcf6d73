/**
 * The store's schema (drizzle, SQLite dialect). Every CRM table is keyed on (connection, external id) so a re-sync
 * upserts in place: running a sync twice on an unchanged CRM changes nothing.
 *
 * Conventions: instants are epoch milliseconds UTC (integers compare and bucket cheaply in SQL); calendar dates
 * are `YYYY-MM-DD` text; JSON columns hold small maps (custom properties, counts). Deleted and merged records stay
 * with `deleted_at` (and `merged_into`) so history survives and every KPI can exclude them.
 *
 * The inputs each KPI of kpis.md needs were checked against this list: industry (companies), teams (owners),
 * lost reason, own probability, leads and their conversion, lifecycle history, custom properties such as a
 * referrer (deals.properties), call outcome / email direction / meeting outcome (engagements), home-currency
 * amounts, stage visits and field history (owner at the event, status history for as-of replays).
 */
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const accounts = sqliteTable('accounts', {
  connection: text('connection').primaryKey(),
  provider: text('provider', { enum: ['hubspot', 'pipedrive'] }).notNull(),
  accountId: text('account_id'),
  timeZone: text('time_zone').notNull(),
  currency: text('currency').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const teams = sqliteTable(
  'teams',
  {
    connection: text('connection').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.connection, t.externalId] })],
);

export const owners = sqliteTable(
  'owners',
  {
    connection: text('connection').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    archived: integer('archived', { mode: 'boolean' }).notNull(),
    teamId: text('team_id'),
  },
  (t) => [primaryKey({ columns: [t.connection, t.externalId] })],
);

export const pipelines = sqliteTable(
  'pipelines',
  {
    connection: text('connection').notNull(),
    externalId: text('external_id').notNull(),
    label: text('label').notNull(),
    displayOrder: integer('display_order').notNull(),
    archived: integer('archived', { mode: 'boolean' }).notNull(),
    /** Set when the pipeline vanished from the CRM: its label is kept for the deals that used it. */
    deletedAt: integer('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.connection, t.externalId] })],
);

export const stages = sqliteTable(
  'stages',
  {
    connection: text('connection').notNull(),
    pipelineId: text('pipeline_id').notNull(),
    externalId: text('external_id').notNull(),
    label: text('label').notNull(),
    displayOrder: integer('display_order').notNull(),
    probability: real('probability'),
    role: text('role', { enum: ['open', 'won', 'lost'] }).notNull(),
    archived: integer('archived', { mode: 'boolean' }).notNull(),
    deletedAt: integer('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.connection, t.pipelineId, t.externalId] })],
);

export const deals = sqliteTable(
  'deals',
  {
    connection: text('connection').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name'),
    pipelineId: text('pipeline_id').notNull(),
    stageId: text('stage_id'),
    status: text('status', { enum: ['open', 'won', 'lost'] }).notNull(),
    amount: real('amount'),
    currency: text('currency'),
    amountHome: real('amount_home'),
    probability: real('probability'),
    createdAt: integer('created_at').notNull(),
    wonAt: integer('won_at'),
    lostAt: integer('lost_at'),
    closeDate: text('close_date'),
    lostReason: text('lost_reason'),
    source: text('source'),
    sourceDetail: text('source_detail'),
    ownerId: text('owner_id'),
    /** Primary company and contact; every link lives in `associations`. */
    companyId: text('company_id'),
    contactId: text('contact_id'),
    properties: text('properties', { mode: 'json' }).$type<Record<string, string | null>>().notNull(),
    modifiedAt: integer('modified_at').notNull(),
    deletedAt: integer('deleted_at'),
    mergedInto: text('merged_into'),
  },
  (t) => [
    primaryKey({ columns: [t.connection, t.externalId] }),
    index('deals_won').on(t.connection, t.wonAt),
    index('deals_created').on(t.connection, t.createdAt),
  ],
);

export const stageVisits = sqliteTable(
  'stage_visits',
  {
    connection: text('connection').notNull(),
    dealId: text('deal_id').notNull(),
    seq: integer('seq').notNull(),
    pipelineId: text('pipeline_id').notNull(),
    stageId: text('stage_id').notNull(),
    enteredAt: integer('entered_at').notNull(),
    exitedAt: integer('exited_at'),
  },
  (t) => [primaryKey({ columns: [t.connection, t.dealId, t.seq] })],
);

export const fieldChanges = sqliteTable(
  'field_changes',
  {
    connection: text('connection').notNull(),
    dealId: text('deal_id').notNull(),
    field: text('field').notNull(),
    seq: integer('seq').notNull(),
    value: text('value'),
    changedAt: integer('changed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.connection, t.dealId, t.field, t.seq] })],
);

export const companies = sqliteTable(
  'companies',
  {
    connection: text('connection').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name'),
    industry: text('industry'),
    ownerId: text('owner_id'),
    createdAt: integer('created_at').notNull(),
    customerSince: integer('customer_since'),
    source: text('source'),
    properties: text('properties', { mode: 'json' }).$type<Record<string, string | null>>().notNull(),
    modifiedAt: integer('modified_at').notNull(),
    deletedAt: integer('deleted_at'),
    mergedInto: text('merged_into'),
  },
  (t) => [primaryKey({ columns: [t.connection, t.externalId] })],
);

export const contacts = sqliteTable(
  'contacts',
  {
    connection: text('connection').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name'),
    email: text('email'),
    companyId: text('company_id'),
    ownerId: text('owner_id'),
    createdAt: integer('created_at').notNull(),
    source: text('source'),
    properties: text('properties', { mode: 'json' }).$type<Record<string, string | null>>().notNull(),
    modifiedAt: integer('modified_at').notNull(),
    deletedAt: integer('deleted_at'),
    mergedInto: text('merged_into'),
  },
  (t) => [primaryKey({ columns: [t.connection, t.externalId] })],
);

/** Lifecycle stage history of contacts and companies (HubSpot only; Pipedrive has none). */
export const lifecycleChanges = sqliteTable(
  'lifecycle_changes',
  {
    connection: text('connection').notNull(),
    objectType: text('object_type', { enum: ['contacts', 'companies'] }).notNull(),
    objectId: text('object_id').notNull(),
    seq: integer('seq').notNull(),
    stage: text('stage').notNull(),
    changedAt: integer('changed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.connection, t.objectType, t.objectId, t.seq] })],
);

export const leads = sqliteTable(
  'leads',
  {
    connection: text('connection').notNull(),
    externalId: text('external_id').notNull(),
    title: text('title'),
    createdAt: integer('created_at').notNull(),
    ownerId: text('owner_id'),
    source: text('source'),
    convertedAt: integer('converted_at'),
    modifiedAt: integer('modified_at').notNull(),
    deletedAt: integer('deleted_at'),
    mergedInto: text('merged_into'),
  },
  (t) => [primaryKey({ columns: [t.connection, t.externalId] })],
);

export const engagements = sqliteTable(
  'engagements',
  {
    connection: text('connection').notNull(),
    externalId: text('external_id').notNull(),
    type: text('type', { enum: ['call', 'email', 'meeting', 'note', 'task'] }).notNull(),
    direction: text('direction'),
    outcome: text('outcome'),
    durationSeconds: integer('duration_seconds'),
    occurredAt: integer('occurred_at').notNull(),
    endAt: integer('end_at'),
    ownerId: text('owner_id'),
    done: integer('done', { mode: 'boolean' }),
    activityType: text('activity_type'),
    modifiedAt: integer('modified_at').notNull(),
    deletedAt: integer('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.connection, t.type, t.externalId] }),
    index('engagements_time').on(t.connection, t.type, t.occurredAt),
  ],
);

/**
 * Every link between records, one row per (from, to) pair, in the direction the owning record carries it
 * (deal -> contact/company, contact -> company, lead -> contact/company/deal, engagement -> deal/contact/company/lead).
 * The owning record's upsert replaces its links, so an association edit is picked up on the next read.
 */
export const associations = sqliteTable(
  'associations',
  {
    connection: text('connection').notNull(),
    fromType: text('from_type').notNull(),
    fromId: text('from_id').notNull(),
    toType: text('to_type').notNull(),
    toId: text('to_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.connection, t.fromType, t.fromId, t.toType, t.toId] }),
    index('associations_to').on(t.connection, t.toType, t.toId),
  ],
);

/** Where each object type's incremental sync resumes. Written in the transaction that stores the page it covers. */
export const syncCursors = sqliteTable(
  'sync_cursors',
  {
    connection: text('connection').notNull(),
    objectType: text('object_type').notNull(),
    cursor: text('cursor'),
    /** Last complete id enumeration (reconciliation pass), epoch ms. */
    reconciledAt: integer('reconciled_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.connection, t.objectType] })],
);

export const syncRuns = sqliteTable('sync_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  connection: text('connection').notNull(),
  full: integer('full', { mode: 'boolean' }).notNull(),
  startedAt: integer('started_at').notNull(),
  finishedAt: integer('finished_at'),
  status: text('status', { enum: ['running', 'succeeded', 'incomplete', 'failed'] }).notNull(),
  apiCalls: integer('api_calls').notNull().default(0),
  /** Token-metered providers (Pipedrive): tokens this run spent, and left today above the reserve. */
  tokensUsed: integer('tokens_used'),
  tokensLeft: integer('tokens_left'),
  error: text('error'),
});

/** Per run and object type: what was stored and how it compares with the CRM's own count. */
export const syncRunObjects = sqliteTable(
  'sync_run_objects',
  {
    runId: integer('run_id').notNull(),
    objectType: text('object_type').notNull(),
    fetched: integer('fetched').notNull(),
    quarantined: integer('quarantined').notNull(),
    deleted: integer('deleted').notNull(),
    storeCount: integer('store_count'),
    crmCount: integer('crm_count'),
    sampleChecked: integer('sample_checked'),
    sampleMissing: integer('sample_missing'),
    complete: integer('complete', { mode: 'boolean' }),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.objectType] })],
);

export const quarantine = sqliteTable(
  'quarantine',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    connection: text('connection').notNull(),
    objectType: text('object_type').notNull(),
    externalId: text('external_id'),
    reason: text('reason').notNull(),
    payload: text('payload', { mode: 'json' }),
    runId: integer('run_id'),
    quarantinedAt: integer('quarantined_at').notNull(),
    /** Set when a later sync stored the record successfully. */
    resolvedAt: integer('resolved_at'),
  },
  (t) => [index('quarantine_record').on(t.connection, t.objectType, t.externalId)],
);

/** One computed KPI value; `pulse kpis` compares with the previous week's snapshot for trends. */
export const kpiSnapshots = sqliteTable(
  'kpi_snapshots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    connection: text('connection').notNull(),
    kpi: text('kpi').notNull(),
    measure: text('measure').notNull(),
    period: text('period').notNull(),
    segment: text('segment').notNull(),
    value: real('value'),
    unit: text('unit').notNull(),
    n: integer('n'),
    flags: text('flags', { mode: 'json' }).$type<string[]>().notNull(),
    asOf: integer('as_of').notNull(),
    computedAt: integer('computed_at').notNull(),
  },
  (t) => [index('kpi_snapshots_lookup').on(t.connection, t.kpi, t.measure, t.segment, t.asOf)],
);
