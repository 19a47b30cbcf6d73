import { z } from 'zod';

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

const connection = z.strictObject({
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
  /** HubSpot subscription tier: decides the burst limit the client stays under. */
  plan: z
    .enum(['starter', 'professional', 'enterprise'], { message: 'must be starter, professional or enterprise' })
    .optional(),
  sync: z
    .strictObject({
      /** Look-back overlap for records that reach the search index late. @defaultValue 5 */
      lookBackMinutes: z.number().int().min(0).max(1440).optional(),
      /** Full id enumeration that catches deletions, merges and association edits. @defaultValue 24 */
      reconcileEveryHours: z.number().min(0).optional(),
    })
    .optional(),
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
   * KPI settings, in the shape a scenario's `config` uses. Validated by the KPI engine (its own schema), kept
   * as an object here so this file never drifts from it.
   */
  kpis: z.record(z.string(), z.unknown()).optional(),
});

export type PulseConfig = z.infer<typeof configSchema>;
export type ConnectionConfig = z.infer<typeof connection>;
