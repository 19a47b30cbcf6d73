/**
 * A Pipedrive-shaped HTTP server over a {@link SimModel} (node:http only), for the official `pipedrive` client
 * and the connector alike, on the endpoints a sync needs (pipedrive-api.md §9). Pipeline per request: route (404)
 * -> auth (401) -> Cloudflare block (403 HTML) -> faults -> burst window and daily budget (429) -> handler ->
 * rate and budget headers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Fault, FaultController, type FaultPlan } from '../faults.js';
import type { SimModel } from '../model.js';
import { accountRoutes } from './account.js';
import { dealRoutes } from './deals.js';
import {
  cloudflareBlockPage,
  errorEnvelope,
  htmlErrorPage,
  PipedriveHttpError,
  rateLimited,
  serverError,
  unauthorized,
} from './errors.js';
import { DEFAULT_PAGE_SIZES, type PipedrivePageSizes, type Route, type RouteContext, type SimReply } from './http.js';
import { createPipedriveIds, type PipedriveIds } from './ids.js';
import { v1ListRoutes } from './leads.js';
import { type AuthKind, type PipedrivePlan, RateLimiter, TOKEN_COSTS } from './limits.js';
import { pipelineRoutes } from './pipelines.js';
import { recordRoutes } from './records.js';
import { canonicalPath, matchRoute } from './router.js';
import { applyShapeFaults, type Outgoing, send } from './send.js';
import { Store } from './store.js';

/** The API token the simulator accepts when none is given (40 hex, like a real one). */
export const DEFAULT_PIPEDRIVE_SIM_TOKEN = '0123456789abcdef0123456789abcdef01234567';

export interface PipedriveSimulatorOptions {
  model: SimModel;
  /** TCP port; 0 picks a free one. @defaultValue 0 */
  port?: number;
  /** Token accepted as `x-api-token`, `?api_token=` or Bearer. @defaultValue {@link DEFAULT_PIPEDRIVE_SIM_TOKEN} */
  token?: string;
  /** Sets the budget multiplier and the burst ceiling. @defaultValue 'growth' */
  plan?: PipedrivePlan;
  /** Seats in the daily budget (30,000 × multiplier × seats). @defaultValue the model's active users (≥ 1) */
  seats?: number;
  /** Daily token budget, overriding plan × seats (top-ups; small budgets in tests). */
  budget?: number;
  /** Multiplies the 2 s burst window and the Cloudflare block (0.1: a 200 ms window). @defaultValue 1 */
  timeScale?: number;
  faults?: FaultPlan;
  pageSizes?: Partial<PipedrivePageSizes>;
  /** Test overrides: burst ceiling per window, and consecutive 429s before the HTML 403 (default 50). */
  limits?: { burst?: number; blockAfter429s?: number };
}

/** Request counts and token use of a running simulator. */
export interface PipedriveSimulatorStats {
  /** `"GET /api/v2/deals"` -> status (or `"dropped"`) -> count. */
  requests: Record<string, Record<string, number>>;
  total: number;
  /** 429s sent, from the buckets and from faults. */
  rateLimited: number;
  faultsFired: number;
  timeScale: number;
  /** Tokens today (model-clock UTC day): the company budget, used and left. */
  tokens: { limit: number; used: number; remaining: number };
}

export interface PipedriveSimulator {
  baseUrl: string;
  token: string;
  ids: PipedriveIds;
  faults: FaultController;
  stats(): PipedriveSimulatorStats;
  /** Drops every serving cache (the server also detects writes itself; see store.ts). */
  invalidate(): void;
  close(): Promise<void>;
}

const ROUTES: Route[] = [...dealRoutes, ...recordRoutes, ...pipelineRoutes, ...accountRoutes, ...v1ListRoutes];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Which credential the request carries, if it is the accepted token. */
function authenticate(req: IncomingMessage, url: URL, token: string): AuthKind | undefined {
  if (req.headers['x-api-token'] === token || url.searchParams.get('api_token') === token) return 'api_token';
  if (req.headers.authorization === `Bearer ${token}`) return 'oauth';
  return undefined;
}

