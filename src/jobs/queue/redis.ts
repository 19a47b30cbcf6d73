/**
 * Redis connections for the queues. BullMQ keeps jobs, locks and schedules in Redis, so two settings are not
 * negotiable: workers block on Redis and must retry forever (`maxRetriesPerRequest: null`), and Redis must never
 * evict keys (`maxmemory-policy noeviction`), or a job, its lock or a scheduler can vanish under memory pressure.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { ConfigError } from '../../lib/errors';

/** `worker`: blocking consumers (Worker, QueueEvents) that wait through outages; `producer`: fails fast. */
export type RedisRole = 'worker' | 'producer';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Opens a connection for `role`. Workers retry every command until Redis is back (BullMQ requires it for
 * blocking connections); producers (the CLI's `pulse run`, `pulse schedule list`) give up after a few retries so
 * a missing Redis is reported instead of hanging.
 */
export function createRedis(url: string, role: RedisRole, extra: RedisOptions = {}): Redis {
  const options: RedisOptions = {
    ...(role === 'worker'
      ? { maxRetriesPerRequest: null, enableOfflineQueue: true }
      : { maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 5_000 }),
    // Reconnect quickly at first, then every 2 s at most: a restarted Redis is picked up within seconds.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    lazyConnect: false,
    ...extra,
  };
  return new Redis(url, options);
}

/** The policy Redis must run with; anything else may silently drop queue keys. */
export const REQUIRED_EVICTION_POLICY = 'noeviction';

/**
 * Refuses a Redis that may evict keys, naming the fix. Managed Redis services often deny `CONFIG GET`; then the
 * policy is read from `INFO memory`, and only if both are unavailable does start-up continue (with a warning
 * returned to the caller).
 */
export async function assertNoEviction(redis: Redis): Promise<{ policy: string | null }> {
  let policy: string | null = null;
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as unknown;
    if (Array.isArray(reply) && typeof reply[1] === 'string') policy = reply[1];
  } catch {
    const info = await redis.info('memory').catch(() => '');
    policy = /maxmemory_policy:(\S+)/.exec(info)?.[1] ?? null;
  }
  if (policy !== null && policy !== REQUIRED_EVICTION_POLICY) {
    throw new ConfigError(`Redis maxmemory-policy is "${policy}": queues need "${REQUIRED_EVICTION_POLICY}"`, [
      'an evicting Redis can drop jobs, job locks and schedules without a trace',
      `fix: redis-cli CONFIG SET maxmemory-policy ${REQUIRED_EVICTION_POLICY}` +
        ` (and set "maxmemory-policy ${REQUIRED_EVICTION_POLICY}" in redis.conf to keep it after a restart)`,
      'on a managed Redis, choose the noeviction policy in its parameter group / settings',
    ]);
  }
  return { policy };
}

/** Closes a connection politely (QUIT), or drops it when Redis is unreachable so shutdown never hangs. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await Promise.race([redis.quit(), new Promise((_, reject) => setTimeout(() => reject(new Error('quit')), 1_000))]);
  } catch {
    redis.disconnect();
  }
}
