/**
 * `pulse worker`'s wiring (the edge): Redis checked, schedules upserted, one BullMQ Worker per queue, watchdog,
 * and an ordered shutdown. Every collaborator is passed in, so tests start the same runtime in-process or in a
 * child process with a simulator's connector.
 */
import { Worker } from 'bullmq';
import type { PulseConfig } from '../../config/schema';
import type { Logger } from '../../lib/logger';
import type { Db } from '../../storage/db';
import { createQueueJobs, type QueueJobsDeps } from './handlers';
import type { QueueJobs } from './jobs';
import { targetOf } from './jobs';
import { createProcessor } from './process';
import { openQueueSet, type QueueSet, queueNamesOf } from './queues';
import { assertNoEviction, closeRedis, createRedis } from './redis';
import { applySchedules, desiredSchedules } from './schedules';
import { type WorkerSettings, workerSettings } from './settings';
import { closeInOrder, type ShutdownStep } from './shutdown';
import { startWatchdog, type Watchdog } from './watchdog';

export interface WorkerRuntimeOptions {
  config: PulseConfig;
  redisUrl: string;
  db: Db;
  log: Logger;
  env: NodeJS.ProcessEnv;
  now?: () => number;
  /** Closes the store last; the CLI passes `closeStore`. */
  closeDb?: (db: Db) => void;
  /** The config file's folder (relative spend CSV paths). @defaultValue '.' */
  configDir?: string;
  /** Overrides of the job bindings (tests: a simulator's connector and scaled limiter windows). */
  jobDeps?: Partial<Pick<QueueJobsDeps, 'connectorFor' | 'limitsFor' | 'kpisConfigFor'>>;
  /** Settings over the config's `worker` section (tests: short locks). */
  settings?: Partial<WorkerSettings>;
  /** Upsert the config's schedules at start. @defaultValue true */
  applySchedules?: boolean;
}

export interface WorkerRuntime {
  settings: WorkerSettings;
  queues: QueueSet;
  jobs: QueueJobs;
  workers: Worker[];
  watchdog: Watchdog;
  /**
   * Graceful stop: workers stop fetching and the running job gets `shutdownGraceMs` to finish, then is aborted
   * and released at its page boundary; then workers, queues, Redis and the store close, in that order.
   */
  close(): Promise<void>;
}

/** Starts consuming every queue the config uses. Refuses an evicting Redis before touching anything. */
export async function startWorkerRuntime(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const { config, log, db } = options;
  const settings = { ...workerSettings(config.worker), ...options.settings };
  const redis = createRedis(options.redisUrl, 'worker');
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error (reconnecting)'));
  try {
    await assertNoEviction(redis);
  } catch (err) {
    await closeRedis(redis);
    throw err;
  }
  const queues = openQueueSet({ redis, settings, log });
  const jobs = createQueueJobs({
    config,
    db,
    redis,
    prefix: settings.prefix,
    env: options.env,
    now: options.now ?? Date.now,
    ...(options.configDir !== undefined ? { configDir: options.configDir } : {}),
    ...options.jobDeps,
  });
  const desired = desiredSchedules(config, (job) => targetOf(jobs, job));
  if (options.applySchedules !== false) await applySchedules(queues, desired, settings, log);
  const shutdown = new AbortController();
  const processorDeps = { config, jobs, queues, redis, settings, log, shutdown: shutdown.signal };
  const workers = queueNamesOf(config.connections).map((name) => {
    queues.get(name); // records the name, so `pulse status` and schedule clean-up see it
    const worker = new Worker(name, createProcessor(name, processorDeps), {
      connection: redis,
      prefix: settings.prefix,
      concurrency: settings.concurrency,
      lockDuration: settings.lockDurationMs,
      stalledInterval: settings.stalledIntervalMs,
      maxStalledCount: settings.maxStalledCount,
    });
    worker.on('error', (err) => log.error({ queue: name, err: err.message }, 'worker error'));
    worker.on('failed', (job, err) =>
      log.warn({ queue: name, job: job?.name, jobId: job?.id, reason: err.message }, 'job failed'),
    );
    return worker;
  });
  const watchdog = startWatchdog({ queues, workers, desired, settings, log });
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      const grace = setTimeout(() => shutdown.abort(new Error('worker shutting down')), settings.shutdownGraceMs);
      const steps: ShutdownStep[] = [
        { name: 'workers', run: () => Promise.all(workers.map((w) => w.close())).then(() => clearTimeout(grace)) },
        { name: 'watchdog', run: () => watchdog.stop() },
        { name: 'queues', run: () => queues.close() },
        { name: 'redis', run: () => closeRedis(redis) },
        { name: 'store', run: () => options.closeDb?.(db) },
      ];
      await closeInOrder(steps, log);
    })();
    return closing;
  };
  return { settings, queues, jobs, workers, watchdog, close };
}
