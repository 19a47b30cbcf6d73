/**
 * A short-lived producer-side view of the queues, for CLI commands (`pulse run`, `pulse schedule list`,
 * `pulse status`): a fail-fast connection, the queue set, and one close.
 */
import type { Redis } from 'ioredis';
import type { PulseConfig } from '../../config/schema';
import { ConfigError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { isJobName, JOB_ORDER } from '../registry';
import { JOB_TARGETS } from './handlers';
import { dedupIdOf, enqueue, openQueueSet, type QueueSet, queueNameOf } from './queues';
import { closeRedis, createRedis, DEFAULT_REDIS_URL } from './redis';
import { type WorkerSettings, workerSettings } from './settings';

export interface Producer {
  redis: Redis;
  queues: QueueSet;
  settings: WorkerSettings;
  close(): Promise<void>;
}

/** The Redis URL: the config's `redis.url`, else `PULSE_REDIS_URL`, else the local default. */
export function redisUrlOf(config: PulseConfig, env: NodeJS.ProcessEnv): string {
  return config.redis?.url ?? env.PULSE_REDIS_URL ?? DEFAULT_REDIS_URL;
}

/** Opens queues for producing and reading; close it when done. */
export function openProducer(config: PulseConfig, redisUrl: string, log: Logger): Producer {
  const settings = workerSettings(config.worker);
  const redis = createRedis(redisUrl, 'producer');
  redis.on('error', (err) => log.debug({ err: err.message }, 'redis connection error'));
  const queues = openQueueSet({ redis, settings, log });
  return {
    redis,
    queues,
    settings,
    async close() {
      await queues.close();
      await closeRedis(redis);
    },
  };
}

/** What `enqueueNow` did for one connection. */
export interface Enqueued {
  connection: string;
  queue: string;
  jobId: string;
  /** True when a job of this connection was already waiting, so this request joined it. */
  deduplicated: boolean;
}

/**
 * Enqueues `name` for a connection now (`pulse run`). At most one waits per connection: a second request while
 * one waits joins it; while one runs, exactly one more is queued behind it (deduplication `keepLastIfActive`).
 */
export async function enqueueNow(
  producer: Producer,
  config: PulseConfig,
  name: string,
  connectionId: string,
  extra: Record<string, unknown> = {},
): Promise<Enqueued> {
  if (!isJobName(name)) throw new ConfigError(`no job "${name}"`, [`the jobs are: ${JOB_ORDER.join(', ')}`]);
  const connection = config.connections.find((c) => c.id === connectionId);
  if (!connection) {
    throw new ConfigError(`no connection "${connectionId}"`, [
      `--connection must be one of: ${config.connections.map((c) => c.id).join(', ')}`,
    ]);
  }
  const queueName = queueNameOf(JOB_TARGETS[name], connection);
  const queue = producer.queues.get(queueName);
  const dedupId = dedupIdOf(name, connectionId);
  const before = await queue.getDeduplicationJobId(dedupId);
  const job = await enqueue(queue, name, { ...extra, connection: connectionId }, { dedupId });
  const jobId = job.id ?? '?';
  return { connection: connectionId, queue: queueName, jobId, deduplicated: before !== null && before === jobId };
}
