/**
 * What the queue layer needs to know about each job: where it runs, how to run it from job data, and which jobs
 * follow it. The handlers themselves stay `(payload, deps)` functions (src/jobs/sync.ts, src/jobs/kpis.ts); this
 * file only adapts them, so the CLI's one-shot runs and the worker run the same code.
 */
import type { ConnectionConfig } from '../../config/schema';
import type { Logger } from '../../lib/logger';
import type { JobData, QueueTarget } from './queues';

/** Per-run collaborators the worker hands a job. */
export interface QueueJobContext {
  connection: ConnectionConfig;
  jobId: string;
  log: Logger;
  /** Aborted on shutdown (after the grace period) or when BullMQ cancels the job: stop at a page boundary. */
  signal: AbortSignal;
}

/** A job's outcome: `result` is stored on the job (keep it small); `chain` false stops the chain here. */
export interface QueueJobOutcome {
  result: Record<string, unknown>;
  chain: boolean;
}

export interface QueueJob {
  /** `crm`: talks to the CRM account (its queue, its shared limiter, paused on 429); `local`: store only. */
  target: QueueTarget;
  /** At most one run per connection at a time, across every worker process (a Redis lease). */
  exclusive: boolean;
  run(data: JobData, ctx: QueueJobContext): Promise<QueueJobOutcome>;
}

/**
 * The jobs a worker runs and the chain between them: `chain.sync = ['kpis']` enqueues kpis after each successful
 * sync. Later jobs join by adding their own entry (`chain.kpis = ['writeback', 'digest']`) without changing the
 * queue code.
 */
export interface QueueJobs {
  jobs: Readonly<Record<string, QueueJob>>;
  chain: Readonly<Record<string, readonly string[]>>;
}

/** The job definition for `name`, or undefined for a name this build does not know. */
export function jobOf(jobs: QueueJobs, name: string): QueueJob | undefined {
  return Object.hasOwn(jobs.jobs, name) ? jobs.jobs[name] : undefined;
}

/** Where a job runs; unknown names (e.g. a newer build's job) are treated as local. */
export function targetOf(jobs: QueueJobs, name: string): QueueTarget {
  return jobOf(jobs, name)?.target ?? 'local';
}
