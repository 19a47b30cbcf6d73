/**
 * The one place where job outcomes become queue behaviour (house style: errors as control flow):
 * - `CrmRateLimitError`: the account's queue is rate-limited for `retryAfterMs` and the job goes back to wait
 *   (BullMQ manual rate limit): no attempt burnt.
 * - `CrmAuthError`, `ConfigError`: `UnrecoverableError`, the job fails at once with the reason.
 * - shutdown: the job is released (moved back, no attempt burnt) at the page boundary where it stopped.
 * - anything else: thrown, so BullMQ retries it with exponential backoff until `attempts` run out.
 */
import { DelayedError, type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { PulseConfig } from '../../config/schema';
import { ConfigError, CrmAuthError, CrmRateLimitError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { jobOf, type QueueJobs, targetOf } from './jobs';
import { connectionLeaseKey, tryLease } from './lease';
import { enqueue, type JobData, type QueueSet, queueNameOf } from './queues';
import type { WorkerSettings } from './settings';

/** How long a manual job waits before trying again when its connection is busy. */
const BUSY_RETRY_MS = 2_000;
/** Connection leases outlive short lock hiccups; a crashed job's own re-run takes its lease back at once. */
const MIN_LEASE_MS = 30_000;

export interface ProcessorDeps {
  config: PulseConfig;
  jobs: QueueJobs;
  queues: QueueSet;
  redis: Redis;
  settings: WorkerSettings;
  log: Logger;
  /** Aborted when shutdown's grace period is over. */
  shutdown: AbortSignal;
}

/** What a processed job stores as its result. */
export type ProcessResult = Record<string, unknown>;

/** The processor of one queue: `(job, token, signal)` so BullMQ passes its cancellation signal. */
export function createProcessor(queueName: string, deps: ProcessorDeps) {
  return async (job: Job<JobData>, token?: string, signal?: AbortSignal): Promise<ProcessResult> => {
    const log = deps.log.child({ job: job.name, jobId: job.id, connection: job.data.connection, queue: queueName });
    const def = jobOf(deps.jobs, job.name);
    if (!def) throw new UnrecoverableError(`unknown job "${job.name}": no handler in this build`);
    const connection = deps.config.connections.find((c) => c.id === job.data.connection);
    if (!connection) {
      throw new UnrecoverableError(`ConfigError: no connection "${job.data.connection}" in the config`);
    }
    const jobId = job.id ?? 'unknown';
    const lease = def.exclusive
      ? await tryLease({
          redis: deps.redis,
          key: connectionLeaseKey(deps.queues.prefix, job.name, connection.id),
          holder: jobId,
          ttlMs: Math.max(deps.settings.lockDurationMs, MIN_LEASE_MS),
        })
      : null;
    if (def.exclusive && lease === null) {
      // A scheduled run that finds its connection busy is redundant (the running one reads the same changes);
      // a manual or chained one was asked for explicitly, so it waits its turn without burning an attempt.
      if (job.repeatJobKey !== undefined) {
        log.info('skipped: a run of this connection is in progress');
        return { skipped: `a ${job.name} of ${connection.id} was already running` };
      }
      await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
      throw new DelayedError();
    }
    const signals = [deps.shutdown, ...(signal ? [signal] : []), ...(lease ? [lease.lost] : [])];
    try {
      const outcome = await def.run(job.data, { connection, jobId, log, signal: AbortSignal.any(signals) });
      if (outcome.chain) await chainAfter(job, deps);
      log.info({ result: outcome.result }, 'job completed');
      return outcome.result;
    } catch (err) {
      throw await translate(err, job, token, queueName, deps, log);
    } finally {
      await lease?.release();
    }
  };
}

/**
 * Enqueues the jobs that follow `job`. The follow-up's id is derived from this job's id, so a job retried after
 * a crash between its success and this point never adds its follow-up twice.
 */
async function chainAfter(job: Job<JobData>, deps: ProcessorDeps): Promise<void> {
  const connection = deps.config.connections.find((c) => c.id === job.data.connection);
  if (!connection) return;
  for (const next of deps.jobs.chain[job.name] ?? []) {
    const queue = deps.queues.get(queueNameOf(targetOf(deps.jobs, next), connection));
    const parentId = String(job.id).replace(/:/g, '_');
    await enqueue(queue, next, { connection: connection.id }, { jobId: `${next}.${connection.id}.after.${parentId}` });
  }
}

async function translate(
  err: unknown,
  job: Job<JobData>,
  token: string | undefined,
  queueName: string,
  deps: ProcessorDeps,
  log: Logger,
): Promise<Error> {
  if (deps.shutdown.aborted) {
    // Stopped at a page boundary by shutdown: everything committed so far stays, the cursor says where to resume.
    log.info('released on shutdown');
    await job.moveToDelayed(Date.now(), token);
    return new DelayedError();
  }
  if (err instanceof CrmRateLimitError) {
    log.warn({ retryAfterMs: err.retryAfterMs, daily: err.daily }, 'CRM rate limit: pausing the account queue');
    await queueOf(deps, queueName).rateLimit(Math.max(1, err.retryAfterMs));
    return Worker.RateLimitError();
  }
  if (err instanceof CrmAuthError || err instanceof ConfigError) {
    log.error({ err: err.message }, 'job failed for good');
    return new UnrecoverableError(`${err.name}: ${err.message}`);
  }
  const error = err instanceof Error ? err : new Error(String(err));
  log.warn({ err: error.message, attempt: job.attemptsMade + 1 }, 'job failed, will retry');
  return error;
}

function queueOf(deps: ProcessorDeps, name: string): Queue {
  return deps.queues.get(name);
}
