/**
 * Token-based rate limits of a simulated Pipedrive company (pipedrive-api.md §3): a daily token budget shared by
 * the company (30,000 × plan multiplier × seats), a fixed token cost per operation, and a rolling 2-second burst
 * window per token (API token or OAuth, plan-dependent).
 *
 * Clocks: the burst window is real elapsed time (`performance.now`) shrunk by `timeScale`, because it throttles
 * the caller's real request rate. The daily budget follows the **model** clock and resets at midnight UTC (the
 * server's zone is not named by Pipedrive; UTC is the documented guess), so a test can exhaust it and move the
 * clock. A request is refused once nothing is left; the one that crosses zero is still served (its cost is taken
 * in full and the header shows 0), so `x-daily-ratelimit-token-remaining: 0` always means "exhausted".
 */
import { performance } from 'node:perf_hooks';
import { type PipedriveHttpError, rateLimited } from './errors.js';

/** Current plan names and the legacy ones (pipedrive-api.md §3.1). */
export type PipedrivePlan =
  | 'lite'
  | 'growth'
  | 'premium'
  | 'ultimate'
  | 'essential'
  | 'advanced'
  | 'professional'
  | 'power'
  | 'enterprise';

/** Budget multiplier and burst ceilings (requests per 2 s) for API tokens and OAuth apps. */
export const PLAN_LIMITS: Readonly<
  Record<PipedrivePlan, { multiplier: number; burstToken: number; burstOAuth: number }>
> = {
  lite: { multiplier: 1, burstToken: 20, burstOAuth: 80 },
  growth: { multiplier: 2, burstToken: 40, burstOAuth: 160 },
  premium: { multiplier: 5, burstToken: 100, burstOAuth: 400 },
  ultimate: { multiplier: 7, burstToken: 120, burstOAuth: 480 },
  essential: { multiplier: 1, burstToken: 20, burstOAuth: 80 },
  advanced: { multiplier: 2, burstToken: 40, burstOAuth: 160 },
  professional: { multiplier: 3, burstToken: 80, burstOAuth: 320 },
  power: { multiplier: 5, burstToken: 100, burstOAuth: 400 },
  enterprise: { multiplier: 7, burstToken: 120, burstOAuth: 480 },
};
export const TOKENS_PER_SEAT = 30_000;
export const BURST_WINDOW_MS = 2_000;
const DAY_MS = 86_400_000;
/** The legacy 2019 fair-use cap on POST/PUT per day; the simulator serves reads only, so it never moves. */
export const DAILY_WRITE_REQUESTS = 10_000;

/**
 * Token cost per operation (`x-token-cost` of the 2026-08 spec; pipedrive-api.md §3.1), keyed by the route as
 * the router names it. Every route of the simulator has an entry.
 */
export const TOKEN_COSTS: Readonly<Record<string, number>> = {
  'GET /api/v2/deals': 10,
  'GET /api/v2/deals/archived': 20,
  'GET /api/v2/deals/:id': 1,
  'GET /api/v2/activities': 10,
  'GET /api/v2/persons': 10,
  'GET /api/v2/organizations': 10,
  'GET /api/v2/pipelines': 5,
  'GET /api/v2/stages': 5,
  'GET /api/v2/dealFields': 10,
  'GET /api/v2/organizationFields': 10,
  'GET /v1/deals/:id/changelog': 20,
  'GET /v1/deals/:id/flow': 40,
  'GET /v1/users': 20,
  'GET /v1/users/me': 2,
  'GET /v1/leads': 20,
  'GET /v1/leads/archived': 40,
  'GET /v1/callLogs': 20,
  'GET /v1/notes': 20,
  'GET /v1/dealFields': 20,
  'GET /v1/organizationFields': 20,
  'GET /v1/currencies': 20,
  'GET /v1/activityTypes': 20,
};

/** How the request authenticated: API token (header or query) or OAuth Bearer. */
export type AuthKind = 'api_token' | 'oauth';

export interface RateLimiterOptions {
  plan: PipedrivePlan;
  seats: number;
  /** Daily token budget; overrides plan × seats (top-ups, or a small budget in tests). */
  budget?: number;
  /** Burst ceiling per 2 s window; overrides the plan's. */
  burst?: number;
  /** Multiplies the 2 s window (0.1: a 200 ms window with the same count). */
  timeScale: number;
  modelNow: () => number;
  /** Consecutive 429s after which the token gets an HTML 403 for a while. */
  blockAfter429s: number;
}

