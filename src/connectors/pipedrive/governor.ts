/**
 * The token governor: Pipedrive meters a company-wide daily token budget (30,000 × plan multiplier × seats, shared
 * by every integration of the company) plus a per-token burst window of 2 s (pipedrive-api.md §3). The governor
 * knows each call's cost, spends only down to a reserve kept for the company's other integrations, and stays
 * under the burst limit, so steady state never meets a 429.
 */
import { CrmRateLimitError } from '../../lib/errors';
import { type Release, RollingWindow, realSleep, type Sleep } from './limiter';

const DAY_MS = 86_400_000;
/** The burst window (§3.1). */
export const BURST_WINDOW_MS = 2_000;

/** Plan multipliers of the daily budget: current plans and the legacy ones (§3.1). */
export const PLAN_MULTIPLIERS = {
  lite: 1,
  growth: 2,
  premium: 5,
  ultimate: 7,
  essential: 1,
  advanced: 2,
  professional: 3,
  power: 5,
  enterprise: 7,
} as const;
export type PipedrivePlan = keyof typeof PLAN_MULTIPLIERS;

/** API-token burst limits per 2 s (§3.1). */
export const BURST_PER_WINDOW: Readonly<Record<PipedrivePlan, number>> = {
  lite: 20,
  essential: 20,
  growth: 40,
  advanced: 40,
  premium: 100,
  ultimate: 120,
  enterprise: 120,
  professional: 80,
  power: 100,
};

/**
 * The share of the plan's burst limit we use: 95 %, as the HubSpot limiter uses 180 of 190. The window counts a
 * request from its arrival until its answer is back (lib/rolling-window.ts), so it never lands more than this in
 * any server window; the rest is left for other users of the token.
 */
const BURST_SHARE = 0.95;

/** Requests per 2 s window we allow ourselves on a plan (no plan configured: the lowest plans' 20). */
export function ourBurstPerWindow(plan: PipedrivePlan | undefined): number {
  return Math.floor((plan === undefined ? 20 : BURST_PER_WINDOW[plan]) * BURST_SHARE);
}

/** `30,000 × multiplier × seats`, or null when plan or seats are not configured. */
export function dailyBudgetOf(plan: PipedrivePlan | undefined, seats: number | undefined): number | null {
  if (plan === undefined || seats === undefined) return null;
  return 30_000 * PLAN_MULTIPLIERS[plan] * seats;
}

/** Token costs per call (§3.1, `x-token-cost` of the 2026-08 spec); first match wins. */
const COSTS: readonly [RegExp, number][] = [
  [/^GET \/api\/v2\/deals\/archived$/, 20],
  [/^GET \/api\/v2\/deals\/\d+$/, 1],
  [/^GET \/api\/v2\/(deals|activities|persons|organizations)$/, 10],
  [/^GET \/api\/v2\/(pipelines|stages)$/, 5],
  [/^GET \/api\/v2\/(dealFields|organizationFields)$/, 10],
  [/^GET \/api\/v2\/.*\/search$/, 20],
  [/^GET \/v1\/deals\/\d+\/changelog$/, 20],
  [/^GET \/v1\/deals\/\d+\/flow$/, 40],
  [/^GET \/v1\/users\/me$/, 2],
  [/^GET \/v1\/leads\/archived$/, 40],
  [/^GET \/v1\/(users|leads|callLogs|notes|currencies|activityTypes|recents|dealFields|organizationFields)$/, 20],
  // The generic v1 table (§3.1): get one 2.
  [/^GET \/v1\/[A-Za-z]+\/[^/]+$/, 2],
];

/** The token cost of `GET /api/v2/deals` and friends; unknown calls are charged as a v1 list (20). */
export function tokenCost(method: string, path: string): number {
  const key = `${method.toUpperCase()} ${path.replace(/^\/api\/v1\//, '/v1/')}`;
  return COSTS.find(([pattern]) => pattern.test(key))?.[1] ?? 20;
}

/** Budget figures for `stats()` and `pulse status`. */
export interface TokenUsage {
  /** Tokens this governor spent (all days it ran). */
  used: number;
  /** Tokens left today above the reserve; null while neither config nor headers told the budget. */
  left: number | null;
}

/**
 * Decides whether and when a call may go. Kept as an interface so a Redis-backed governor can share one budget
 * and one burst window between several workers of a company.
 */
export interface TokenGovernor {
  /**
   * Waits for a burst slot and spends `tokens`. Throws `CrmRateLimitError` with `daily: true` when the budget
   * above the reserve cannot cover them (the job stops and resumes after the reset). Resolves with the burst
   * slot's release, to call once the answer is back (see src/lib/rolling-window.ts).
   */
  acquire(tokens: number, endpoint: string, signal?: AbortSignal): Promise<Release>;
  /** Reads the budget and burst headers of an answer (`x-daily-ratelimit-token-*`, `x-ratelimit-*`). */
  observe(headers: Readonly<Record<string, string>>): void;
  /** Whether `tokens` more fit above the reserve: streams ask before a page so they stop between pages. */
  canAfford(tokens: number): boolean;
  /** Milliseconds until the budget resets (server midnight; UTC assumed, §3.1 unverified). */
  msUntilReset(): number;
  usage(): TokenUsage;
}

