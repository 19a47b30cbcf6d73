/**
 * Account metadata as Pipedrive serves it: users (v1), pipelines and stages (v2), deal and organization field
 * definitions (v1 `key` and v2 `field_code`, custom ones as 40-hex hashes), currencies and activity types (v1).
 * Everything is stamped with the company's creation instant, the model's earliest one.
 */
import type { CustomField, FieldEntity, FieldOption, SerializeContext } from './context.js';
import type { JsonObject } from './errors.js';
import { rfc3339, v1Time, zoneOffset } from './format.js';
import { percent } from './serialize-deals.js';
import { PD_COMPANY_ID } from './serialize-records.js';

export const COMPANY_NAME = 'Pipeline Pulse Simulated Co';
export const COMPANY_DOMAIN = 'pipeline-pulse-sim';

/** Every user (`/v1/users`: no paging); the first one is the token's owner and an admin. */
export function serializeUsers(ctx: SerializeContext): JsonObject[] {
  const { model } = ctx;
  const created = v1Time(ctx.accountCreatedAt);
  return model.users.map((u, i) => ({
    id: ctx.ids.userId(u.id),
    name: u.name,
    default_currency: model.account.currency,
    locale: 'en_US',
    lang: 1,
    email: u.email,
    phone: null,
    activated: !u.archived,
    last_login: created,
    created,
    modified: created,
    has_created_company: i === 0,
    access: [
      { app: 'sales', admin: i === 0, permission_set_id: `00000000-0000-4000-8000-00000000000${i === 0 ? 1 : 2}` },
      { app: 'global', admin: i === 0, permission_set_id: '00000000-0000-4000-8000-000000000003' },
    ],
    active_flag: !u.archived,
    timezone_name: model.account.timeZone,
    timezone_offset: zoneOffset(model.now, model.account.timeZone),
    role_id: 1,
    icon_url: null,
    is_you: i === 0,
    is_deleted: false,
  }));
}

/** `/v1/users/me`: the first user plus the company. */
export function serializeMe(ctx: SerializeContext): JsonObject | null {
  const me = serializeUsers(ctx)[0];
  if (me === undefined) return null;
  return {
    ...me,
    company_id: PD_COMPANY_ID,
    company_name: COMPANY_NAME,
    company_domain: COMPANY_DOMAIN,
    company_country: 'FR',
    company_industry: null,
    language: { language_code: 'en', country_code: 'US' },
  };
}

export function serializePipelines(ctx: SerializeContext): JsonObject[] {
  const at = rfc3339(ctx.accountCreatedAt);
  return ctx.model.pipelines.map((p, i) => ({
    id: ctx.ids.pipelineId(p.id),
    name: p.name,
    order_nr: i + 1,
    is_deleted: false,
    is_deal_probability_enabled: true,
    add_time: at,
    update_time: at,
  }));
}

/** Every stage, ordered by id (pipeline, then order). */
export function serializeStages(ctx: SerializeContext): JsonObject[] {
  const at = rfc3339(ctx.accountCreatedAt);
  return ctx.model.pipelines.flatMap((p) =>
    p.stages.map((s, i) => ({
      id: ctx.ids.stageId(p.id, s.id),
      order_nr: i + 1,
      name: s.name,
      is_deleted: false,
      deal_probability: Math.round(percent(s.probability) ?? 0),
      pipeline_id: ctx.ids.pipelineId(p.id),
      is_deal_rot_enabled: false,
      days_to_rotten: null,
      add_time: at,
      update_time: at,
    })),
  );
}

/** A field definition before it is shaped for v1 or v2. */
interface FieldDef {
  /** v1 key (v2 code when `v2Code` is unset). */
  key: string;
  v2Code?: string;
  name: string;
  type: string;
  options: FieldOption[] | null;
  custom: boolean;
}

const sys = (key: string, name: string, type: string, v2Code?: string): FieldDef => ({
  key,
  name,
  type,
  options: null,
  custom: false,
  ...(v2Code === undefined ? {} : { v2Code }),
});

function customDefs(fields: readonly CustomField[]): FieldDef[] {
  return fields.map((f) => ({ key: f.key, name: f.name, type: f.fieldType, options: null, custom: true }));
}

function fieldDefs(ctx: SerializeContext, entity: Exclude<FieldEntity, 'person'>): FieldDef[] {
  if (entity === 'organization') {
    return [
      sys('name', 'Name', 'varchar'),
      sys('owner_id', 'Owner', 'user'),
      { ...sys('industry', 'Industry', 'enum'), options: ctx.industryOptions },
      sys('address', 'Address', 'address'),
      sys('add_time', 'Organization created', 'date'),
      sys('update_time', 'Update time', 'date'),
      ...customDefs(ctx.customFields.organization),
    ];
  }
  return [
    sys('title', 'Title', 'varchar'),
    sys('value', 'Value', 'monetary'),
    sys('currency', 'Currency', 'varchar_options'),
    sys('user_id', 'Owner', 'user', 'owner_id'),
    sys('person_id', 'Contact person', 'people'),
    sys('org_id', 'Organization', 'org'),
    sys('pipeline_id', 'Pipeline', 'double'),
    sys('stage_id', 'Stage', 'stage'),
    {
      ...sys('status', 'Status', 'status'),
      options: ['open', 'won', 'lost', 'deleted'].map((label, i) => ({ id: i + 1, label })),
    },
    sys('probability', 'Probability', 'double'),
    sys('lost_reason', 'Lost reason', 'varchar'),
    sys('expected_close_date', 'Expected close date', 'date'),
    sys('add_time', 'Deal created', 'date'),
    sys('update_time', 'Update time', 'date'),
    sys('stage_change_time', 'Last stage change', 'date'),
    sys('won_time', 'Won time', 'date'),
    sys('lost_time', 'Lost time', 'date'),
    sys('close_time', 'Deal closed on', 'date'),
    sys('origin', 'Source origin', 'varchar'),
    { ...sys('channel', 'Source channel', 'enum'), options: ctx.channelOptions },
    ...customDefs(ctx.customFields.deal),
  ];
}

