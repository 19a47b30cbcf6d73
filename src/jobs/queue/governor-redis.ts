/**
 * Pipedrive's token governor shared by every worker process that talks to one Pipedrive company (issue 10): the
 * 2 s burst window and the daily token budget live in Redis, and each call checks both and spends in one Lua
 * script, so N workers together stay under the burst limit and the reserve holds company-wide. Semantics mirror
 * `LocalTokenGovernor` (same limits, same errors); only the state moved.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  BURST_WINDOW_MS,
  type GovernorOptions,
  type TokenGovernor,
  type TokenUsage,
} from '../../connectors/pipedrive/governor';
import { type Release, realSleep, type Sleep } from '../../connectors/pipedrive/limiter';
import { CrmRateLimitError } from '../../lib/errors';
import { DEFAULT_LEASE_MS } from '../../lib/rolling-window';
import { redisRelease, WINDOW_WAIT_LUA } from './limiter-redis';

const DAY_MS = 86_400_000;
/** A day's counter outlives its day a little, so a process whose clock lags still finds it. */
const DAY_TTL_MS = 2 * DAY_MS;
/** Header-reported budget and burst limit: kept a week, refreshed by every answer that carries them. */
const ACCOUNT_TTL_MS = 7 * DAY_MS;

/**
 * KEYS: 1 burst window (sorted set of grant times, ms), 2 the day's hash (`used`, header `remaining`), 3 the
 * account hash (header `limit`, header `burst`), 4 the burst block (set when a 429-ish answer said 0 remaining).
 * ARGV: tokens, daily budget from config (-1: unknown), reserve %, burst per window, window ms, member, day TTL,
 * lease ms. A granted call enters the window with score now + lease (in flight) and `RELEASE_LUA` restamps it
 * when its answer is back, as `RollingWindow` does in process (src/lib/rolling-window.ts).
 * Returns {status, used, remaining|'', limit|''}: status -1 = the budget above the reserve cannot cover the
 * tokens; > 0 = ms to wait for a burst slot; 0 = granted and spent. The burst clock is Redis's (TIME), so
 * processes with drifting clocks still agree on one window.
 */
const ACQUIRE_LUA = `${WINDOW_WAIT_LUA}
local used = tonumber(redis.call('HGET', KEYS[2], 'used')) or 0
local remaining = tonumber(redis.call('HGET', KEYS[2], 'remaining'))
local hLimit = tonumber(redis.call('HGET', KEYS[3], 'limit'))
local budget = tonumber(ARGV[2])
if budget < 0 then budget = nil end
local function reply(status)
  return {status, tostring(used), remaining and tostring(remaining) or '', hLimit and tostring(hLimit) or ''}
end
local tokens = tonumber(ARGV[1])
local limit = hLimit or budget
if limit then
  local best = nil
  if budget then best = limit - used end
  if remaining and (not best or remaining < best) then best = remaining end
  if best and best - math.ceil(limit * tonumber(ARGV[3]) / 100) < tokens then return reply(-1) end
end
local window = tonumber(ARGV[5])
local cap = tonumber(ARGV[4])
local hBurst = tonumber(redis.call('HGET', KEYS[3], 'burst'))
if hBurst and hBurst < cap then cap = hBurst end
local lease = tonumber(ARGV[8])
local wait = math.max(redis.call('PTTL', KEYS[4]), 0, windowWait(KEYS[1], cap, window))
if wait > 0 then return reply(wait) end
redis.call('ZADD', KEYS[1], now + lease, ARGV[6])
redis.call('PEXPIRE', KEYS[1], lease + window + 1000)
used = redis.call('HINCRBY', KEYS[2], 'used', tokens)
if remaining then remaining = redis.call('HINCRBY', KEYS[2], 'remaining', -tokens) end
redis.call('PEXPIRE', KEYS[2], ARGV[7])
return reply(0)
`;

/**
 * KEYS: 1 day hash, 2 account hash, 3 burst block. ARGV: limit, remaining, burst limit, block ms ('' = absent),
 * day TTL, account TTL. The remaining budget is smallest-wins: answers of several workers arrive out of order, and
 * a stale (larger) figure must not undo spending another worker already counted. Returns like ACQUIRE_LUA.
 */
