import { z } from 'zod';
import { kpisConfigField } from './kpis/parse';

/** Real API roots; a connection's `baseUrl` replaces them (the simulator, a proxy). */
export const DEFAULT_BASE_URLS = {
  hubspot: 'https://api.hubapi.com',
  pipedrive: 'https://api.pipedrive.com',
} as const;

const ianaZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'unknown time zone (use an IANA name such as Europe/Paris)' },
);

/** Pipedrive plan names, current and legacy (pipedrive-api.md §3.1). */
const PIPEDRIVE_PLANS = [
  'lite',
  'growth',
  'premium',
  'ultimate',
  'essential',
  'advanced',
  'professional',
  'power',
  'enterprise',
] as const;

const connection = z
  .strictObject({
    id: z
      .string({ message: 'required: a short name for this connection, e.g. main' })
      .regex(/^[a-z0-9][a-z0-9_-]*$/i, 'letters, digits, - and _ only'),
    provider: z.enum(['hubspot', 'pipedrive'], { message: 'must be hubspot or pipedrive' }),
    baseUrl: z.url({ message: 'must be a URL such as https://api.hubapi.com' }).optional(),
    tokenEnv: z
      .string({ message: 'required: the name of the environment variable that holds the token' })
      .regex(
        /^[A-Z_][A-Z0-9_]*$/,
        'must be an environment variable name such as HUBSPOT_TOKEN (the token itself never goes in this file)',
      ),
    /** Pipeline labels or ids in scope; omitted = every pipeline. */
    pipelines: z.array(z.string().min(1)).optional(),
    timeZone: ianaZone.optional(),
    /**
     * Subscription tier. HubSpot: starter, professional, enterprise (the burst limit). Pipedrive: lite, growth,
     * premium, ultimate, or a legacy essential, advanced, professional, power, enterprise (daily token budget
     * multiplier and burst limit, see docs/configuration.md "Pipedrive connections").
     */
    plan: z
      .enum(
        [
          'starter',
          'professional',
          'enterprise',
          'lite',
          'growth',
          'premium',
          'ultimate',
          'essential',
          'advanced',
          'power',
        ],
        {
          message:
            'must be starter, professional or enterprise (HubSpot) or lite, growth, premium, ultimate, essential, advanced, professional, power, enterprise (Pipedrive)',
        },
      )
      .optional(),
    /** Pipedrive: paid seats; the daily token budget is 30,000 × plan multiplier × seats. */
    seats: z.number().int('must be a whole number of seats').positive('must be above 0').optional(),
    /** Pipedrive: an exact daily token budget (purchased top-ups included); overrides plan × seats. */
    dailyTokenBudget: z.number().int().positive('must be above 0').optional(),
    /** Pipedrive: share of the daily token budget left for the company's other integrations. @defaultValue 20 */
    tokenReservePercent: z.number().min(0).max(90, 'at most 90').optional(),
    sync: z
      .strictObject({
        /** Look-back overlap for records that reach the search index late. @defaultValue 5 */
        lookBackMinutes: z.number().int().min(0).max(1440).optional(),
        /** Full id enumeration that catches deletions, merges and association edits. @defaultValue 24 */
        reconcileEveryHours: z.number().min(0).optional(),
      })
      .optional(),
  })
  .superRefine((c, ctx) => {
    // One `plan` key serves both providers: reject the other provider's tiers by name.
    const tiers = { hubspot: ['starter', 'professional', 'enterprise'], pipedrive: PIPEDRIVE_PLANS } as const;
    const allowed: readonly string[] = tiers[c.provider];
    if (c.plan !== undefined && !allowed.includes(c.plan)) {
      ctx.addIssue({ code: 'custom', path: ['plan'], message: `${c.provider} plans are ${allowed.join(', ')}` });
    }
    if (c.provider !== 'pipedrive') {
      for (const key of ['seats', 'dailyTokenBudget', 'tokenReservePercent'] as const) {
        if (c[key] !== undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: 'applies to pipedrive connections only' });
      }
    }
  });

/** Job names a schedule may start; later jobs (write-back, digest) add theirs here. */
export const SCHEDULABLE_JOBS = ['sync', 'kpis'] as const;

/**
 * One recurring run: every N minutes, or a cron expression read in a time zone. Upserted as a BullMQ job
 * scheduler with the stable id `<job>.<connection>` at every worker start (see docs/configuration.md).
 */
