/**
 * A per-connection lease in Redis: the guarantee behind "one sync per connection at a time". Deduplication keeps
 * a second *manual* job out of the queue, but a scheduler's job carries no deduplication id, and BullMQ may hand a
 * stalled job to a second worker while the first still runs; the lease covers both.
 */
import type { Redis } from 'ioredis';

/** Takes the lease when free, or when the same job already holds it (that job is being re-run after a stall). */
const TAKE_LUA = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;
/** Extends or drops the lease only while we still hold it. */
const RENEW_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface Lease {
  /** Who holds it (a job id). */
  readonly holder: string;
  /**
   * Aborted when a renewal finds the lease taken by someone else (this process was frozen past the lease, e.g.
   * a blocked event loop, and the job was handed on): the run must stop at its next page boundary.
   */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

export interface LeaseOptions {
  redis: Redis;
  key: string;
  /** The job id taking the lease. */
  holder: string;
  /**
   * Lease lifetime; renewed every third of it while held. A killed process's own job takes its lease back at
   * once when BullMQ re-runs it; any other job waits up to this long.
   */
  ttlMs: number;
}

/** Tries to take the lease; null when another job holds it (the caller decides to skip or come back later). */
export async function tryLease({ redis, key, holder, ttlMs }: LeaseOptions): Promise<Lease | null> {
  const took = Number(await redis.eval(TAKE_LUA, 1, key, holder, ttlMs));
  if (took !== 1) return null;
  const lost = new AbortController();
  const timer = setInterval(
    () => {
      redis
        .eval(RENEW_LUA, 1, key, holder, ttlMs)
        .then((renewed) => {
          if (Number(renewed) !== 1) {
            clearInterval(timer);
            lost.abort(new Error(`lease ${key} lost: another worker runs this connection now`));
          }
        })
        // Redis unreachable: keep trying; the lease outlives short outages.
        .catch(() => undefined);
    },
    Math.max(50, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    holder,
    lost: lost.signal,
    async release() {
      clearInterval(timer);
      await redis.eval(RELEASE_LUA, 1, key, holder).catch(() => undefined);
    },
  };
}

/** Who holds a lease now, or null. */
export async function leaseHolder(redis: Redis, key: string): Promise<string | null> {
  return redis.get(key);
}

export const connectionLeaseKey = (prefix: string, job: string, connection: string) =>
  `${prefix}:pulse:lease:${job}:${connection}`;