/** `/v1/dealFields`, `/v1/organizationFields` items. */
export function serializeFieldsV1(ctx: SerializeContext, entity: Exclude<FieldEntity, 'person'>): JsonObject[] {
  const at = v1Time(ctx.accountCreatedAt);
  const base = entity === 'deal' ? 12_000 : 4_000;
  return fieldDefs(ctx, entity).map((f, i) => ({
    id: base + i + 1,
    key: f.key,
    name: f.name,
    order_nr: i,
    field_type: f.type,
    add_time: at,
    update_time: at,
    last_updated_by_user_id: ctx.adminId,
    created_by_user_id: ctx.adminId,
    active_flag: true,
    edit_flag: f.custom,
    index_visible_flag: true,
    details_visible_flag: true,
    add_visible_flag: true,
    important_flag: false,
    bulk_edit_allowed: true,
    searchable_flag: false,
    filtering_allowed: true,
    sortable_flag: true,
    options: f.options,
    mandatory_flag: f.key === 'title' || f.key === 'name',
  }));
}

/** `/api/v2/dealFields`, `/api/v2/organizationFields` items (`value` has its currency as a subfield). */
export function serializeFieldsV2(ctx: SerializeContext, entity: Exclude<FieldEntity, 'person'>): JsonObject[] {
  return fieldDefs(ctx, entity).map((f) => ({
    field_name: f.name,
    field_code: f.v2Code ?? f.key,
    description: null,
    field_type: f.type,
    options: f.options,
    subfields:
      f.type === 'monetary'
        ? [
            { field_code: f.key, field_name: `Amount of ${f.name}`, field_type: 'double' },
            { field_code: 'currency', field_name: `Currency of ${f.name}`, field_type: 'varchar' },
          ]
        : null,
    is_custom_field: f.custom,
    is_optional_response_field: false,
  }));
}

const CURRENCIES: readonly [string, string, number, string][] = [
  ['EUR', 'Euro', 2, '€'],
  ['USD', 'US Dollar', 2, '$'],
  ['GBP', 'British Pound', 2, '£'],
  ['CHF', 'Swiss Franc', 2, 'CHF'],
  ['SEK', 'Swedish Krona', 2, 'kr'],
  ['NOK', 'Norwegian Krone', 2, 'kr'],
  ['DKK', 'Danish Krone', 2, 'kr'],
  ['CAD', 'Canadian Dollar', 2, 'CA$'],
  ['AUD', 'Australian Dollar', 2, 'A$'],
  ['JPY', 'Japanese Yen', 0, '¥'],
];

/** `/v1/currencies`: a fixed table plus any code the model uses that it lacks (no exchange rates: none exist). */
export function serializeCurrencies(ctx: SerializeContext): JsonObject[] {
  const rows = CURRENCIES.map(([code, name, decimals, symbol]) => ({ code, name, decimals, symbol }));
  const codes = [ctx.model.account.currency, ...Object.keys(ctx.model.account.exchangeRates)];
  for (const code of codes) {
    if (!rows.some((r) => r.code === code)) rows.push({ code, name: code, decimals: 2, symbol: code });
  }
  return rows.map((r, i) => ({
    id: i + 1,
    code: r.code,
    name: r.name,
    decimal_points: r.decimals,
    symbol: r.symbol,
    active_flag: true,
    is_custom_flag: false,
  }));
}

const ACTIVITY_TYPES: readonly [string, string, string][] = [
  ['call', 'Call', 'call'],
  ['meeting', 'Meeting', 'meeting'],
  ['task', 'Task', 'task'],
  ['deadline', 'Deadline', 'deadline'],
  ['email', 'Email', 'email'],
  ['lunch', 'Lunch', 'lunch'],
  ['support_call', 'Support call', 'call'],
];

/** `/v1/activityTypes`: Pipedrive's defaults plus the custom `support_call`. */
export function serializeActivityTypes(ctx: SerializeContext): JsonObject[] {
  const at = v1Time(ctx.accountCreatedAt);
  return ACTIVITY_TYPES.map(([key, name, icon], i) => ({
    id: i + 1,
    order_nr: i + 1,
    name,
    key_string: key,
    icon_key: icon,
    active_flag: true,
    color: null,
    is_custom_flag: key === 'support_call',
    add_time: at,
    update_time: at,
  }));
}
