/**
 * The user-facing `kpis` section of pulse.config.yaml, which is also a scenario file's `config`. It names
 * pipelines, stages, users and teams by label or provider id; `resolve.ts` turns it into the id-based
 * `KpiConfig` once the store's (or the simulator's) labels are known. Every key is optional and every object is
 * strict, so a typo is an error instead of a silently ignored setting.
 */
import { z } from 'zod';

/** YAML reads `12345` as a number; provider ids are strings everywhere else, so numbers are accepted as ids. */
const idLike = (value: unknown): unknown => (typeof value === 'number' ? String(value) : value);

/** A pipeline, stage, user or team named by its label or provider id. */
const label = (what: string) => {
  const message = `must be a ${what} label or id`;
  return z.preprocess(idLike, z.string({ message }).trim().min(1, { message }));
};

const labelList = (what: string, example: string) =>
  z.array(label(what), { message: `must be a list of ${what} labels or ids, e.g. [${example}]` });

const textList = (what: string, example: string) => {
  const message = `must be a list of ${what}, e.g. [${example}]`;
  return z.array(z.string({ message }).trim().min(1, { message }), { message });
};

const fiscalYear = z.strictObject(
  {
    /** First month of the fiscal year (4 = April). @defaultValue 1 */
    startMonth: z
      .number({ message: 'must be a month number 1-12' })
      .int({ message: 'must be a month number 1-12' })
      .min(1, { message: 'must be a month number 1-12' })
      .max(12, { message: 'must be a month number 1-12' })
      .optional(),
    /** `end`: FY2027 ends in 2027 (default); `start`: FY2026 starts in 2026. */
    naming: z.enum(['end', 'start'], { message: 'must be end (FY named by the year it ends in) or start' }).optional(),
  },
  { message: 'must be { startMonth, naming }, e.g. { startMonth: 4, naming: end }' },
);

const weightsMessage = 'must be 12 numbers ≥ 0, one per fiscal month (first = first fiscal month)';

const target = z
  .strictObject(
    {
      annual: z
        .number({
          error: (issue) =>
            issue.input === undefined
              ? 'required: the annual revenue target in the reporting currency, e.g. 1200000'
              : 'must be a number ≥ 0 (the annual revenue target)',
        })
        .min(0, { message: 'must be a number ≥ 0 (the annual revenue target)' }),
      team: label('team').optional(),
      owner: label('user (email, name or id)').optional(),
      fiscalYear: z
        .string({ message: 'must be a fiscal year label such as FY2027' })
        .regex(/^FY\d{4}$/, { message: 'must be a fiscal year label such as FY2027' })
        .optional(),
      monthlyWeights: z
        .array(z.number({ message: weightsMessage }).min(0, { message: weightsMessage }), { message: weightsMessage })
        .length(12, { message: weightsMessage })
        .refine((weights) => weights.some((w) => w > 0), { message: 'must not all be 0' })
        .optional(),
    },
    { message: 'must be a target such as { annual: 1200000 } or { annual: 400000, team: east }' },
  )
  .superRefine((t, ctx) => {
    if (t.team !== undefined && t.owner !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['owner'],
        message: 'set team or owner, not both (a target is for the company, one team or one rep)',
      });
    }
  });

const stageRoles = z.strictObject(
  { qualified: label('stage').optional(), proposal: label('stage').optional() },
  { message: 'must be { qualified, proposal } with stage labels or ids' },
);

const sources = z
  .strictObject(
    {
      inbound: textList('source values', 'organic_search, ORGANIC_SEARCH').optional(),
      outbound: textList('source values', 'prospecting, OFFLINE').optional(),
    },
    { message: 'must be { inbound: [...], outbound: [...] } lists of source values' },
  )
  .superRefine((s, ctx) => {
    const inbound = new Set(s.inbound ?? []);
    (s.outbound ?? []).forEach((value, i) => {
      if (inbound.has(value)) {
        ctx.addIssue({
          code: 'custom',
          path: ['outbound', i],
          message: `"${value}" is also listed under inbound (a source has one direction)`,
        });
      }
    });
  });

const conversations = z.strictObject(
  {
    connectedOutcomes: textList('call outcomes', 'connected').optional(),
    minDurationSeconds: z
      .number({ message: 'must be a whole number of seconds ≥ 0' })
      .int({ message: 'must be a whole number of seconds ≥ 0' })
      .min(0, { message: 'must be a whole number of seconds ≥ 0' })
      .optional(),
    voicemailOutcomes: textList('call outcomes', 'left_voicemail').optional(),
    supportActivityTypes: textList('activity types', 'Support call').optional(),
    supportTeams: labelList('team', 'support').optional(),
  },
  { message: 'must be an object of conversation rules (connectedOutcomes, minDurationSeconds...)' },
);

const amount = (column: string) =>
  z
    .number({
      error: (issue) =>
        issue.input === undefined ? `required: the ${column} spend of the month (0 if none)` : 'must be an amount ≥ 0',
    })
    .min(0, { message: 'must be an amount ≥ 0' });

