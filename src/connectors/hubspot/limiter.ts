/**
 * Client-side rate limiting, so steady state never meets a 429: HubSpot counts requests in a rolling 10 s window
 * per app (the burst limit) and search requests per second per account (hubspot-api.md §3).
 */

/** The budget a request draws on. Search requests also draw on `burst` (see `RollingWindowLimiter`). */
export type RequestKind = 'burst' | 'search';

/**
 * Waits until a request of `kind` may be sent. Kept as an interface because multi-worker deployments will back it
 * with Redis (one budget shared by every worker of an app).
 */
export interface RateLimiter {
  acquire(kind: RequestKind, signal?: AbortSignal): Promise<void>;
}

export interface LimiterLimits {
  /**
   * Requests per burst window. HubSpot allows 190 per 10 s (Professional / Enterprise, hubspot-api.md §3); we
   * count when a request leaves, HubSpot when it arrives, so network jitter can squeeze two windows' worth into
   * one of theirs: keep 5 % headroom. @defaultValue 180
   */
  burstPerWindow: number;
  /** @defaultValue 10_000 */
  burstWindowMs: number;
  /** Search requests per search window; HubSpot allows 5/s, we stay at 4. @defaultValue 4 */
  searchPerWindow: number;
  /** @defaultValue 1_000 */
  searchWindowMs: number;
}

export const DEFAULT_LIMITS: LimiterLimits = {
  burstPerWindow: 180,
  burstWindowMs: 10_000,
  searchPerWindow: 4,
  searchWindowMs: 1_000,
};

import { realSleep, type Sleep } from '../../lib/sleep';

// One definition in src/lib/sleep.ts; re-exported because this folder's modules import it from here.
export { realSleep, type Sleep };

/** The send times of the last `limit` grants: a request may go when the oldest of them left the window. */
class RollingWindow {
  private readonly grants: number[] = [];
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Milliseconds to wait before a grant at `now` fits; 0 when it fits now. */
  waitMs(now: number): number {
    while (this.grants.length > 0 && (this.grants[0] ?? 0) <= now - this.windowMs) this.grants.shift();
    if (this.grants.length < this.limit) return 0;
    return (this.grants[0] ?? now) + this.windowMs - now;
  }

  record(now: number): void {
    this.grants.push(now);
  }
}

/**
 * In-process rolling-window limiter. Search requests draw on both windows: HubSpot documents a separate search
 * bucket, but counting them in the burst window as well costs at most 40 of 190 slots and keeps us safe if a
 * portal (or the simulator) counts them there too.
 */
export class RollingWindowLimiter implements RateLimiter {
  private readonly burst: RollingWindow;
  private readonly search: RollingWindow;

  constructor(
    limits: Partial<LimiterLimits> = {},
    private readonly clock: () => number = Date.now,
    private readonly sleep: Sleep = realSleep,
  ) {
    const l = { ...DEFAULT_LIMITS, ...limits };
    this.burst = new RollingWindow(l.burstPerWindow, l.burstWindowMs);
    this.search = new RollingWindow(l.searchPerWindow, l.searchWindowMs);
  }

  async acquire(kind: RequestKind, signal?: AbortSignal): Promise<void> {
    // Re-check after every sleep: concurrent callers may have taken the slot we waited for.
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock();
      const wait = Math.max(this.burst.waitMs(now), kind === 'search' ? this.search.waitMs(now) : 0);
      if (wait <= 0) {
        this.burst.record(now);
        if (kind === 'search') this.search.record(now);
        return;
      }
      await this.sleep(wait, signal);
    }
  }
}
