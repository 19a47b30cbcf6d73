/**
 * The HubSpot connector: `createHubSpotConnector(options)` returns a `CrmConnector` over the official
 * `@hubspot/api-client`, with our own limiter and retries (see `client.ts`) and cursors of `cursor.ts`.
 */
import type { ObjectType } from '../../domain/records';
import type { CrmConnector, Page, RecordOf, Tombstone } from '../types';
import { fetchAccount } from './account';
import { HubSpotHttp, type HubSpotLog, type RetryPolicy } from './client';
import { companiesHandler } from './companies';
import { contactsHandler } from './contacts';
import { type HubSpotContext, once, oncePerKey } from './context';
import { dealsHandler } from './deals';
import { engagementsHandler } from './engagements';
import { leadsHandler, probeLeads } from './leads';
import { type LimiterLimits, type RateLimiter, RollingWindowLimiter, realSleep, type Sleep } from './limiter';
import { stageIndexOf } from './mappers/pipeline';
import { ObjectsApi } from './objects';
import { fetchOwners } from './owners';
import { fetchDealPipelines } from './pipelines';
import { loadAndMap, type ObjectHandler, readFull, type StreamSettings, streamObjects } from './stream';
import { hubSpotObjectSchema } from './types';

export interface HubSpotConnectorOptions {
  /** `https://api.hubapi.com`, or the simulator's base URL. */
  baseUrl: string;
  /** Private app access token (`pat-…`). Never logged, never put in messages. */
  token: string;
  /** Where the token came from (e.g. `PULSE_HUBSPOT_TOKEN`), named in auth errors. */
  tokenSource?: string;
  log?: HubSpotLog;
  /** Client-side limiter budgets. @defaultValue 190 per 10 s burst, 4 searches per second */
  limits?: Partial<LimiterLimits>;
  /** A shared limiter (Redis-backed for several workers); replaces `limits`. */
  limiter?: RateLimiter;
  pageSizes?: {
    /** @defaultValue 200 (hubspot-api.md §5) */
    search?: number;
    /** @defaultValue 100 (hubspot-api.md §4) */
    list?: number;
    /** Results per search window before restarting it. @defaultValue 9_900 */
    windowCap?: number;
    /** Walk pages requested ahead of the one being stored. @defaultValue 4 */
    readAhead?: number;
  };
  /** Overlap re-read before the stored watermark, for late-indexed records. @defaultValue 5 minutes */
  lookBackMs?: number;
  /** Run start = now minus this. @defaultValue 10 seconds */
  safetyMarginMs?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * The CRM's clock: run start and watermarks. Against the simulator this is its explicit clock.
   * @defaultValue Date.now
   */
  now?: () => number;
  /** Real elapsed time for the limiter, retries and the daily reset (never the simulator's frozen clock). @defaultValue `now` */
  wallClock?: () => number;
  sleep?: Sleep;
  random?: () => number;
}

const MINUTE = 60_000;
type Handlers = { [K in ObjectType]: ObjectHandler<RecordOf[K]> };