const OBSERVE_LUA = `
if ARGV[1] ~= '' then redis.call('HSET', KEYS[2], 'limit', ARGV[1]) end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], 'burst', ARGV[3]) end
if ARGV[1] ~= '' or ARGV[3] ~= '' then redis.call('PEXPIRE', KEYS[2], ARGV[6]) end
if ARGV[2] ~= '' then
  local cur = tonumber(redis.call('HGET', KEYS[1], 'remaining'))
  if not cur or tonumber(ARGV[2]) < cur then redis.call('HSET', KEYS[1], 'remaining', ARGV[2]) end
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
end
if ARGV[4] ~= '' and redis.call('PTTL', KEYS[3]) < tonumber(ARGV[4]) then
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[4])
end
local h = redis.call('HMGET', KEYS[1], 'used', 'remaining')
return {0, h[1] or '0', h[2] or '', redis.call('HGET', KEYS[2], 'limit') or ''}
`;

export interface RedisTokenGovernorOptions extends GovernorOptions {
  redis: Redis;
  /** Key prefix (the queue prefix), so deployments sharing a Redis keep separate budgets. */
  prefix: string;
  /** The Pipedrive company (see `accountKeyOf`): every governor with the same key shares one budget. */
  accountKey: string;
  /** Longest single sleep before asking Redis again, so a freed slot is noticed promptly. @defaultValue 250 */
  maxPollMs?: number;
  /** How stale the cached company figures may get before `canAfford`/`usage` re-read them. @defaultValue 1000 */
  refreshEveryMs?: number;
  /** A lost release frees its burst slot after this long. @defaultValue DEFAULT_LEASE_MS */
  leaseMs?: number;
}

/** The company's figures as last read from Redis (the sync methods of the interface answer from this). */
interface Shared {
  day: number;
  used: number;
  remaining: number | null;
  limit: number | null;
}

/** A {@link TokenGovernor} whose burst window and daily spend live in Redis, shared per Pipedrive company. */
export class RedisTokenGovernor implements TokenGovernor {
  private readonly clock: () => number;
  private readonly sleep: Sleep;
  private readonly reservePercent: number;
  private readonly burstPerWindow: number;
  private readonly base: string;
  private shared: Shared;
  private readAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | null = null;
  private readonly pending = new Set<Promise<unknown>>();
  private totalUsed = 0;
  private warnedMismatch = false;

  constructor(private readonly options: RedisTokenGovernorOptions) {
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.reservePercent = Math.min(Math.max(options.reservePercent ?? 20, 0), 95);
    this.burstPerWindow = options.burstPerWindow ?? 18;
    this.base = `${options.prefix}:pulse:governor:${options.accountKey}`;
    this.shared = { day: this.today(), used: 0, remaining: null, limit: null };
  }

  async acquire(tokens: number, endpoint: string, signal?: AbortSignal): Promise<Release> {
    // One member per call (not per attempt): a re-check after a sleep must not take two slots.
    const member = randomUUID();
    for (;;) {
      signal?.throwIfAborted();
      const day = this.today();
      const status = this.absorb(
        day,
        await this.options.redis.eval(
          ACQUIRE_LUA,
          4,
          `${this.base}:burst`,
          this.dayKey(day),
          `${this.base}:account`,
          `${this.base}:block`,
          tokens,
          this.options.dailyBudget ?? -1,
          this.reservePercent,
          this.burstPerWindow,
          this.options.burstWindowMs ?? BURST_WINDOW_MS,
          member,
          DAY_TTL_MS,
          this.options.leaseMs ?? DEFAULT_LEASE_MS,
        ),
      );
      if (status === 0) {
        this.totalUsed += tokens;
        return redisRelease(this.options.redis, [`${this.base}:burst`], member, this.options.log, (write) =>
          this.track(write),
        );
      }
      if (status < 0) {
        const left = this.left() ?? 0;
        throw new CrmRateLimitError(
          `pipedrive daily token budget: ${tokens} needed for ${endpoint}, ${Math.max(left, 0)} left above the ${this.reservePercent} % reserve`,
          this.msUntilReset(),
          endpoint,
          true,
        );
      }
      // A little jitter spreads workers that woke for the same freed slot.
      await this.sleep(Math.min(status, this.options.maxPollMs ?? 250) + Math.floor(Math.random() * 5), signal);
    }
  }

