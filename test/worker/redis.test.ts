import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load';
import { RedisRateLimiter } from '../../src/jobs/queue/limiter-redis';
import { enqueueNow, openProducer } from '../../src/jobs/queue/producer';
import { assertNoEviction, closeRedis, createRedis } from '../../src/jobs/queue/redis';
import { startWorkerRuntime } from '../../src/jobs/queue/worker';
import { silentLogger } from '../../src/lib/logger';
import { openStore } from '../../src/storage/db';
import {
  cleanupAfterEach,
  deletePrefix,
  type PrivateRedis,
  REDIS_URL,
  startPrivateRedis,
  tempDb,
  testConfig,
  uniquePrefix,
  waitFor,
} from './helpers';
import { type SimRuntime, startSimRuntime } from './sim-runtime';

const cleanups = cleanupAfterEach();

async function privateRedis(args: string[] = []): Promise<PrivateRedis> {
  const r = await startPrivateRedis(args);
  cleanups.push(() => r.stop());
  return r;
}

describe('Redis', () => {
  it('refuses to start on a Redis that may evict keys, and names the fix', async () => {
    const r = await privateRedis(['--maxmemory-policy', 'allkeys-lru']);
    const config = testConfig({ connections: [{ id: 'hs', provider: 'hubspot', tokenEnv: 'T' }] });
    const start = startWorkerRuntime({
      config,
      redisUrl: r.url,
      db: openStore({ path: tempDb() }),
      log: silentLogger(),
      env: {},
    });
    await expect(start).rejects.toThrow(
      /maxmemory-policy is "allkeys-lru"[\s\S]*CONFIG SET maxmemory-policy noeviction/,
    );
    const ok = createRedis(REDIS_URL, 'producer');
    await expect(assertNoEviction(ok)).resolves.toEqual({ policy: 'noeviction' });
    await closeRedis(ok);
  });

  it('reconnects after Redis restarts mid-sync and finishes the job', async () => {
    const r = await privateRedis();
    let h: SimRuntime | null = null;
    h = await startSimRuntime({ redisUrl: r.url, deals: 200, worker: { lockDurationMs: 5_000 } });
    cleanups.push(() => h.close());
    const producer = openProducer(h.config, r.url, silentLogger());
    const { jobId, queue } = await enqueueNow(producer, h.config, 'sync', 'hs');
    await producer.close();
    const deals = () => h.db.$client.prepare<[], { n: number }>('SELECT count(*) AS n FROM deals').get()?.n ?? 0;
    await waitFor(() => deals() > 0, 30_000);
    await r.restart(500);
    const q = h.runtime!.queues.get(queue);
    await waitFor(async () => (await q.getJobState(jobId).catch(() => 'unknown')) === 'completed', 60_000, 200);
    expect(h.diffCount()).toBe(0);
  });

  it('shares one budget between limiters of the same account, wherever they run', async () => {
    const prefix = uniquePrefix();
    const redis = createRedis(REDIS_URL, 'worker');
    cleanups.push(async () => {
      await closeRedis(redis);
      await deletePrefix(REDIS_URL, prefix);
    });
    const limits = { burstPerWindow: 5, burstWindowMs: 300 };
    const a = new RedisRateLimiter({ redis, prefix, accountKey: 'acct', limits });
    const b = new RedisRateLimiter({ redis, prefix, accountKey: 'acct', limits });
    const other = new RedisRateLimiter({ redis, prefix, accountKey: 'other', limits });
    // After each grant, count the grants of the last 300 ms on Redis's own clock (the one the limiter uses).
    const inWindow = `local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      return redis.call('ZCOUNT', KEYS[1], now - tonumber(ARGV[1]), '+inf')`;
    const counts: number[] = [];
    const take = async (l: RedisRateLimiter) => {
      const release = await l.acquire('burst');
      // In-flight grants sit in the future (now + lease), so `+inf` counts them too.
      counts.push(Number(await redis.eval(inWindow, 1, `${prefix}:pulse:limiter:acct:burst`, 300)));
      release();
    };
    const t0 = Date.now();
    await Promise.all([...Array.from({ length: 8 }, () => take(a)), ...Array.from({ length: 7 }, () => take(b))]);
    // 15 grants at 5 per 300 ms need at least two full windows, and no window ever held more than 5.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(580);
    expect(counts).toHaveLength(15);
    expect(Math.max(...counts)).toBeLessThanOrEqual(5);
    const t1 = Date.now();
    await other.acquire('burst');
    expect(Date.now() - t1).toBeLessThan(100);
  });
});

describe('schedules and worker config', () => {
  const base = 'connections:\n  - { id: a, provider: hubspot, tokenEnv: T }\n';
  it('lists every bad schedule and worker key in one message', () => {
    const text = `${base}schedules:\n  - { job: sink, everyMinutes: 5 }\n  - { job: sync, everyMinutes: 5, cron: "0 7 * * *" }\n  - { job: sync, cron: "0 7 *" }\n  - { job: sync, everyMinutes: 5, timeZone: Europe/Paris }\nworker:\n  concurrency: 0\n  lockDurationMs: 10\n  colour: red\n`;
    expect(() => parseConfig(text)).toThrow(
      /schedules\[0\]\.job: must be one of: sync, kpis[\s\S]*schedules\[1\]: give exactly one of everyMinutes or cron[\s\S]*schedules\[2\]\.cron: must be a cron expression[\s\S]*schedules\[3\]\.timeZone: timeZone applies to cron only[\s\S]*worker\.concurrency[\s\S]*worker\.lockDurationMs: must be at least 200[\s\S]*worker\.colour: unknown key/,
    );
  });

  it('accepts a cron with a time zone and an interval', () => {
    const config = parseConfig(
      `${base}schedules:\n  - { job: sync, everyMinutes: 30 }\n  - { job: kpis, connection: a, cron: "0 7 * * 1-5", timeZone: Europe/Paris }\nworker: { concurrency: 2 }\n`,
    );
    expect(config.schedules).toHaveLength(2);
  });
});
