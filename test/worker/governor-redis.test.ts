import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { pipedriveGovernorSettings } from '../../src/connectors';
import { RedisTokenGovernor, type RedisTokenGovernorOptions } from '../../src/jobs/queue/governor-redis';
import { closeRedis, createRedis } from '../../src/jobs/queue/redis';
import { CrmRateLimitError } from '../../src/lib/errors';
import { cleanupAfterEach, deletePrefix, REDIS_URL, testConfig, uniquePrefix } from './helpers';

const cleanups = cleanupAfterEach();

type Extra = Omit<RedisTokenGovernorOptions, 'redis' | 'prefix' | 'accountKey'>;

/** Two "processes": each governor has its own Redis connection, as two workers would; keys under a fresh prefix. */
function twoWorkers(extra: Extra, accountKey = 'pipedrive-acct') {
  const prefix = uniquePrefix();
  const redisA = createRedis(REDIS_URL, 'worker');
  const redisB = createRedis(REDIS_URL, 'worker');
  cleanups.push(async () => {
    await closeRedis(redisA);
    await closeRedis(redisB);
    await deletePrefix(REDIS_URL, prefix);
  });
  const make = (redis: Redis, key = accountKey) => new RedisTokenGovernor({ redis, prefix, accountKey: key, ...extra });
  return { prefix, redis: redisA, a: make(redisA), b: make(redisB), other: make(redisB, 'pipedrive-other') };
}

