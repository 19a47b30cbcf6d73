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
  type RequestKind,
  realSleep,
  type Sleep,
} from '../../connectors/hubspot/limiter';

/**
 * KEYS[1] burst window, KEYS[2] search window (sorted sets of grant times, score = ms).
 * ARGV: burstLimit, burstWindowMs, searchLimit, searchWindowMs, kind, member.
 * Returns 0 when granted, else the milliseconds until the oldest grant leaves the fuller window.
 * Time comes from Redis (TIME), so processes with drifting clocks still agree on one window.
 */
const ACQUIRE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function wait(key, limit, window)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) < limit then return 0 end
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
local burstWindow = tonumber(ARGV[2])
local searchWindow = tonumber(ARGV[4])
local w = wait(KEYS[1], tonumber(ARGV[1]), burstWindow)
if ARGV[5] == 'search' then w = math.max(w, wait(KEYS[2], tonumber(ARGV[3]), searchWindow)) end
if w > 0 then return w end
redis.call('ZADD', KEYS[1], now, ARGV[6])
redis.call('PEXPIRE', KEYS[1], burstWindow + 1000)
if ARGV[5] == 'search' then
  redis.call('ZADD', KEYS[2], now, ARGV[6])
  redis.call('PEXPIRE', KEYS[2], searchWindow + 1000)
end
return 0
`;

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

  async acquire(kind: RequestKind, signal?: AbortSignal): Promise<void> {
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
        ),
      );
      if (waitMs <= 0) return;
      // A little jitter spreads workers that woke for the same freed slot.
      await this.sleep(Math.min(waitMs, this.maxPollMs) + Math.floor(Math.random() * 5), signal);
    }
  }
}
