/**
 * Pipedrive wire payloads (pipedrive-api.md §2, §4, §5, §6), as zod schemas plus the types they infer. Nothing
 * here leaves `connectors/pipedrive/`: the rest of the project only sees the records of `src/domain/records.ts`.
 *
 * Schemas are lenient where real responses disagree with the spec (§11): nullable where the spec says required,
 * `custom_fields: null` instead of `{}`, integers standing in for booleans, empty strings standing in for null.
 */
import { z } from 'zod';

const id = z.number().int();
const nullableId = id.nullable().optional();
/** `""` stands in for null in v1 payloads (§11). */
const text = z
  .string()
  .nullable()
  .optional()
  .transform((v) => (v === undefined || v === null || v === '' ? null : v));
/** `0`/`1`, `true`/`false` (§11). */
const flag = z
  .union([z.boolean(), z.number()])
  .nullable()
  .optional()
  .transform((v) => (v === undefined || v === null ? null : Boolean(v)));

/** `additional_data` of list answers: v2 / v1 cursor (`next_cursor`) or v1 offset (`pagination`). */
export const additionalDataSchema = z
  .looseObject({
    next_cursor: z.string().nullable().optional(),
    pagination: z
      .looseObject({
        start: z.number().optional(),
        limit: z.number().optional(),
        more_items_in_collection: z.boolean().optional(),
        next_start: z.number().nullable().optional(),
      })
      .nullable()
      .optional(),
  })
  .nullable()
  .optional();
export type AdditionalData = z.infer<typeof additionalDataSchema>;

/**
 * A list answer. `data` stays a list of unknowns: each record is validated by its mapper, so one malformed record
 * is quarantined instead of failing the page.
 */
export const listEnvelopeSchema = z.looseObject({
  success: z.boolean(),
  data: z
    .array(z.unknown())
    .nullable()
    .transform((d) => d ?? []),
  additional_data: additionalDataSchema,
});
export type ListEnvelope = z.infer<typeof listEnvelopeSchema>;

/** A single-object answer (`/v1/users/me`, `/v1/leads/{id}`). */
export const objectEnvelopeSchema = z.looseObject({ success: z.boolean(), data: z.unknown() });

