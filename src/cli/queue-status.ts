import type { PulseConfig } from '../config/schema';
import { type QueueHealth, queueHealth } from '../jobs/queue/health';
import { openProducer, redisUrlOf } from '../jobs/queue/producer';
import { createLogger } from '../lib/logger';
import { formatInstant, table } from './output';

const REDIS_WAIT_MS = 2_000;

/**
 * Queue health for `pulse status`, or why there is none. Redis is optional for the one-shot CLI: an unreachable
 * one is reported in a line, never an error.
 */
export async function readQueueHealth(
  config: PulseConfig,
  env: NodeJS.ProcessEnv,
): Promise<{ health: QueueHealth } | { unavailable: string }> {
  const url = redisUrlOf(config, env);
  const producer = openProducer(config, url, createLogger('silent'));
  try {
    const ping = producer.redis.ping();
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${REDIS_WAIT_MS / 1000} s`)), REDIS_WAIT_MS).unref(),
    );
    await Promise.race([ping, timeout]);
    return { health: await queueHealth(producer.queues) };
  } catch (err) {
    return {
      unavailable: `queues: Redis at ${url.replace(/\/\/[^@]*@/, '//***@')} not reachable (${(err as Error).message})`,
    };
  } finally {
    producer.redis.disconnect();
    await producer.close().catch(() => {});
  }
}

export function formatQueueHealth(h: QueueHealth): string {
  if (h.queues.length === 0 && h.schedules.length === 0) return 'queues: none yet (start `pulse worker`)\n';
  const rows = h.queues.map((q) => [
    q.queue,
    q.waiting,
    q.active,
    q.delayed,
    q.failed,
    q.rateLimitedForMs > 0 ? `paused ${Math.ceil(q.rateLimitedForMs / 1000)} s (CRM 429)` : '',
  ]);
  let out = `queues:\n${table(['queue', 'waiting', 'active', 'delayed', 'failed', 'rate limit'], rows)}\n`;
  for (const q of h.queues) {
    for (const f of q.recentFailures) out += `  failed ${q.queue}: ${JSON.stringify(f)}\n`;
  }
  if (h.schedules.length > 0) {
    out += `next scheduled runs:\n${table(
      ['schedule', 'job', 'connection', 'next run'],
      h.schedules.map((s) => [s.id, s.job, s.connection, formatInstant(s.nextRunAt)]),
    )}\n`;
  }
  for (const f of h.findings) out += `  watchdog: ${JSON.stringify(f)}\n`;
  return out;
}
