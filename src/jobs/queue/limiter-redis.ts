/**
 * The CRM rate limit shared by every worker process that talks to one CRM account: the same rolling windows as
 * the in-process `RollingWindowLimiter`, kept in Redis sorted sets and checked-and-taken in one Lua script, so N
 * workers together never send more than one account's budget (adding workers never causes 429s).
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  DEFAULT_LIMITS,
  type LimiterLimits,
  type RateLimiter,
  type Release,
  type RequestKind,
  realSleep,
  type Sleep,
} from '../../connectors/hubspot/limiter';
import { DEFAULT_LEASE_MS } from '../../lib/rolling-window';

/**
 * Lua prelude of every acquire script: Redis's clock, and `windowWait(key, limit, window)`, which evicts entries
 * that left the window and answers 0 when a grant fits, else the ms to wait (a short poll when only in-flight
 * requests, scored now + lease, could free the slot). The same rule as `RollingWindow.waitMs`.
 */
export const WINDOW_WAIT_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function windowWait(key, limit, window)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window - 1)
  local n = redis.call('ZCARD', key)
  if n < limit then return 0 end
  local freeing = tonumber(redis.call('ZRANGE', key, n - limit, n - limit, 'WITHSCORES')[2])
  if freeing > now then return math.max(5, math.ceil(window / 20)) end
  return math.max(1, freeing + window + 1 - now)
end
`;

/**
 * KEYS[1] burst window, KEYS[2] search window (sorted sets; score = ms).
 * ARGV: burstLimit, burstWindowMs, searchLimit, searchWindowMs, kind, member, leaseMs.
 * A granted request enters with score now + lease (in flight: it cannot leave the window) and RELEASE_LUA
 * restamps it with its completion time, as `RollingWindow` does in process (src/lib/rolling-window.ts).
 * Returns 0 when granted, else the milliseconds to wait (a short poll when only in-flight requests can free it).
 * Time comes from Redis (TIME), so processes with drifting clocks still agree on one window.
 */
const ACQUIRE_LUA = `${WINDOW_WAIT_LUA}
local lease = tonumber(ARGV[7])
local burstWindow = tonumber(ARGV[2])
local searchWindow = tonumber(ARGV[4])
local w = windowWait(KEYS[1], tonumber(ARGV[1]), burstWindow)
if ARGV[5] == 'search' then w = math.max(w, windowWait(KEYS[2], tonumber(ARGV[3]), searchWindow)) end
if w > 0 then return w end
redis.call('ZADD', KEYS[1], now + lease, ARGV[6])
redis.call('PEXPIRE', KEYS[1], lease + burstWindow + 1000)
if ARGV[5] == 'search' then
  redis.call('ZADD', KEYS[2], now + lease, ARGV[6])
  redis.call('PEXPIRE', KEYS[2], lease + searchWindow + 1000)
end
return 0
`;

/** KEYS: the windows the request entered. ARGV: member. Restamps it with Redis's now (XX: only if still there). */
const RELEASE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for _, key in ipairs(KEYS) do redis.call('ZADD', key, 'XX', now, ARGV[1]) end
return 0
`;

/**
 * The release of a request granted in Redis windows: restamps its member once (RELEASE_LUA). The write is passed
 * to `track` when the caller waits for its writes; a lost one only keeps the slot busy until its lease ends.
 */
export function redisRelease(
  redis: Redis,
  keys: readonly string[],
  member: string,
  log?: { warn(obj: object, msg: string): void },
  track?: (write: Promise<unknown>) => void,
): Release {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const write = redis
      .eval(RELEASE_LUA, keys.length, ...keys, member)
      .catch((error: unknown) => log?.warn({ error: String(error) }, 'rate limit: release failed'));
    track?.(write);
  };
}

export interface RedisRateLimiterOptions {
  redis: Redis;
  /** Key prefix, e.g. the queue prefix, so deployments sharing a Redis keep separate budgets. */
  prefix: string;
  /** The CRM account (see `accountKeyOf`): every limiter with the same key shares one budget. */
  accountKey: string;
  limits?: Partial<LimiterLimits>;
  sleep?: Sleep;
  /** Longest single sleep before asking Redis again, so a freed slot is noticed promptly. @defaultValue 250 */
  maxPollMs?: number;
  /** A lost release frees its slot after this long. @defaultValue DEFAULT_LEASE_MS */
  leaseMs?: number;
  log?: { warn(obj: object, msg: string): void };
}

/** A {@link RateLimiter} whose windows live in Redis, shared per CRM account. */
export class RedisRateLimiter implements RateLimiter {
  private readonly limits: LimiterLimits;
  private readonly keys: [string, string];
  private readonly sleep: Sleep;
  private readonly maxPollMs: number;

  constructor(private readonly options: RedisRateLimiterOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    const base = `${options.prefix}:pulse:limiter:${options.accountKey}`;
    this.keys = [`${base}:burst`, `${base}:search`];
    this.sleep = options.sleep ?? realSleep;
    this.maxPollMs = options.maxPollMs ?? 250;
  }

  async acquire(kind: RequestKind, signal?: AbortSignal): Promise<Release> {
    const l = this.limits;
    // One member per request (not per attempt): a retried check after a sleep must not count twice.
    const member = randomUUID();
    for (;;) {
      signal?.throwIfAborted();
      const waitMs = Number(
        await this.options.redis.eval(
          ACQUIRE_LUA,
          2,
          this.keys[0],
          this.keys[1],
          l.burstPerWindow,
          l.burstWindowMs,
          l.searchPerWindow,
          l.searchWindowMs,
          kind,
          member,
          this.options.leaseMs ?? DEFAULT_LEASE_MS,
        ),
      );
      if (waitMs <= 0) {
        const keys = kind === 'search' ? this.keys : [this.keys[0]];
        return redisRelease(this.options.redis, keys, member, this.options.log);
      }
      // A little jitter spreads workers that woke for the same freed slot.
      await this.sleep(Math.min(waitMs, this.maxPollMs) + Math.floor(Math.random() * 5), signal);
    }
  }
}
