/**
 * A HubSpot-shaped HTTP server over a {@link SimModel} (node:http only), indistinguishable from HubSpot for the
 * official `@hubspot/api-client` on the endpoints a sync needs. Pipeline per request: route -> auth (401) ->
 * faults -> rate buckets (429) -> handler -> headers. See hubspot-api.md §15 for what it mimics.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type Fault, FaultController, type FaultPlan } from '../faults.js';
import type { SimModel } from '../model.js';
import { accountRoutes } from './account.js';
import { associationRoutes } from './associations.js';
import {
  HubSpotHttpError,
  htmlErrorPage,
  MAX_REQUEST_URI_CHARS,
  notFound,
  rateLimited,
  serverError,
  unauthorized,
  uriTooLong,
  validationError,
} from './errors.js';
import { DEFAULT_PAGE_SIZES, type HubSpotPageSizes, type Route, type RouteContext, type SimReply } from './http.js';
import { createHubSpotIds, type HubSpotIds } from './ids.js';
import { type HubSpotTier, RateLimiter, type RateLimitOverrides } from './limits.js';
import { objectRoutes } from './objects.js';
import { ownerRoutes } from './owners.js';
import { pipelineRoutes } from './pipelines.js';
import { propertyRoutes } from './properties.js';
import { matchRoute } from './router.js';
import { searchRoutes } from './search.js';
import { SearchIndex } from './search-index.js';
import { applyShapeFaults, type Outgoing, send } from './send.js';
import { Store } from './store.js';

/** The token the simulator accepts when none is given. */
export const DEFAULT_HUBSPOT_SIM_TOKEN = 'pat-na1-00000000-0000-4000-8000-000000000000';

export interface HubSpotSimulatorOptions {
  model: SimModel;
  /** TCP port; 0 picks a free one. @defaultValue 0 */
  port?: number;
  /** Bearer token accepted; anything else is a 401. @defaultValue {@link DEFAULT_HUBSPOT_SIM_TOKEN} */
  token?: string;
  /** Sets burst (100/190/190 per 10 s) and daily limits. @defaultValue 'professional' */
  tier?: HubSpotTier;
  /** Multiplies the burst and search windows (0.1: 1-second burst window, same count). @defaultValue 1 */
  timeScale?: number;
  /** Search index lag in wall-clock ms (search-index.ts). @defaultValue 0 */
  searchLagMs?: number;
  faults?: FaultPlan;
  pageSizes?: Partial<HubSpotPageSizes>;
  /** Overrides of the tier's bucket sizes, for tests. */
  limits?: RateLimitOverrides;
}

/** Request counts of a running simulator. */
export interface HubSpotSimulatorStats {
  /** `"GET /crm/v3/objects/:type"` -> status (or `"dropped"`) -> count. */
  requests: Record<string, Record<string, number>>;
  total: number;
  /** 429s sent, from the buckets and from faults. */
  rateLimited: number;
  rateLimitedByPolicy: Record<string, number>;
  faultsFired: number;
  timeScale: number;
  dailyUsage: number;
}

export interface HubSpotSimulator {
  baseUrl: string;
  token: string;
  ids: HubSpotIds;
  faults: FaultController;
  stats(): HubSpotSimulatorStats;
  /** Drops every serving cache (the server also detects writes itself; see store.ts). */
  invalidate(): void;
  close(): Promise<void>;
}