const schedule = z
  .strictObject({
    job: z.enum(SCHEDULABLE_JOBS, { message: `must be one of: ${SCHEDULABLE_JOBS.join(', ')}` }),
    /** A connection id; omitted = one schedule per connection. */
    connection: z.string().min(1, 'must name a connection id').optional(),
    everyMinutes: z.number({ message: 'must be a number of minutes' }).positive('must be above 0').optional(),
    cron: z
      .string()
      .regex(
        /^\s*\S+(\s+\S+){4,5}\s*$/,
        'must be a cron expression of 5 fields (or 6 with seconds), e.g. "0 7 * * 1-5"',
      )
      .optional(),
    /** Zone the cron is read in. @defaultValue the connection's timeZone, else UTC */
    timeZone: ianaZone.optional(),
  })
  .refine((s) => (s.everyMinutes === undefined) !== (s.cron === undefined), {
    message: 'give exactly one of everyMinutes or cron',
  })
  .refine((s) => s.timeZone === undefined || s.cron !== undefined, {
    message: 'timeZone applies to cron only (everyMinutes counts real minutes)',
    path: ['timeZone'],
  });

const positiveInt = (what: string) =>
  z
    .number({ message: `must be ${what}` })
    .int(`must be ${what}`)
    .positive();

/** `pulse worker` settings; every key is optional (defaults in src/jobs/queue/settings.ts). */
const worker = z.strictObject({
  /** Redis key prefix of every queue, so several deployments can share one Redis. @defaultValue pulse */
  prefix: z
    .string()
    .regex(/^[a-z0-9_-]+$/i, 'letters, digits, - and _ only')
    .optional(),
  /** Jobs one process runs at once per queue. @defaultValue 1 */
  concurrency: positiveInt('a whole number above 0').max(64, 'at most 64').optional(),
  /** Attempts per job, the first included. @defaultValue 5 */
  attempts: positiveInt('a whole number above 0').max(100, 'at most 100').optional(),
  /** First retry delay; doubles per attempt. @defaultValue 30 */
  backoffSeconds: z.number({ message: 'must be a number of seconds' }).min(0).optional(),
  /** Completed jobs kept per queue (newest). @defaultValue 100 */
  keepCompleted: z.number().int().min(0, 'must be 0 or more').optional(),
  /** Failed jobs kept per queue, with their reasons, for this many days. @defaultValue 14 */
  keepFailedDays: z.number().positive('must be above 0').optional(),
  /** Job lock; a worker silent this long is presumed dead and its job is picked up again. @defaultValue 30000 */
  lockDurationMs: z.number().int().min(200, 'must be at least 200').optional(),
  /** How often a worker looks for stalled jobs. @defaultValue 30000 */
  stalledIntervalMs: z.number().int().min(100, 'must be at least 100').optional(),
  /** Stalls allowed before a job fails as "stalled too often". @defaultValue 1 */
  maxStalledCount: z.number().int().min(0).optional(),
  /** On SIGTERM/SIGINT, time a running job gets to finish before it is released at a page boundary. @defaultValue 20 */
  shutdownGraceSeconds: z.number().min(0).optional(),
  /** How often the watchdog checks schedulers and stalls. @defaultValue 60 */
  watchdogIntervalSeconds: z.number().positive('must be above 0').optional(),
  /** A scheduler whose next run is later than this in the past is reported as overdue. @defaultValue 5 */
  overdueAfterMinutes: z.number().positive('must be above 0').optional(),
});

export const configSchema = z.strictObject({
  storage: z
    .strictObject({
      /** SQLite file. @defaultValue .pulse/pulse.db */
      path: z.string().min(1).optional(),
      busyTimeoutMs: z.number().int().min(0).optional(),
    })
    .optional(),
  redis: z.strictObject({ url: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://') }).optional(),
  connections: z
    .array(connection, { message: 'required: a list of connections (id, provider, tokenEnv)' })
    .min(1, 'add at least one connection'),
  /**
   * KPI settings, in the shape a scenario's `config` uses (labels, not ids). Validated by the kpis module's own
   * schema so a scenario's `config` and this key can never drift apart; `resolveKpiConfig` turns it into ids.
   */
  kpis: kpisConfigField,
  /** Recurring runs (BullMQ job schedulers). */
  schedules: z.array(schedule, { message: 'must be a list of schedules (job, everyMinutes or cron)' }).optional(),
  worker: worker.optional(),
});

export type PulseConfig = z.infer<typeof configSchema>;
export type ConnectionConfig = z.infer<typeof connection>;
export type ScheduleConfig = z.infer<typeof schedule>;
export type WorkerConfig = z.infer<typeof worker>;