/** Builds a HubSpot connector; every collaborator is per instance (no module-level state). */
export function createHubSpotConnector(options: HubSpotConnectorOptions): CrmConnector {
  const now = options.now ?? Date.now;
  const wallClock = options.wallClock ?? now;
  const sleep = options.sleep ?? realSleep;
  let accountTimeZone: string | null = null;
  const http = new HubSpotHttp({
    baseUrl: options.baseUrl,
    token: options.token,
    ...(options.tokenSource !== undefined ? { tokenSource: options.tokenSource } : {}),
    limiter: options.limiter ?? new RollingWindowLimiter(options.limits, wallClock, sleep),
    sleep,
    clock: wallClock,
    ...(options.random !== undefined ? { random: options.random } : {}),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
    ...(options.log !== undefined ? { log: options.log } : {}),
    timeZone: () => accountTimeZone,
  });
  const objects = new ObjectsApi(http);
  const pipelines = once(() => fetchDealPipelines(http, options.log));
  const stageIndex = once(async () => stageIndexOf(await pipelines()));
  const ctx: HubSpotContext = {
    http,
    objects,
    stageIndex: () => stageIndex(),
    customProperties: oncePerKey((type) => objects.customProperties(type)),
    hasLeads: once(() => probeLeads(objects)),
    // Stage-entered property names of slug stages carry an opaque suffix: discover them (hubspot-api.md §17).
    leadQualifiedProperties: once(() => objects.propertyNames('leads', /^hs_v2_date_entered_qualified/)),
  };
  const handlers: Handlers = {
    deals: dealsHandler(ctx),
    contacts: contactsHandler(ctx),
    companies: companiesHandler(ctx),
    leads: leadsHandler(ctx),
    calls: engagementsHandler(ctx, 'calls'),
    emails: engagementsHandler(ctx, 'emails'),
    meetings: engagementsHandler(ctx, 'meetings'),
    notes: engagementsHandler(ctx, 'notes'),
    tasks: engagementsHandler(ctx, 'tasks'),
  };
  const settings: StreamSettings = {
    searchPageSize: Math.min(options.pageSizes?.search ?? 200, 200),
    listPageSize: Math.min(options.pageSizes?.list ?? 100, 100),
    windowCap: Math.min(options.pageSizes?.windowCap ?? 9_900, 10_000),
    lookBackMs: options.lookBackMs ?? 5 * MINUTE,
    safetyMarginMs: options.safetyMarginMs ?? 10_000,
    readAhead: Math.max(1, options.pageSizes?.readAhead ?? 4),
    now,
    log: options.log,
  };
  const supports = async (type: ObjectType) => (type === 'leads' ? ctx.hasLeads() : true);

  return {
    provider: 'hubspot',
    async account() {
      const account = await fetchAccount(http);
      accountTimeZone = account.timeZone;
      return account;
    },
    owners: () => fetchOwners(http, options.log),
    pipelines: () => pipelines(),
    async *stream<T extends ObjectType>(type: T, streamOptions: { cursor: string | null; signal?: AbortSignal }) {
      if (!(await supports(type))) return;
      const handler: ObjectHandler<RecordOf[T]> = handlers[type];
      yield* streamObjects(ctx, handler, type, streamOptions.cursor, settings, streamOptions.signal);
    },
    async count(type) {
      if (!(await supports(type))) return 0;
      return objects.count(handlers[type].hubspotType);
    },
    async *enumerateIds(type, signal) {
      if (!(await supports(type))) return;
      for await (const page of listAll(objects, handlers[type].hubspotType, false, settings.listPageSize, signal)) {
        yield page.map((r) => r.id);
      }
    },
    async *tombstones(type, signal) {
      if (!(await supports(type))) return;
      for await (const page of listAll(objects, handlers[type].hubspotType, true, settings.listPageSize, signal)) {
        yield page.map((r): Tombstone => ({ externalId: r.id, at: r.archivedAt ?? r.updatedAt, mergedInto: null }));
      }
    },
    async read<T extends ObjectType>(type: T, ids: string[]): Promise<Page<RecordOf[T]>> {
      const handler: ObjectHandler<RecordOf[T]> = handlers[type];
      const raws = ids.length > 0 && (await supports(type)) ? await readFull(ctx, handler, ids) : [];
      return loadAndMap(ctx, handler, type, raws, { batchRead: false, embedded: false }, undefined);
    },
    supports,
    stats: () => http.stats(),
  };
}

/**
 * Lists ids (live or archived) with only `hs_object_id`, 100 per page.
 * https://developers.hubspot.com/docs/guides/crm/using-object-apis — `GET /crm/v3/objects/{type}?archived=…`
 */
async function* listAll(
  objects: ObjectsApi,
  type: string,
  archived: boolean,
  limit: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<{ id: string; updatedAt: string; archivedAt: string | null }[]> {
  let after: string | undefined;
  do {
    signal?.throwIfAborted();
    const response = await objects.list(type, { after, limit, properties: ['hs_object_id'], archived, signal });
    const rows = response.results.flatMap((raw) => {
      const parsed = hubSpotObjectSchema.safeParse(raw);
      return parsed.success
        ? [{ id: parsed.data.id, updatedAt: parsed.data.updatedAt, archivedAt: parsed.data.archivedAt ?? null }]
        : [];
    });
    yield rows;
    after = response.paging?.next?.after;
  } while (after !== undefined);
}