/** Starts the simulator; resolves once it listens. */
export async function startPipedriveSimulator(options: PipedriveSimulatorOptions): Promise<PipedriveSimulator> {
  const { model } = options;
  const token = options.token ?? DEFAULT_PIPEDRIVE_SIM_TOKEN;
  const timeScale = options.timeScale ?? 1;
  const ids = createPipedriveIds(model);
  const store = new Store(model, ids);
  const limiter = new RateLimiter({
    plan: options.plan ?? 'growth',
    seats: options.seats ?? Math.max(1, model.users.filter((u) => !u.archived).length),
    timeScale,
    modelNow: () => model.now,
    blockAfter429s: options.limits?.blockAfter429s ?? 50,
    ...(options.budget === undefined ? {} : { budget: options.budget }),
    ...(options.limits?.burst === undefined ? {} : { burst: options.limits.burst }),
  });
  const ctx: RouteContext = { store, sizes: { ...DEFAULT_PAGE_SIZES, ...options.pageSizes } };
  const faults = new FaultController(options.faults);
  const counts = new Map<string, Map<string, number>>();
  let limitedCount = 0;

  const count = (route: string, status: string) => {
    let byStatus = counts.get(route);
    if (!byStatus) {
      byStatus = new Map();
      counts.set(route, byStatus);
    }
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  };

  const answer = async (
    route: Route,
    path: string,
    url: URL,
    params: Record<string, string>,
    auth: AuthKind,
    fired: Fault[],
  ): Promise<SimReply> => {
    const delay = fired.find((f) => f.kind === 'slow');
    if (delay) await sleep(delay.delayMs);
    const injected = fired.find((f) => f.kind === 'rate-limit' || f.kind === 'server-error');
    if (injected?.kind === 'rate-limit') {
      limiter.note429();
      throw rateLimited(injected.retryAfterSeconds);
    }
    if (injected?.kind === 'server-error' && injected.format !== 'html') throw serverError(injected.status ?? 500);
    const refused = limiter.take(auth, token, TOKEN_COSTS[`${route.method} ${route.pattern}`] ?? 20);
    if (refused) throw refused;
    store.refresh();
    return route.handler({ method: route.method, path, query: url.searchParams, params }, ctx);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const path = canonicalPath(url.pathname);
    const { route, params } = matchRoute(ROUTES, method, path);
    const routeKey = `${method} ${route?.pattern ?? url.pathname}`;
    const auth = authenticate(req, url, token);
    const out: Outgoing = { headers: {} };
    req.resume(); // GET only: drain any body so the socket can be reused
    if (route && auth && limiter.blocked()) {
      count(routeKey, '403');
      res.writeHead(403, { 'Content-Type': 'text/html' });
      res.end(cloudflareBlockPage());
      return;
    }
    const fired = route && auth ? faults.take(method, path) : [];
    const answerFault = fired.find(
      (f) => f.kind === 'drop' || (f.kind === 'server-error' && f.format === 'html') || f.kind === 'empty-body',
    );
    let reply: SimReply;
    try {
      if (!route) throw new PipedriveHttpError(404, errorEnvelope(`Unknown method ${method} ${url.pathname}`));
      if (!auth) throw unauthorized();
      if (answerFault?.kind === 'drop') {
        count(routeKey, 'dropped');
        res.socket?.destroy();
        return;
      }
      reply = await answer(route, path, url, params, auth, fired);
    } catch (err) {
      const e = err instanceof PipedriveHttpError ? err : serverError(500);
      if (!(err instanceof PipedriveHttpError)) out.headers['X-Simulator-Error'] = String(err).slice(0, 200);
      reply = { status: e.status, body: e.body };
      Object.assign(out.headers, e.headers);
      if (e.status === 429) limitedCount++;
    }
    if (reply.status < 300 && answerFault?.kind === 'server-error') {
      const status = answerFault.status ?? 502;
      count(routeKey, String(status));
      res.writeHead(status, { 'Content-Type': 'text/html' });
      res.end(htmlErrorPage(status));
      return;
    }
    if (reply.status < 300 && answerFault?.kind === 'empty-body') out.emptyBody = true;
    if (reply.status < 300) applyShapeFaults(reply.body, fired, out);
    // A 401 cannot be tied to a company, so it carries no rate or budget headers.
    if (route && auth) Object.assign(out.headers, limiter.headers(auth, token));
    count(routeKey, String(reply.status));
    send(res, reply, out);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(errorEnvelope(String(err))));
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
      return {
        requests,
        total,
        rateLimited: limitedCount,
        faultsFired: faults.fired(),
        timeScale,
        tokens: { limit: limiter.dailyLimit, used: limiter.usedToday(), remaining: limiter.remaining() },
      };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
