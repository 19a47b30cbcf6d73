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
  /** Resolves with the slot's release, to call once the answer is back (see src/lib/rolling-window.ts). */
  acquire(kind: RequestKind, signal?: AbortSignal): Promise<Release>;
}

export interface LimiterLimits {
  /**
   * Requests per burst window. HubSpot allows 190 per 10 s (Professional / Enterprise, hubspot-api.md §3). A
   * request holds its slot until its answer is back, so arrivals never exceed this; the 5 % headroom is left for
   * other apps' clocks and HubSpot's own counting. @defaultValue 180
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

import { type Release, RollingWindow } from '../../lib/rolling-window';
import { realSleep, type Sleep } from '../../lib/sleep';

// One definition each in src/lib; re-exported because this folder's modules import them from here.
export { type Release, realSleep, type Sleep };

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
    this.burst = new RollingWindow(l.burstPerWindow, l.burstWindowMs, clock);
    this.search = new RollingWindow(l.searchPerWindow, l.searchWindowMs, clock);
  }

  async acquire(kind: RequestKind, signal?: AbortSignal): Promise<Release> {
    // Re-check after every sleep: concurrent callers may have taken the slot we waited for.
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock();
      const wait = Math.max(this.burst.waitMs(now), kind === 'search' ? this.search.waitMs(now) : 0);
      if (wait <= 0) {
        const burst = this.burst.grant(now);
        const search = kind === 'search' ? this.search.grant(now) : undefined;
        return () => {
          burst();
          search?.();
        };
      }
      await this.sleep(wait, signal);
    }
  }
}