  observe(headers: Readonly<Record<string, string>>): void {
    const day = this.today();
    this.rollDay(day);
    const limit = numberOf(headers['x-daily-ratelimit-token-limit']);
    const remaining = numberOf(headers['x-daily-ratelimit-token-remaining']);
    const burst = numberOf(headers['x-ratelimit-limit']);
    const blockMs =
      numberOf(headers['x-ratelimit-remaining']) === 0 ? (numberOf(headers['x-ratelimit-reset']) ?? 2) * 1_000 : null;
    if (limit !== null) {
      this.shared.limit = limit;
      const configured = this.options.dailyBudget;
      if (configured !== null && configured !== limit && !this.warnedMismatch) {
        this.warnedMismatch = true;
        this.options.log?.warn(
          { configured, reported: limit },
          'pipedrive budget headers disagree with plan × seats (top-ups or a plan change?): using the headers',
        );
      }
    }
    // Applied locally at once (the interface is synchronous), then in Redis for the other workers.
    if (remaining !== null) this.shared.remaining = Math.min(remaining, this.shared.remaining ?? remaining);
    if (limit === null && remaining === null && (burst === null || burst <= 0) && blockMs === null) return;
    const write = this.options.redis
      .eval(
        OBSERVE_LUA,
        3,
        this.dayKey(day),
        `${this.base}:account`,
        `${this.base}:block`,
        limit ?? '',
        remaining ?? '',
        burst !== null && burst > 0 ? burst : '',
        blockMs !== null && blockMs > 0 ? Math.ceil(blockMs) : '',
        DAY_TTL_MS,
        ACCOUNT_TTL_MS,
      )
      .then((reply) => void this.absorb(day, reply))
      // A lost header write only costs the other workers one figure; acquire still counts every token spent.
      .catch((error: unknown) =>
        this.options.log?.warn({ error: String(error) }, 'pipedrive governor: header write failed'),
      );
    this.track(write);
  }

  canAfford(tokens: number): boolean {
    this.refreshSoon();
    const left = this.left();
    return left === null || left >= tokens;
  }

  msUntilReset(): number {
    return Math.max(1_000, (this.today() + 1) * DAY_MS - this.clock());
  }

  usage(): TokenUsage {
    this.refreshSoon();
    const left = this.left();
    return { used: this.totalUsed, left: left === null ? null : Math.max(0, left) };
  }

  /** Re-reads the company's figures from Redis (the sync methods answer from the last read). */
  async refresh(): Promise<void> {
    const day = this.today();
    const [dayFields, limit] = await Promise.all([
      this.options.redis.hmget(this.dayKey(day), 'used', 'remaining'),
      this.options.redis.hget(`${this.base}:account`, 'limit'),
    ]);
    this.absorb(day, [0, dayFields[0] ?? '0', dayFields[1] ?? '', limit ?? '']);
  }

  /** Resolves when every header write and background read started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /**
   * Tokens spendable above the reserve, company-wide: the tighter of the shared count and the server's figure
   * (the same rule as `LocalTokenGovernor`, and as ACQUIRE_LUA, which decides atomically).
   */
  private left(): number | null {
    this.rollDay(this.today());
    const budget = this.options.dailyBudget;
    const limit = this.shared.limit ?? budget;
    if (limit === null) return null;
    const reserve = Math.ceil((limit * this.reservePercent) / 100);
    const own = budget === null ? null : limit - this.shared.used;
    const remaining = [own, this.shared.remaining].filter((v): v is number => v !== null);
    if (remaining.length === 0) return null;
    return Math.min(...remaining) - reserve;
  }

  /** Takes a script's reply into the cache; returns its status. */
  private absorb(day: number, reply: unknown): number {
    if (!Array.isArray(reply) || reply.length < 4) throw new Error('pipedrive governor: unexpected Redis reply');
    const [status, used, remaining, limit] = reply.map((v: unknown) => (v === '' ? null : Number(v)));
    this.rollDay(day);
    if (day === this.shared.day) {
      this.shared.used = used ?? 0;
      this.shared.remaining = remaining ?? null;
      this.shared.limit = limit ?? this.shared.limit;
      this.readAt = this.clock();
    }
    return status ?? 0;
  }

  /** Starts a background re-read when the cache is stale, so other workers' spending shows up between calls. */
  private refreshSoon(): void {
    if (this.refreshing !== null || this.clock() - this.readAt < (this.options.refreshEveryMs ?? 1_000)) return;
    this.refreshing = this.refresh()
      // Stale figures are safe: acquire re-checks the budget in Redis before spending.
      .catch(() => undefined)
      .finally(() => {
        this.refreshing = null;
      });
    this.track(this.refreshing);
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    const done = () => void this.pending.delete(p);
    p.then(done, done);
  }

  private rollDay(day: number): void {
    if (day <= this.shared.day) return;
    // A new server day: the spend restarts and yesterday's header figures are stale (the limit stays).
    this.shared = { day, used: 0, remaining: null, limit: this.shared.limit };
    this.readAt = Number.NEGATIVE_INFINITY;
  }

  private today(): number {
    return Math.floor(this.clock() / DAY_MS);
  }

  /** One counter per UTC day (server midnight, UTC assumed as in `LocalTokenGovernor`). */
  private dayKey(day: number): string {
    return `${this.base}:day:${new Date(day * DAY_MS).toISOString().slice(0, 10)}`;
  }
}

function numberOf(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