describe('RedisTokenGovernor', () => {
  it('shares one burst window between the workers of a company, not with other companies', async () => {
    const { prefix, redis, a, b, other } = twoWorkers({ dailyBudget: null, burstPerWindow: 5, burstWindowMs: 300 });
    // After each grant, count the grants of the last 300 ms on Redis's own clock (the one the governor uses).
    const inWindow = `local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      return redis.call('ZCOUNT', KEYS[1], now - tonumber(ARGV[1]), '+inf')`;
    const counts: number[] = [];
    const take = async (g: RedisTokenGovernor) => {
      const release = await g.acquire(10, 'GET /api/v2/deals');
      // In-flight grants sit in the future (now + lease), so `+inf` counts them too.
      counts.push(Number(await redis.eval(inWindow, 1, `${prefix}:pulse:governor:pipedrive-acct:burst`, 300)));
      release();
    };
    const t0 = Date.now();
    await Promise.all([...Array.from({ length: 8 }, () => take(a)), ...Array.from({ length: 7 }, () => take(b))]);
    // 15 grants at 5 per 300 ms need at least two full windows, and no window ever held more than 5.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(580);
    expect(counts).toHaveLength(15);
    expect(Math.max(...counts)).toBeLessThanOrEqual(5);
    const t1 = Date.now();
    await other.acquire(10, 'GET /api/v2/deals');
    expect(Date.now() - t1).toBeLessThan(100);
    expect(a.usage()).toEqual({ used: 80, left: null });
  });

  it('spends one daily budget: what one worker spends, the other cannot, and the reserve stops both', async () => {
    // 1,000 tokens, 10 % reserve: 900 spendable company-wide.
    const { a, b } = twoWorkers({ dailyBudget: 1_000, reservePercent: 10, burstPerWindow: 1_000 });
    await a.acquire(500, 'GET /x');
    await b.refresh();
    expect(b.usage()).toEqual({ used: 0, left: 400 });
    expect(b.canAfford(400)).toBe(true);
    expect(b.canAfford(401)).toBe(false);
    // Acquire decides in Redis, whatever the cache says: B's stale view of A is not trusted.
    await expect(b.acquire(401, 'GET /y')).rejects.toMatchObject({ daily: true, endpoint: 'GET /y' });
    await b.acquire(400, 'GET /y');
    expect(b.usage()).toEqual({ used: 400, left: 0 });
    const stopped = a.acquire(1, 'GET /x');
    await expect(stopped).rejects.toBeInstanceOf(CrmRateLimitError);
    await expect(stopped).rejects.toThrow('1 needed for GET /x, 0 left above the 10 % reserve');
    await expect(b.acquire(1, 'GET /y')).rejects.toMatchObject({ daily: true });
    // A's cache caught up through its refused acquire.
    expect(a.canAfford(1)).toBe(false);
    expect(a.usage()).toEqual({ used: 500, left: 0 });
  });

  it('checks and spends atomically: concurrent workers never dig into the reserve', async () => {
    const { a, b } = twoWorkers({ dailyBudget: 1_000, reservePercent: 10, burstPerWindow: 1_000 });
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).acquire(50, 'GET /api/v2/deals')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(18);
    expect(a.usage().used + b.usage().used).toBe(900);
  });

  it('shares the header budget (smallest remaining wins) and a burst stop announced by the server', async () => {
    const { a, b } = twoWorkers({ dailyBudget: null, reservePercent: 10, burstPerWindow: 1_000 });
    a.observe({ 'x-daily-ratelimit-token-limit': '1000', 'x-daily-ratelimit-token-remaining': '300' });
    // A late answer with an older (larger) figure must not undo spending already counted.
    a.observe({ 'x-daily-ratelimit-token-remaining': '500' });
    await a.settled();
    await b.refresh();
    expect(b.usage()).toEqual({ used: 0, left: 200 });
    await b.acquire(150, 'GET /x');
    await a.refresh();
    expect(a.usage().left).toBe(50);
    await expect(a.acquire(60, 'GET /x')).rejects.toMatchObject({ daily: true });
    b.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0.3' });
    await b.settled();
    const t0 = Date.now();
    await a.acquire(10, 'GET /x');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('lowers the shared burst limit to the one the headers report', async () => {
    const { a, b } = twoWorkers({ dailyBudget: null, burstPerWindow: 100, burstWindowMs: 400 });
    a.observe({ 'x-ratelimit-limit': '2' });
    await a.settled();
    (await b.acquire(1, 'GET /x'))();
    (await b.acquire(1, 'GET /x'))();
    const t0 = Date.now();
    await b.acquire(1, 'GET /x');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  });

  it('starts a new counter at UTC midnight', async () => {
    let now = Date.parse('2026-06-30T23:59:59Z');
    const { a, b } = twoWorkers({ dailyBudget: 100, reservePercent: 10, burstPerWindow: 1_000, clock: () => now });
    await a.acquire(90, 'GET /x');
    await expect(b.acquire(1, 'GET /x')).rejects.toMatchObject({ daily: true, retryAfterMs: 1_000 });
    now += 1_000;
    expect(b.msUntilReset()).toBe(86_400_000);
    expect(b.usage()).toEqual({ used: 0, left: 90 });
    await b.acquire(20, 'GET /x');
    await a.refresh();
    expect(a.usage()).toEqual({ used: 90, left: 70 });
  });

  it('holds a slot until the answer is back, for every worker', async () => {
    const { a, b } = twoWorkers({ dailyBudget: null, burstPerWindow: 1, burstWindowMs: 200 });
    const slow = await a.acquire(1, 'GET /x');
    const t0 = Date.now();
    const next = b.acquire(1, 'GET /x');
    // A's request takes 400 ms, two windows: B may not send until it is answered and a window has passed since.
    setTimeout(slow, 400);
    (await next)();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(590);
  });

  it('honours an abort while waiting for a burst slot', async () => {
    const { a } = twoWorkers({ dailyBudget: null, burstPerWindow: 1, burstWindowMs: 5_000 });
    await a.acquire(1, 'GET /x');
    const controller = new AbortController();
    const waiting = a.acquire(1, 'GET /x', controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 50);
    await expect(waiting).rejects.toThrow('stop');
  });

  it('takes the worker settings from the connection, as the in-process governor does', () => {
    // Growth: 40 requests per 2 s, of which we use 95 % = 38.
    const [connection] = testConfig({
      connections: [{ id: 'pd', provider: 'pipedrive', tokenEnv: 'T', plan: 'growth', seats: 5 }],
    }).connections;
    expect(connection && pipedriveGovernorSettings(connection)).toEqual({ dailyBudget: 300_000, burstPerWindow: 38 });
  });
});
