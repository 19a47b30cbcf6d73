/**
 * The Pipedrive connector: `createPipedriveConnector(options)` returns a `CrmConnector` over axios, with the
 * token governor of `governor.ts`, the retries of `client.ts` and the cursors of `cursor.ts`.
 */
import type { ObjectType } from '../../domain/records';
import type { CrmConnector, Page, RecordOf, StreamOptions, Tombstone } from '../types';
import { fetchAccount } from './account';
import { PipedriveHttp, type PipedriveLog, type RetryPolicy } from './client';
import { companiesHandler } from './companies';
import { contactsHandler } from './contacts';
import { once, type PipedriveContext } from './context';
import { dealsHandler } from './deals';
import { activitiesHandler, fetchCallLogs, notesHandler } from './engagements';
import {
  dailyBudgetOf,
  LocalTokenGovernor,
  ourBurstPerWindow,
  type PipedrivePlan,
  type TokenGovernor,
} from './governor';
import { IdLists } from './ids';
import { leadsHandler } from './leads';
import { realSleep, type Sleep } from './limiter';
import { stageIndexOf } from './mappers/pipeline';
import { fetchOwners } from './owners';
import { CHANNEL_FIELD, fetchOptionLabels, fetchPipelines, INDUSTRY_FIELD } from './pipelines';
import { readById, tombstonesOf } from './reads';
import { type ObjectHandler, streamObjects } from './stream';

export type { PipedrivePlan, TokenGovernor } from './governor';

export interface PipedriveConnectorOptions {
  /** `https://{company}.pipedrive.com` (or `https://api.pipedrive.com`), or the simulator's base URL. */
  baseUrl: string;
  /** API token (40 hex). Never logged, never put in messages. */
  token: string;
  /** Where the token came from (e.g. `PULSE_PIPEDRIVE_TOKEN`), named in auth errors. */
  tokenSource?: string;
  log?: PipedriveLog;
  /** The company's plan: daily budget multiplier and burst limit (pipedrive-api.md §3.1). */
  plan?: PipedrivePlan;
  /** Paid seats: the daily budget is 30,000 × multiplier × seats. */
  seats?: number;
  /** An exact daily budget (top-ups included); overrides plan × seats. */
  dailyTokenBudget?: number;
  /** Share of the daily budget kept for the company's other integrations. @defaultValue 20 */
  reservePercent?: number;
  /** Share of the daily budget the deal history backfill leaves to the other object types. @defaultValue 10 */
  changelogFloorPercent?: number;
  /** A shared governor (Redis-backed for several workers); replaces plan, seats and reserve. */
  governor?: TokenGovernor;
  /** Look-back overlap re-read before each watermark, rounded up to whole seconds. @defaultValue 60 seconds */
  lookBackMs?: number;
  /** The company's IANA time zone (Pipedrive exposes none); else the token user's, with a warning. */
  timeZone?: string;
  retry?: Partial<RetryPolicy>;
  /** The CRM's clock; also the default of `wallClock`. @defaultValue Date.now */
  now?: () => number;
  /** Real elapsed time for the governor and retries (never the simulator's frozen clock). @defaultValue `now` */
  wallClock?: () => number;
  sleep?: Sleep;
  random?: () => number;
}

type Handlers = { [K in ObjectType]: ObjectHandler<RecordOf[K]> };

/** Builds a Pipedrive connector; every collaborator is per instance (no module-level state). */
export function createPipedriveConnector(options: PipedriveConnectorOptions): CrmConnector {
  const wallClock = options.wallClock ?? options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const budget = options.dailyTokenBudget ?? dailyBudgetOf(options.plan, options.seats);
  const governor =
    options.governor ??
    new LocalTokenGovernor({
      dailyBudget: budget,
      ...(options.reservePercent !== undefined ? { reservePercent: options.reservePercent } : {}),
      // 95 % of the plan's burst limit: the window is per token, the rest is left for other users of the token.
      burstPerWindow: ourBurstPerWindow(options.plan),
      clock: wallClock,
      sleep,
      ...(options.log !== undefined ? { log: options.log } : {}),
    });
  const http = new PipedriveHttp({
    baseUrl: options.baseUrl,
    token: options.token,
    ...(options.tokenSource !== undefined ? { tokenSource: options.tokenSource } : {}),
    governor,
    sleep,
    clock: wallClock,
    ...(options.random !== undefined ? { random: options.random } : {}),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
    ...(options.log !== undefined ? { log: options.log } : {}),
  });
  const pipelines = once(() => fetchPipelines(http, options.log));
  const stageIndex = once(async () => stageIndexOf(await pipelines()));
  const ctx: PipedriveContext = {
    http,
    governor,
    log: options.log,
    settings: {
      overlapSeconds: Math.ceil((options.lookBackMs ?? 60_000) / 1_000),
      changelogFloorTokens: budget === null ? 0 : Math.ceil((budget * (options.changelogFloorPercent ?? 10)) / 100),
    },
    stageIndex: () => stageIndex(),
    dealChannels: once(() => fetchOptionLabels(http, CHANNEL_FIELD.endpoint, CHANNEL_FIELD.code)),
    industries: once(() => fetchOptionLabels(http, INDUSTRY_FIELD.endpoint, INDUSTRY_FIELD.code)),
    callLogs: once(() => fetchCallLogs({ http, log: options.log })),
  };
  const handlers: Handlers = {
    deals: dealsHandler(ctx),
    contacts: contactsHandler(),
    companies: companiesHandler(ctx),
    leads: leadsHandler(ctx),
    calls: activitiesHandler(ctx, 'calls'),
    emails: activitiesHandler(ctx, 'emails'),
    meetings: activitiesHandler(ctx, 'meetings'),
    notes: notesHandler(),
    tasks: activitiesHandler(ctx, 'tasks'),
  };
  const ids = new IdLists(ctx, wallClock);

  return {
    provider: 'pipedrive',
    account: () => fetchAccount(http, options.timeZone, options.log),
    owners: () => fetchOwners(http, options.log),
    pipelines: () => pipelines(),
    async *stream<T extends ObjectType>(type: T, streamOptions: StreamOptions) {
      // Counts and id lists read after this stream must see what it stored.
      ids.invalidate(type);
      const handler: ObjectHandler<RecordOf[T]> = handlers[type];
      yield* streamObjects(ctx, handler, type, streamOptions);
    },
    count: async (type) => (await ids.of(type)).length,
    async *enumerateIds(type) {
      const all = await ids.of(type);
      for (let i = 0; i < all.length; i += 500) yield all.slice(i, i + 500);
    },
    async *tombstones(type, signal): AsyncGenerator<Tombstone[]> {
      yield* tombstonesOf(ctx, type, signal);
    },
    async read<T extends ObjectType>(type: T, recordIds: string[]): Promise<Page<RecordOf[T]>> {
      return readById(ctx, handlers[type], type, recordIds);
    },
    // Leads, call logs and notes exist on every plan; nothing to probe.
    supports: async () => true,
    stats: () => http.stats(),
  };
}
