/**
 * The burst half of rate limiting: Pipedrive counts requests per token in a rolling 2-second window, 20 to 120
 * depending on the plan (pipedrive-api.md §3.1). The daily token budget lives in `governor.ts`, which uses this.
 */

import { realSleep, type Sleep } from '../../lib/sleep';

// One definition in src/lib/sleep.ts; re-exported because this folder's modules import it from here.
export { realSleep, type Sleep };

/** The send times of the last `limit` grants: a request may go when the oldest of them left the window. */
export class RollingWindow {
  private readonly grants: number[] = [];
  constructor(
    public limit: number,
    readonly windowMs: number,
  ) {}

  /** Milliseconds to wait before a grant at `now` fits; 0 when it fits now. */
  waitMs(now: number): number {
    while (this.grants.length > 0 && (this.grants[0] ?? 0) <= now - this.windowMs) this.grants.shift();
    if (this.grants.length < this.limit) return 0;
    return (this.grants[this.grants.length - this.limit] ?? now) + this.windowMs - now;
  }

  record(now: number): void {
    this.grants.push(now);
  }
}