export interface GovernorOptions {
  /** The company's daily budget from config (`dailyBudgetOf`); headers override it when they disagree. */
  dailyBudget: number | null;
  /** Share of the daily budget left for the company's other integrations. @defaultValue 20 */
  reservePercent?: number;
  /** Requests per 2 s window. @defaultValue 90 % of the plan's limit, 18 when the plan is unknown */
  burstPerWindow?: number;
  burstWindowMs?: number;
  /** Real elapsed time (never the simulator's frozen clock). */
  clock?: () => number;
  sleep?: Sleep;
  log?: { warn(obj: object, msg: string): void };
}

/** The in-process governor: one worker per company. */
export class LocalTokenGovernor implements TokenGovernor {
  private readonly burst: RollingWindow;
  private readonly clock: () => number;
  private readonly sleep: Sleep;
  private readonly reservePercent: number;
  private day: number;
  private totalUsed = 0;
  private usedToday = 0;
  /** Budget and what is left according to the last budget headers, minus what we spent since. */
  private headerLimit: number | null = null;
  private headerRemaining: number | null = null;
  private burstBlockedUntil = 0;
  private warnedMismatch = false;

  constructor(private readonly options: GovernorOptions) {
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.reservePercent = Math.min(Math.max(options.reservePercent ?? 20, 0), 95);
    this.burst = new RollingWindow(options.burstPerWindow ?? 18, options.burstWindowMs ?? BURST_WINDOW_MS, this.clock);
    this.day = Math.floor(this.clock() / DAY_MS);
  }

  async acquire(tokens: number, endpoint: string, signal?: AbortSignal): Promise<Release> {
    this.ensureAffordable(tokens, endpoint);
    // Re-check after every sleep: concurrent callers may have taken the slot we waited for.
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock();
      const wait = Math.max(this.burst.waitMs(now), this.burstBlockedUntil - now);
      if (wait <= 0) break;
      await this.sleep(wait, signal);
    }
    // And the budget again, checked and spent in the same synchronous step: callers that passed the first
    // check together and then waited for burst slots would otherwise all spend, into the reserve (the bench's
    // small-budget days ended 22-32 tokens past it with four changelog reads in flight).
    this.ensureAffordable(tokens, endpoint);
    const release = this.burst.grant(this.clock());
    this.totalUsed += tokens;
    this.usedToday += tokens;
    if (this.headerRemaining !== null) this.headerRemaining -= tokens;
    return release;
  }

  /** Throws the daily stop when `tokens` do not fit above the reserve. */
  private ensureAffordable(tokens: number, endpoint: string): void {
    this.rollDay();
    const left = this.left();
    if (left !== null && left < tokens) {
      throw new CrmRateLimitError(
        `pipedrive daily token budget: ${tokens} needed for ${endpoint}, ${Math.max(left, 0)} left above the ${this.reservePercent} % reserve`,
        this.msUntilReset(),
        endpoint,
        true,
      );
    }
  }

  observe(headers: Readonly<Record<string, string>>): void {
    this.rollDay();
    const limit = numberOf(headers['x-daily-ratelimit-token-limit']);
    const remaining = numberOf(headers['x-daily-ratelimit-token-remaining']);
    // The pair is undocumented and sometimes missing (§3.2): keep the last values when absent.
    if (limit !== null) {
      this.headerLimit = limit;
      const configured = this.options.dailyBudget;
      if (configured !== null && configured !== limit && !this.warnedMismatch) {
        this.warnedMismatch = true;
        this.options.log?.warn(
          { configured, reported: limit },
          'pipedrive budget headers disagree with plan × seats (top-ups or a plan change?): using the headers',
        );
      }
    }
    // Smallest wins within a day, as in the Redis governor: answers arrive out of order, and an older (larger)
    // figure must not undo spending already counted for requests still in flight.
    if (remaining !== null) this.headerRemaining = Math.min(remaining, this.headerRemaining ?? remaining);
    const burstLimit = numberOf(headers['x-ratelimit-limit']);
    if (burstLimit !== null && burstLimit > 0 && burstLimit < this.burst.limit) this.burst.limit = burstLimit;
    if (numberOf(headers['x-ratelimit-remaining']) === 0) {
      const resetS = numberOf(headers['x-ratelimit-reset']) ?? 2;
      this.burstBlockedUntil = this.clock() + resetS * 1_000;
    }
  }

  canAfford(tokens: number): boolean {
    this.rollDay();
    const left = this.left();
    return left === null || left >= tokens;
  }

  msUntilReset(): number {
    return Math.max(1_000, (this.day + 1) * DAY_MS - this.clock());
  }

  usage(): TokenUsage {
    this.rollDay();
    const left = this.left();
    return { used: this.totalUsed, left: left === null ? null : Math.max(0, left) };
  }

  /** Tokens spendable above the reserve: the tighter of our own count and the server's. */
  private left(): number | null {
    const limit = this.headerLimit ?? this.options.dailyBudget;
    if (limit === null) return null;
    const reserve = Math.ceil((limit * this.reservePercent) / 100);
    const own =
      this.options.dailyBudget === null ? null : (this.headerLimit ?? this.options.dailyBudget) - this.usedToday;
    const remaining = [own, this.headerRemaining].filter((v): v is number => v !== null);
    if (remaining.length === 0) return null;
    return Math.min(...remaining) - reserve;
  }

  private rollDay(): void {
    const day = Math.floor(this.clock() / DAY_MS);
    if (day === this.day) return;
    // A new server day: our spend restarts and yesterday's header figures are stale.
    this.day = day;
    this.usedToday = 0;
    this.headerRemaining = null;
  }
}

function numberOf(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