/** The error envelope (§2): `error`, `error_info`, sometimes `errorCode` or `code`. */
export const errorBodySchema = z.looseObject({
  success: z.boolean().optional(),
  error: z.string().nullable().optional(),
  error_info: z.string().nullable().optional(),
  errorCode: z.union([z.number(), z.string()]).nullable().optional(),
  code: z.string().nullable().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** v2 custom fields: 40-hex keys (and system-looking subfield keys) to any JSON value; `null` instead of `{}`. */
const customFields = z
  .record(z.string(), z.unknown())
  .nullable()
  .optional()
  .transform((v) => v ?? {});

/** A v2 deal (§4). `first_won_time` and `source_lead_id` only appear when asked for with `include_fields`. */
export const dealSchema = z.looseObject({
  id,
  title: text,
  value: z.number().nullable().optional(),
  currency: text,
  status: z.string(),
  pipeline_id: id,
  stage_id: nullableId,
  owner_id: nullableId,
  person_id: nullableId,
  org_id: nullableId,
  add_time: z.string(),
  update_time: z.string(),
  stage_change_time: text,
  won_time: text,
  lost_time: text,
  first_won_time: text,
  expected_close_date: text,
  probability: z.number().nullable().optional(),
  lost_reason: text,
  origin: text,
  channel: z.union([z.number(), z.string()]).nullable().optional(),
  is_deleted: flag,
  is_archived: flag,
  source_lead_id: text,
  custom_fields: customFields,
});
export type PipedriveDeal = z.infer<typeof dealSchema>;

/** One `/v1/deals/{id}/changelog` row (§5.1): values are strings or null, times v1 naive UTC. */
export const changelogRowSchema = z.looseObject({
  field_key: z.string(),
  old_value: z.string().nullable().optional(),
  new_value: z.string().nullable().optional(),
  time: z.string(),
  actor_user_id: z.number().nullable().optional(),
  change_source: z.string().nullable().optional(),
  is_bulk_update_flag: flag,
});
export type ChangelogRow = z.infer<typeof changelogRowSchema>;

const contactValue = z.looseObject({ value: z.string().nullable().optional(), primary: flag });

/** A v2 person (§4). */
export const personSchema = z.looseObject({
  id,
  name: text,
  owner_id: nullableId,
  org_id: nullableId,
  emails: z.array(contactValue).nullable().optional(),
  add_time: z.string(),
  update_time: z.string(),
  is_deleted: flag,
  custom_fields: customFields,
});
export type PipedrivePerson = z.infer<typeof personSchema>;

/** A v2 organization (§4). `industry` may be an option id of the organization field. */
export const organizationSchema = z.looseObject({
  id,
  name: text,
  owner_id: nullableId,
  industry: z.union([z.string(), z.number()]).nullable().optional(),
  add_time: z.string(),
  update_time: z.string(),
  is_deleted: flag,
  custom_fields: customFields,
});
export type PipedriveOrganization = z.infer<typeof organizationSchema>;

/** A v2 activity (§4); `type` is the activity type's `key_string`. */
export const activitySchema = z.looseObject({
  id,
  subject: text,
  type: z.string(),
  owner_id: nullableId,
  done: flag,
  due_date: text,
  due_time: text,
  duration: text,
  marked_as_done_time: text,
  add_time: z.string(),
  update_time: z.string(),
  deal_id: nullableId,
  lead_id: text,
  person_id: nullableId,
  org_id: nullableId,
  participants: z
    .array(z.looseObject({ person_id: id, primary_flag: flag }))
    .nullable()
    .optional(),
  is_deleted: flag,
});
export type PipedriveActivity = z.infer<typeof activitySchema>;

/** A v1 note (`/v1/notes`): v1 naive UTC times. */
export const noteSchema = z.looseObject({
  id,
  user_id: nullableId,
  deal_id: nullableId,
  person_id: nullableId,
  org_id: nullableId,
  lead_id: text,
  add_time: z.string(),
  update_time: z.string(),
  active_flag: flag,
});
export type PipedriveNote = z.infer<typeof noteSchema>;

/** A v1 call log (§6): `id` is a string, `duration` seconds as a string. */
export const callLogSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  activity_id: nullableId,
  outcome: text,
  duration: z
    .union([z.string(), z.number()])
    .nullable()
    .optional()
    .transform((v) => (v === undefined || v === null || v === '' ? null : Number(v))),
  start_time: text,
  end_time: text,
});
export type PipedriveCallLog = z.infer<typeof callLogSchema>;

/** A v1 lead (§6): uuid id, ISO times with milliseconds. */
export const leadSchema = z.looseObject({
  id: z.string().min(1),
  title: text,
  owner_id: nullableId,
  person_id: nullableId,
  organization_id: nullableId,
  source_name: text,
  origin: text,
  channel: z.union([z.number(), z.string()]).nullable().optional(),
  is_archived: flag,
  add_time: z.string(),
  update_time: z.string(),
});
export type PipedriveLead = z.infer<typeof leadSchema>;

/** A v2 pipeline (§4). */
export const pipelineSchema = z.looseObject({
  id,
  name: z.string(),
  order_nr: z.number().nullable().optional(),
  is_deleted: flag,
});
export type PipedrivePipeline = z.infer<typeof pipelineSchema>;

/** A v2 stage (§4); `deal_probability` is a percentage. */
export const stageSchema = z.looseObject({
  id,
  name: z.string(),
  pipeline_id: id,
  order_nr: z.number().nullable().optional(),
  deal_probability: z.number().nullable().optional(),
  is_deleted: flag,
});
export type PipedriveStage = z.infer<typeof stageSchema>;

/** A v1 user (§6). */
export const userSchema = z.looseObject({
  id,
  name: text,
  email: text,
  active_flag: flag,
  is_deleted: flag,
  timezone_name: text,
  default_currency: text,
});
export type PipedriveUser = z.infer<typeof userSchema>;

/** `/v1/users/me` adds the company (§6). */
export const meSchema = userSchema.extend({ company_id: nullableId, company_name: text });

/** A v2 field definition (`/api/v2/dealFields`, `/organizationFields`): option labels for enum values. */
export const fieldSchema = z.looseObject({
  field_code: z.string(),
  field_name: z.string().nullable().optional(),
  is_custom_field: flag,
  options: z
    .array(z.looseObject({ id: z.union([z.number(), z.string()]), label: z.string() }))
    .nullable()
    .optional(),
});
export type PipedriveField = z.infer<typeof fieldSchema>;