const ROUTES: Route[] = [
  ...searchRoutes,
  ...objectRoutes,
  ...associationRoutes,
  ...pipelineRoutes,
  ...ownerRoutes,
  ...accountRoutes,
  ...propertyRoutes,
];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw validationError('Invalid input JSON on line 1: the body is not valid JSON');
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Starts the simulator; resolves once it listens. */
export async function startHubSpotSimulator(options: HubSpotSimulatorOptions): Promise<HubSpotSimulator> {
  const { model } = options;
  const token = options.token ?? DEFAULT_HUBSPOT_SIM_TOKEN;
  const timeScale = options.timeScale ?? 1;
  const ids = createHubSpotIds(model);
  const store = new Store(model, ids);
  const limiter = new RateLimiter({
    tier: options.tier ?? 'professional',
    timeScale,
    modelNow: () => model.now,
    timeZone: model.account.timeZone,
    ...options.limits,
  });
  const searchIndex = new SearchIndex(store, options.searchLagMs ?? 0);
  searchIndex.seed();
  const ctx: RouteContext = {
    store,
    sizes: { ...DEFAULT_PAGE_SIZES, ...options.pageSizes },
    limiter,
    searchIndex,
    timeScale,
  };
  const faults = new FaultController(options.faults);
  const counts = new Map<string, Map<string, number>>();
  const limited: Record<string, number> = {};

  const count = (route: string, status: string) => {
    let byStatus = counts.get(route);
    if (!byStatus) {
      byStatus = new Map();
      counts.set(route, byStatus);
    }
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  };

  const answer = async (
    req: IncomingMessage,
    url: URL,
    route: Route,
    params: Record<string, string>,
    rawBody: string,
    fired: Fault[],
    arrivedAt: number,
  ): Promise<SimReply> => {
    const delay = fired.find((f) => f.kind === 'slow');
    if (delay) await sleep(delay.delayMs);
    const injected = fired.find((f) => f.kind === 'rate-limit' || f.kind === 'server-error' || f.kind === 'empty-body');
    if (injected?.kind === 'rate-limit')
      throw rateLimited(injected.policy ?? 'TEN_SECONDLY_ROLLING', injected.retryAfterSeconds);
    if (injected?.kind === 'server-error' && injected.format !== 'html') throw serverError(injected.status ?? 500);
    const refused = limiter.take(route.search ? 'search' : 'standard', arrivedAt);
    if (refused) throw refused;
    const body = parseJson(rawBody);
    store.refresh();
    return route.handler(
      { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body, params },
      ctx,
    );
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const arrivedAt = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const { route, params } = matchRoute(ROUTES, method, url.pathname);
    const routeKey = `${method} ${route?.pattern ?? url.pathname}`;
    const fired = route ? faults.take(method, url.pathname) : [];
    const answerFault = fired.find(
      (f) => f.kind === 'drop' || (f.kind === 'server-error' && f.format === 'html') || f.kind === 'empty-body',
    );
    const out: Outgoing = { correlationId: randomUUID(), rateHeaders: !route?.search, headers: {} };
    const rawBody = await readBody(req);
    let reply: SimReply;
    try {
      if ((req.url ?? '').length > MAX_REQUEST_URI_CHARS) throw uriTooLong();
      if (!route) throw notFound(`No route for ${method} ${url.pathname}`);
      if (req.headers.authorization !== `Bearer ${token}`) throw unauthorized();
      if (answerFault?.kind === 'drop') {
        count(routeKey, 'dropped');
        res.socket?.destroy();
        return;
      }
      reply = await answer(req, url, route, params, rawBody, fired, arrivedAt);
    } catch (err) {
      const e = err instanceof HubSpotHttpError ? err : serverError(500);
      if (!(err instanceof HubSpotHttpError)) out.headers['X-Simulator-Error'] = String(err).slice(0, 200);
      reply = { status: e.status, body: e.body };
      Object.assign(out.headers, e.headers);
      if (e.status === 401) out.rateHeaders = false;
      if (e.status === 429) {
        const policy = String(e.body.policyName);
        limited[policy] = (limited[policy] ?? 0) + 1;
      }
    }
    if (reply.status < 300 && answerFault?.kind === 'server-error') {
      const status = answerFault.status ?? 502;
      count(routeKey, String(status));
      res.writeHead(status, { 'Content-Type': 'text/html', 'X-HubSpot-Correlation-Id': out.correlationId });
      res.end(htmlErrorPage(status));
      return;
    }
    if (reply.status < 300 && answerFault?.kind === 'empty-body') out.emptyBody = true;
    if (reply.status < 300) applyShapeFaults(reply.body, fired, out);
    if (out.rateHeaders && route) Object.assign(out.headers, limiter.headers());
    count(routeKey, String(reply.status));
    send(res, reply, out);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'Content-Type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify({ status: 'error', message: String(err), correlationId: randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    token,
    ids,
    faults,
    invalidate: () => store.invalidate(),
    stats() {
      const requests: Record<string, Record<string, number>> = {};
      let total = 0;
      for (const [route, byStatus] of counts) {
        requests[route] = Object.fromEntries(byStatus);
        for (const n of byStatus.values()) total += n;
      }
      const rateLimitedCount = Object.values(limited).reduce((a, b) => a + b, 0);
      return {
        requests,
        total,
        rateLimited: rateLimitedCount,
        rateLimitedByPolicy: { ...limited },
        faultsFired: faults.fired(),
        timeScale,
        dailyUsage: limiter.dailyUsage(),
      };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
