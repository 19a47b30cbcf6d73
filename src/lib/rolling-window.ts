/**
 * The client half of a CRM's rolling-window rate limit (HubSpot's 10 s burst and 1 s search windows, Pipedrive's
 * 2 s burst window).
 *
 * A CRM counts a request when it arrives; we can only see when we send it and when its answer is back. Stamping
 * at send time lets network and event-loop delay push more than `limit` arrivals into one server window (seen as
 * 429s in CI at short test windows). So a request holds its slot from grant until its answer is back, and is then
 * stamped with that completion time, which is never earlier than its arrival: every request the server counts in
 * a window is either still in flight or completed inside the same window on our side, and we never grant past
 * `limit` of those. The cost is one round trip per window of throughput (about 2 % at 10 s).
 */

/** Ends a granted request's hold on its slot; call once its answer (or error) is back. Idempotent. */
export type Release = () => void;

/** A request whose release never came (a bug, a lost promise) gives its slot back after this long. */
export const DEFAULT_LEASE_MS = 120_000;

interface Entry {
  /** Completion time once released; grant time while in flight. */
  stamp: number;
  inFlight: boolean;
}

export class RollingWindow {
  private entries: Entry[] = [];

  constructor(
    /** Mutable: Pipedrive lowers it when its `x-ratelimit-limit` header reports a tighter plan. */
    public limit: number,
    readonly windowMs: number,
    /** Real elapsed ms (injected in tests); grants and releases are stamped with it. */
    private readonly clock: () => number = Date.now,
    private readonly leaseMs: number = DEFAULT_LEASE_MS,
  ) {}

  /**
   * Milliseconds to wait before a grant at `now` fits; 0 when it fits now. When only in-flight requests could free
   * the slot, their completion time is unknown: answer a short poll interval.
   */
  waitMs(now: number): number {
    this.evict(now);
    if (this.entries.length < this.limit) return 0;
    const released = this.entries
      .filter((e) => !e.inFlight)
      .map((e) => e.stamp)
      .sort((a, b) => a - b);
    const mustLeave = this.entries.length - this.limit + 1;
    const freeing = released[mustLeave - 1];
    if (freeing === undefined) return Math.max(5, Math.ceil(this.windowMs / 20));
    // +1: the clocks differ by rounding (Date.now floors, the server may not), so keep one ms of slack.
    return Math.max(1, freeing + this.windowMs + 1 - now);
  }

  /** Takes a slot at `now` (call after `waitMs(now)` said 0). */
  grant(now: number): Release {
    const entry: Entry = { stamp: now, inFlight: true };
    this.entries.push(entry);
    return () => {
      if (!entry.inFlight) return;
      entry.inFlight = false;
      entry.stamp = Math.max(entry.stamp, this.clock());
    };
  }

  /** How many requests currently hold a slot (in flight or completed within the window). */
  size(now: number): number {
    this.evict(now);
    return this.entries.length;
  }

  private evict(now: number): void {
    this.entries = this.entries.filter((e) =>
      e.inFlight ? e.stamp > now - this.leaseMs : e.stamp > now - this.windowMs - 1,
    );
  }
}