const spendRow = z.strictObject(
  {
    month: z
      .string({ message: 'must be a month such as 2026-01' })
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month such as 2026-01' }),
    sales: amount('sales'),
    marketing: amount('marketing'),
  },
  { message: 'must be a row such as { month: 2026-01, sales: 1000, marketing: 500 }' },
);

const spend = z
  .strictObject(
    {
      /** CSV with a `month,sales,marketing` header, relative to the config file's folder. */
      file: z
        .string({ message: 'must be the path of a month,sales,marketing CSV file, relative to the config file' })
        .min(1, { message: 'must be the path of a month,sales,marketing CSV file, relative to the config file' })
        .optional(),
      rows: z
        .array(spendRow, { message: 'must be a list of { month, sales, marketing } rows' })
        .superRefine((rows, ctx) => {
          const first = new Map<string, number>();
          rows.forEach((row, i) => {
            const earlier = first.get(row.month);
            if (earlier === undefined) first.set(row.month, i);
            else {
              ctx.addIssue({
                code: 'custom',
                path: [i, 'month'],
                message: `${row.month} is also in rows[${earlier}] (one row per month)`,
              });
            }
          });
        })
        .optional(),
    },
    { message: 'must be { file: spend.csv } or { rows: [{ month, sales, marketing }] }' },
  )
  .superRefine((s, ctx) => {
    if ((s.file === undefined) === (s.rows === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'set either file or rows (one spend table)' });
    }
  });

const wholeAtLeastOne = (unit: string) => {
  const message = `must be a whole number of ${unit} ≥ 1`;
  return z.number({ message }).int({ message }).min(1, { message }).optional();
};

const windows = z.strictObject(
  {
    velocityDays: wholeAtLeastOne('days'),
    prospectDays: wholeAtLeastOne('days'),
    stageConversionMonths: wholeAtLeastOne('months'),
  },
  { message: 'must be { velocityDays, prospectDays, stageConversionMonths }' },
);

/** The `kpis` section (and a scenario's `config`). Documented key by key in docs/configuration.md. */
export const kpiSettingsSchema = z.strictObject(
  {
    fiscalYear: fiscalYear.optional(),
    currency: z
      .string({ message: 'must be a 3-letter currency code such as EUR' })
      .regex(/^[A-Za-z]{3}$/, { message: 'must be a 3-letter currency code such as EUR' })
      .transform((code) => code.toUpperCase())
      .optional(),
    pipelines: labelList('pipeline', 'New business').optional(),
    targets: z.array(target, { message: 'must be a list of targets such as [{ annual: 1200000 }]' }).optional(),
    stageRoles: z
      .record(z.string(), stageRoles, {
        message: 'must map pipeline labels to { qualified, proposal }, e.g. { New business: { qualified: Demo } }',
      })
      .optional(),
    milestones: z
      .record(
        z.string(),
        z
          .array(label('stage'), { message: 'must be a list of stage labels or ids, then won' })
          .min(2, { message: 'must list at least 2 steps (stage labels or ids, then won)' }),
        { message: 'must map pipeline labels to step lists, e.g. { New business: [Qualify, Demo, won] }' },
      )
      .optional(),
    dangerDropPoints: z
      .number({ message: 'must be a number of percentage points between 0 and 100' })
      .min(0, { message: 'must be a number of percentage points between 0 and 100' })
      .max(100, { message: 'must be a number of percentage points between 0 and 100' })
      .optional(),
    sources: sources.optional(),
    invalidLostReasons: textList('lost reasons', 'duplicate, spam').optional(),
    referrerProperty: z
      .string({ message: 'must be the name or id of the deal property that holds the referrer' })
      .trim()
      .min(1, { message: 'must be the name or id of the deal property that holds the referrer' })
      .optional(),
    conversations: conversations.optional(),
    spend: spend.optional(),
    grossMargin: z
      .number({ message: 'must be a fraction above 0 and at most 1 (0.7 for 70 %)' })
      .gt(0, { message: 'must be a fraction above 0 and at most 1 (0.7 for 70 %)' })
      .max(1, { message: 'must be a fraction above 0 and at most 1 (0.7 for 70 %)' })
      .optional(),
    customerLifetimeYears: z
      .number({ message: 'must be a number of years above 0' })
      .gt(0, { message: 'must be a number of years above 0' })
      .optional(),
    strictOrder: z.boolean({ message: 'must be true or false' }).optional(),
    customerKey: z.enum(['company', 'contact'], { message: 'must be company or contact' }).optional(),
    leadsNeededPipeline: label('pipeline').optional(),
    teams: z
      .record(z.string(), labelList('user (email, name or id)', 'alice@example.com'), {
        message: 'must map team labels to lists of users, e.g. { east: [alice@example.com] }',
      })
      .optional(),
    windows: windows.optional(),
  },
  { message: 'must be a map of KPI settings (see docs/configuration.md, section kpis)' },
);

/** The validated, still label-based `kpis` section. */
export type KpiSettings = z.infer<typeof kpiSettingsSchema>;

/** One row of the spend table as written (`sales` and `marketing` are summed into `SpendRow.amount`). */
export type SpendSetting = z.infer<typeof spendRow>;
