/**
 * The zod schema of a scenario file: the shape only (types, strict keys, timestamp syntax, ranges). Cross-record
 * rules (ids, time order, stages of the right pipeline) live in checks/, which run on the parsed shape.
 * Every object is strict so a misspelt key is an error that names it instead of a silently ignored field.
 */
import * as z from 'zod';
import { isCalendarDate, parseInstant } from './time';

/** ISO 8601 instant with an offset or Z, kept as text here; build.ts turns it into epoch ms. */
export const instant = z.string().superRefine((s, ctx) => {
  if (parseInstant(s) === null) {
    ctx.addIssue({
      code: 'custom',
      message: `bad timestamp ${JSON.stringify(s)} (expected ISO 8601 with an offset or Z, like 2026-01-05T09:00:00Z)`,
    });
  }
});

/** A calendar date `YYYY-MM-DD` (expected close dates, period bounds). */
export const calendarDate = z.string().superRefine((s, ctx) => {
  if (!isCalendarDate(s)) {
    ctx.addIssue({ code: 'custom', message: `bad date ${JSON.stringify(s)} (expected YYYY-MM-DD)` });
  }
});

const id = z.string().min(1);
const ids = z.array(id);
const probability = z.number().superRefine((p, ctx) => {
  if (p < 0 || p > 1) ctx.addIssue({ code: 'custom', message: `probability ${p} is outside 0..1` });
});
const currencyCode = z.string().regex(/^[A-Z]{3}$/, { error: 'expected a 3-letter currency code like EUR' });
const propertyValue = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: 'expected a string, number, boolean or null',
});
const properties = z.record(z.string(), propertyValue);
/** Soft deletion and merge, shared by companies, contacts, leads and deals. */
const removal = {
  deletedAt: instant.nullable().optional(),
  mergedInto: id.nullable().optional(),
};

export const LIFECYCLE_STAGES = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const;
export const CALL_OUTCOMES = ['connected', 'no_answer', 'busy', 'left_voicemail', 'left_live_message', 'wrong_number'];
export const MEETING_OUTCOMES = ['scheduled', 'completed', 'rescheduled', 'no_show', 'canceled'];

export const accountSchema = z.strictObject({
  timeZone: z.string().superRefine((tz, ctx) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
    } catch {
      ctx.addIssue({ code: 'custom', message: `unknown time zone ${JSON.stringify(tz)}` });
    }
  }),
  currency: currencyCode,
  exchangeRates: z.record(currencyCode, z.number().positive()).optional(),
});

export const userSchema = z.strictObject({
  id,
  name: z.string(),
  email: z.string(),
  team: z.string().nullable().optional(),
  archived: z.boolean().optional(),
});

export const pipelineSchema = z.strictObject({
  id,
  name: z.string(),
  stages: z.array(z.strictObject({ id, name: z.string(), probability })).min(1, { error: 'a pipeline needs a stage' }),
});

export const companySchema = z.strictObject({
  id,
  name: z.string(),
  createdAt: instant,
  industry: z.string().nullable().optional(),
  owner: id.nullable().optional(),
  properties: properties.optional(),
  ...removal,
});

export const contactSchema = z.strictObject({
  id,
  name: z.string(),
  email: z.string().nullable().optional(),
  company: id.nullable().optional(),
  owner: id.nullable().optional(),
  createdAt: instant,
  lifecycle: z.array(z.strictObject({ at: instant, stage: z.enum(LIFECYCLE_STAGES) })).optional(),
  properties: properties.optional(),
  ...removal,
});

export const leadSchema = z.strictObject({
  id,
  title: z.string(),
  createdAt: instant,
  contact: id.nullable().optional(),
  company: id.nullable().optional(),
  owner: id.nullable().optional(),
  source: z.string().nullable().optional(),
  convertedAt: instant.nullable().optional(),
  deal: id.nullable().optional(),
  ...removal,
});

export const dealEventSchema = z.strictObject({
  at: instant,
  pipeline: id.optional(),
  stage: id.optional(),
  status: z.enum(['open', 'won', 'lost']).optional(),
  lostReason: z.string().nullable().optional(),
  amount: z.number().nullable().optional(),
  currency: currencyCode.optional(),
  owner: id.optional(),
  closeDate: calendarDate.nullable().optional(),
  probability: probability.nullable().optional(),
});

