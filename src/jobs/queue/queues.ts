/**
 * Queue topology. Jobs that talk to a CRM run on one queue per CRM *account* (`crm.<account>`), so BullMQ's manual
 * rate limit, which pauses a whole queue, pauses exactly the account that answered 429 and no other. Jobs that only
 * touch the store (KPIs, later the digest) share the `local` queue.
 */
import { createHash } from 'node:crypto';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ConnectionConfig } from '../../config/schema';
import type { Logger } from '../../lib/logger';
import type { WorkerSettings } from './settings';

/** Where a job runs: on its CRM account's queue, or on the shared local queue. */
export type QueueTarget = 'crm' | 'local';

export const LOCAL_QUEUE = 'local';

/** Every job's data: names only. Tokens are resolved from the environment inside the worker. */
export interface JobData {
  connection: string;
  [key: string]: unknown;
}

/**
 * The CRM account a connection talks to: same provider, API root and token variable = same app, same rate budget.
 * Two connections reading one token (e.g. split by pipeline) share a queue and a limiter; the hash keeps URLs and
 * variable names out of Redis key names while staying stable across processes.
 */
export function accountKeyOf(connection: ConnectionConfig): string {
  const base = connection.baseUrl ?? connection.provider;
  const digest = createHash('sha256').update(`${connection.provider}|${base}|${connection.tokenEnv}`).digest('hex');
  return `${connection.provider}-${digest.slice(0, 12)}`;
}

/** The queue a job of `target` for `connection` runs on. */
export function queueNameOf(target: QueueTarget, connection: ConnectionConfig): string {
  return target === 'crm' ? `crm.${accountKeyOf(connection)}` : LOCAL_QUEUE;
}

/** Every queue name a config uses, local first. */
export function queueNamesOf(connections: readonly ConnectionConfig[]): string[] {
  return [LOCAL_QUEUE, ...new Set(connections.map((c) => queueNameOf('crm', c)))];
}

/**
 * Options every job gets: retries with exponential backoff; completed jobs trimmed to the newest N; failed jobs
 * kept for days with their reasons (`pulse status` shows them).
 */
export function defaultJobOptions(settings: WorkerSettings): JobsOptions {
  return {
    attempts: settings.attempts,
    backoff: { type: 'exponential', delay: settings.backoffMs },
    removeOnComplete: { count: settings.keepCompleted },
    removeOnFail: { age: Math.round(settings.keepFailedMs / 1_000) },
  };
}

/** Redis set of the queue names this deployment ever used: how stale schedules of a removed account are found. */
export const knownQueuesKey = (prefix: string) => `${prefix}:pulse:queues`;

/** Open queues by name; `get` opens on first use and records the name in {@link knownQueuesKey}. */
export interface QueueSet {
  readonly prefix: string;
  get(name: string): Queue;
  /** Names recorded in Redis (including queues of accounts no longer configured). */
  known(): Promise<string[]>;
  close(): Promise<void>;
}

export interface QueueSetOptions {
  redis: Redis;
  settings: WorkerSettings;
  log: Logger;
}

/** Opens queues lazily over one shared connection; every queue gets an error handler (an unhandled one crashes). */
export function openQueueSet({ redis, settings, log }: QueueSetOptions): QueueSet {
  const queues = new Map<string, Queue>();
  const prefix = settings.prefix;
  return {
    prefix,
    get(name) {
      let queue = queues.get(name);
      if (!queue) {
        queue = new Queue(name, { connection: redis, prefix, defaultJobOptions: defaultJobOptions(settings) });
        queue.on('error', (err) => log.error({ queue: name, err: err.message }, 'queue error'));
        queues.set(name, queue);
        redis.sadd(knownQueuesKey(prefix), name).catch(() => undefined);
      }
      return queue;
    },
    async known() {
      return (await redis.smembers(knownQueuesKey(prefix))).sort();
    },
    async close() {
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
      queues.clear();
    },
  };
}

const SECRET_KEY = /token|secret|password|authorization|api[_-]?key/i;

/** Refuses job data that carries a secret by the look of its keys: job data is stored in Redis in clear. */
export function assertNoSecret(data: Record<string, unknown>): void {
  for (const key of Object.keys(data)) {
    if (SECRET_KEY.test(key)) {
      throw new Error(`job data must not carry secrets ("${key}"): name the env var in the config instead`);
    }
  }
}

export interface EnqueueOptions {
  /** Deduplication id: while a job with it is waiting, delayed or active, another add is dropped. */
  dedupId?: string;
  /** A unique job id (e.g. derived from the job that chained it, so a retried parent never adds it twice). */
  jobId?: string;
}

/**
 * Adds a job. One-sync-per-connection uses BullMQ's deduplication id rather than a fixed job id: a fixed id is
 * silently swallowed for as long as a kept completed or failed job still holds it, whereas a deduplication id is
 * released the moment its job finishes. `keepLastIfActive` queues exactly one follow-up while one runs.
 */
export async function enqueue(queue: Queue, name: string, data: JobData, options: EnqueueOptions = {}) {
  assertNoSecret(data);
  return queue.add(name, data, {
    ...(options.jobId !== undefined ? { jobId: options.jobId } : {}),
    ...(options.dedupId !== undefined ? { deduplication: { id: options.dedupId, keepLastIfActive: true } } : {}),
  });
}

/** The deduplication id of a job for a connection: one of each at a time. */
export const dedupIdOf = (name: string, connection: string) => `${name}.${connection}`;
