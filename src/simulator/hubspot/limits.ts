/**
 * Rate buckets of a simulated portal (hubspot-api.md §3): a rolling burst window per app, a 5 req/s search
 * bucket per account, and a daily count.
 *
 * Clocks: the burst and search windows are real elapsed time (`performance.now`), shrunk by `timeScale`, because
 * they throttle the caller's real request rate. The daily bucket follows the **model** clock: it resets when
 * `model.now` crosses midnight in the account's time zone, so a test can exhaust it and move the clock.
 */
import { performance } from 'node:perf_hooks';
import { type HubSpotHttpError, type RateLimitPolicy, rateLimited } from './errors.js';

/** Subscription tier; sets the burst and daily limits. */
export type HubSpotTier = 'starter' | 'professional' | 'enterprise';

/** 2025 usage guidelines: burst per 10 s and requests per day. */
export const TIER_LIMITS: Readonly<Record<HubSpotTier, { burst: number; daily: number }>> = {
  starter: { burst: 100, daily: 250_000 },
  professional: { burst: 190, daily: 625_000 },
  enterprise: { burst: 190, daily: 1_000_000 },
};
export const BURST_WINDOW_MS = 10_000;
export const SEARCH_WINDOW_MS = 1_000;
export const SEARCH_PER_WINDOW = 5;

/** Overrides for tests; unset values come from the tier. */
export interface RateLimitOverrides {
  burst?: number;
  daily?: number;
  searchPerSecond?: number;
}

export interface RateLimiterOptions extends RateLimitOverrides {
  tier: HubSpotTier;
  /** Multiplies the burst and search windows (0.1: a 1-second burst window with the same count). */
  timeScale: number;
  modelNow: () => number;
  timeZone: string;
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
  countSince(since: number): number {
    let n = 0;
    for (let i = this.stamps.length - 1; i >= 0 && this.stamps[i]! > since; i--) n++;
    return n;
  }
  /** Keeps stamps sorted: requests are stamped on arrival but may be handled slightly out of order. */
  add(now: number): void {
    let i = this.stamps.length;
    while (i > 0 && this.stamps[i - 1]! > now) i--;
    this.stamps.splice(i, 0, now);
  }
}

/** Local calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** The next local midnight after `ms` in `timeZone`, searched hour by hour (DST-safe, at most 26 steps). */
export function nextLocalMidnight(ms: number, timeZone: string): number {
  const today = localDate(ms, timeZone);
  let t = Math.floor(ms / 3_600_000) * 3_600_000;
  while (localDate(t, timeZone) === today) t += 3_600_000;
  // Zones with half-hour offsets cross midnight between whole UTC hours: step back by minutes.
  while (localDate(t - 60_000, timeZone) !== today) t -= 60_000;
  return t;
}

/** The buckets and the headers that report them. */
export class RateLimiter {
  readonly burstMax: number;
  readonly dailyMax: number;
  readonly searchMax: number;
  private readonly burst: RollingWindow;
  private readonly search: RollingWindow;
  private dailyKey = '';
  private dailyCount = 0;

  constructor(private readonly o: RateLimiterOptions) {
    const tier = TIER_LIMITS[o.tier];
    this.burstMax = o.burst ?? tier.burst;
    this.dailyMax = o.daily ?? tier.daily;
    this.searchMax = o.searchPerSecond ?? SEARCH_PER_WINDOW;
    this.burst = new RollingWindow(BURST_WINDOW_MS * o.timeScale);
    this.search = new RollingWindow(SEARCH_WINDOW_MS * o.timeScale);
  }

  /** Requests counted today (model-clock day in the account zone). */
  dailyUsage(): number {
    this.rollDay();
    return this.dailyCount;
  }

  /** When the daily bucket resets (epoch ms, model clock). */
  dailyResetsAt(): number {
    return nextLocalMidnight(this.o.modelNow(), this.o.timeZone);
  }

  private rollDay(): void {
    const key = localDate(this.o.modelNow(), this.o.timeZone);
    if (key !== this.dailyKey) {
      this.dailyKey = key;
      this.dailyCount = 0;
    }
  }

  /** Takes one request from the buckets, or returns the 429 to send; rejected requests are not counted. */
  /**
   * Counts one request. `arrivedAt` is when it reached the server (HubSpot counts arrivals): a busy simulator that
   * handles queued requests late must not bunch them into one window.
   */
  take(kind: 'search' | 'standard', arrivedAt = performance.now()): HubSpotHttpError | undefined {
    this.rollDay();
    if (this.dailyCount >= this.dailyMax) return rateLimited('DAILY');
    const now = arrivedAt;
    const bucket = kind === 'search' ? this.search : this.burst;
    const max = kind === 'search' ? this.searchMax : this.burstMax;
    if (bucket.count(now) >= max) return rateLimited(kind === 'search' ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING');
    bucket.add(now);
    this.dailyCount++;
    return undefined;
  }

  /** `X-HubSpot-RateLimit-*` headers of a non-search response (private-app form, with the daily pair). */
  headers(): Record<string, string> {
    const now = performance.now();
    const inBurst = this.burst.count(now);
    const secondly = Math.ceil(this.burstMax / 10);
    const inSecond = this.burst.countSince(now - 1_000 * this.o.timeScale);
    return {
      'X-HubSpot-RateLimit-Daily': String(this.dailyMax),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, this.dailyMax - this.dailyCount)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(Math.round(BURST_WINDOW_MS * this.o.timeScale)),
      'X-HubSpot-RateLimit-Max': String(this.burstMax),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, this.burstMax - inBurst)),
      'X-HubSpot-RateLimit-Secondly': String(secondly),
      'X-HubSpot-RateLimit-Secondly-Remaining': String(Math.max(0, secondly - inSecond)),
    };
  }
}

export type { RateLimitPolicy };