export const dealSchema = z.strictObject({
  id,
  name: z.string(),
  company: id.nullable().optional(),
  contacts: ids.optional(),
  source: z.string().nullable().optional(),
  properties: properties.optional(),
  archived: z.boolean().optional(),
  timeline: z.array(dealEventSchema).min(1, { error: 'a deal needs at least its creation event' }),
  ...removal,
});

export const engagementSchema = z.strictObject({
  id,
  type: z.enum(['call', 'email', 'meeting', 'note', 'task']),
  at: instant,
  endAt: instant.nullable().optional(),
  owner: id.nullable().optional(),
  direction: z.enum(['inbound', 'outbound', 'forwarded']).nullable().optional(),
  outcome: z
    .enum([...CALL_OUTCOMES, ...MEETING_OUTCOMES])
    .nullable()
    .optional(),
  durationSeconds: z.number().int().nonnegative().nullable().optional(),
  done: z.boolean().nullable().optional(),
  support: z.boolean().optional(),
  deals: ids.optional(),
  contacts: ids.optional(),
  companies: ids.optional(),
  leads: ids.optional(),
  deletedAt: instant.nullable().optional(),
});

const PERIOD_HELP = 'expected 2026-W05, 2026-03, 2026-Q1, FY2027, FY2027-Q1, FYTD or { from, to }';
const PERIOD = /^(\d{4}-W(0[1-9]|[1-4]\d|5[0-3])|\d{4}-(0[1-9]|1[0-2])|\d{4}-Q[1-4]|FY\d{4}|FY\d{4}-Q[1-4]|FYTD)$/;

export const expectationSchema = z
  .strictObject({
    kpi: z.string().min(1),
    measure: z.string().optional(),
    period: z
      .union(
        [z.string().regex(PERIOD, { error: PERIOD_HELP }), z.strictObject({ from: calendarDate, to: calendarDate })],
        {
          error: PERIOD_HELP,
        },
      )
      .optional(),
    window: z
      .string()
      .regex(/^last-[1-9]\d*[dwm]$/, { error: 'expected a trailing window like last-90d, last-12w or last-12m' })
      .optional(),
    segment: z
      .strictObject({
        pipeline: id.optional(),
        stage: id.optional(),
        owner: id.optional(),
        team: z.string().optional(),
        source: z.string().optional(),
        direction: z.enum(['inbound', 'outbound']).optional(),
        industry: z.string().optional(),
      })
      .optional(),
    value: z.number().nullable().optional(),
    tolerance: z.number().nonnegative().optional(),
    flags: z.array(z.string()).optional(),
    flagsAbsent: z.array(z.string()).optional(),
    providers: z.array(z.enum(['hubspot', 'pipedrive'])).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.period !== undefined && e.window !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['window'], message: 'give period or window, not both' });
    }
  });

const configSchema = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  { error: 'expected an object (the KPI section of pulse.config.yaml)' },
);

/** The whole file. Collections other than users and pipelines may be left out (an empty list). */
export const scenarioSchema = z.strictObject({
  version: z.literal(1, { error: 'expected version: 1' }),
  now: instant,
  account: accountSchema,
  users: z.array(userSchema),
  pipelines: z.array(pipelineSchema),
  companies: z.array(companySchema).optional(),
  contacts: z.array(contactSchema).optional(),
  leads: z.array(leadSchema).optional(),
  deals: z.array(dealSchema).optional(),
  engagements: z.array(engagementSchema).optional(),
  config: configSchema.nullable().optional(),
  expect: z.array(expectationSchema).optional(),
});

export type RawScenario = z.infer<typeof scenarioSchema>;
export type RawDeal = z.infer<typeof dealSchema>;
export type RawDealEvent = z.infer<typeof dealEventSchema>;
export type RawEngagement = z.infer<typeof engagementSchema>;
export type RawExpectation = z.infer<typeof expectationSchema>;

/** Per-item schemas, used to keep checking the valid items of a file whose other items failed the shape. */
export const itemSchemas = {
  users: userSchema,
  pipelines: pipelineSchema,
  companies: companySchema,
  contacts: contactSchema,
  leads: leadSchema,
  deals: dealSchema,
  engagements: engagementSchema,
  expect: expectationSchema,
} as const;