/** Timestamps in a rolling window, pruned from the front. */
class RollingWindow {
  private stamps: number[] = [];
  constructor(readonly windowMs: number) {}
  count(now: number): number {
    let drop = 0;
    while (drop < this.stamps.length && this.stamps[drop]! <= now - this.windowMs) drop++;
    if (drop > 0) this.stamps.splice(0, drop);
    return this.stamps.length;
  }
  /** Ms until the oldest stamp leaves the window (0 when empty). */
  msUntilFree(now: number): number {
    const oldest = this.stamps[0];
    return oldest === undefined ? 0 : Math.max(0, oldest + this.windowMs - now);
  }
  add(now: number): void {
    this.stamps.push(now);
  }
}

/** The daily budget, the burst windows per token, and the headers that report them. */
export class RateLimiter {
  readonly dailyLimit: number;
  private readonly windows = new Map<string, RollingWindow>();
  private dayKey = -1;
  private used = 0;
  private consecutive429 = 0;
  private blockedUntil = 0;

  constructor(private readonly o: RateLimiterOptions) {
    this.dailyLimit = o.budget ?? TOKENS_PER_SEAT * PLAN_LIMITS[o.plan].multiplier * o.seats;
  }

  /** Burst ceiling per 2 s for an auth kind. */
  burstLimit(auth: AuthKind): number {
    if (this.o.burst !== undefined) return auth === 'oauth' ? this.o.burst * 4 : this.o.burst;
    const plan = PLAN_LIMITS[this.o.plan];
    return auth === 'oauth' ? plan.burstOAuth : plan.burstToken;
  }

  /** Tokens used today (model-clock UTC day). */
  usedToday(): number {
    this.rollDay();
    return this.used;
  }

  remaining(): number {
    this.rollDay();
    return Math.max(0, this.dailyLimit - this.used);
  }

  private rollDay(): void {
    const key = Math.floor(this.o.modelNow() / DAY_MS);
    if (key !== this.dayKey) {
      this.dayKey = key;
      this.used = 0;
    }
  }

  private window(key: string): RollingWindow {
    let w = this.windows.get(key);
    if (!w) {
      w = new RollingWindow(BURST_WINDOW_MS * this.o.timeScale);
      this.windows.set(key, w);
    }
    return w;
  }

  /** Seconds for a header: whole seconds at full scale, milliseconds precision when the window is shrunk. */
  private seconds(ms: number): string {
    return this.o.timeScale >= 1 ? String(Math.ceil(ms / 1000)) : String(Math.ceil(ms) / 1000);
  }

  /** Takes `cost` tokens and one burst slot, or returns the 429 to send; refused requests cost nothing. */
  take(auth: AuthKind, tokenKey: string, cost: number): PipedriveHttpError | undefined {
    this.rollDay();
    const now = performance.now();
    if (this.used >= this.dailyLimit) {
      const resetMs = (this.dayKey + 1) * DAY_MS - this.o.modelNow();
      return this.refuse(rateLimited(Math.max(1, Math.ceil(resetMs / 1000))));
    }
    const w = this.window(`${auth}:${tokenKey}`);
    if (w.count(now) >= this.burstLimit(auth)) {
      return this.refuse(rateLimited(this.seconds(Math.max(1, w.msUntilFree(now)))));
    }
    w.add(now);
    this.used += cost;
    this.consecutive429 = 0;
    return undefined;
  }

  private refuse(err: PipedriveHttpError): PipedriveHttpError {
    this.note429();
    return err;
  }

  /** Counts a 429 (from the buckets or a fault); enough in a row block the token (Cloudflare 403). */
  note429(): void {
    this.consecutive429++;
    if (this.consecutive429 >= this.o.blockAfter429s) {
      this.blockedUntil = performance.now() + 60_000 * this.o.timeScale;
      this.consecutive429 = 0;
    }
  }

  /** Whether the token is behind the Cloudflare block now. */
  blocked(): boolean {
    return performance.now() < this.blockedUntil;
  }

  /** Rate and budget headers of a response (pipedrive-api.md §3.2). */
  headers(auth: AuthKind, tokenKey: string): Record<string, string> {
    const now = performance.now();
    const w = this.window(`${auth}:${tokenKey}`);
    const limit = this.burstLimit(auth);
    const inWindow = w.count(now);
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - inWindow)),
      'x-ratelimit-reset': this.seconds(inWindow === 0 ? BURST_WINDOW_MS * this.o.timeScale : w.msUntilFree(now)),
      'x-daily-ratelimit-token-limit': String(this.dailyLimit),
      'x-daily-ratelimit-token-remaining': String(this.remaining()),
    };
    if (auth === 'api_token') headers['x-daily-requests-left'] = String(DAILY_WRITE_REQUESTS);
    return headers;
  }
}
