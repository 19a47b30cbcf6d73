import type { WorkerConfig } from '../../config/schema';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/** The `worker` config with every default applied, in milliseconds. */
export interface WorkerSettings {
  /** Redis key prefix of every queue. */
  prefix: string;
  /** Jobs one process runs at once per queue. */
  concurrency: number;
  /** Attempts per job, the first included. */
  attempts: number;
  /** First retry delay; BullMQ's exponential backoff doubles it per attempt. */
  backoffMs: number;
  /** Completed jobs kept per queue. */
  keepCompleted: number;
  /** Failed jobs are kept this long, with their reasons. */
  keepFailedMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  shutdownGraceMs: number;
  watchdogIntervalMs: number;
  overdueAfterMs: number;
}

export const DEFAULT_WORKER_SETTINGS: WorkerSettings = {
  prefix: 'pulse',
  concurrency: 1,
  attempts: 5,
  backoffMs: 30 * SECOND,
  keepCompleted: 100,
  keepFailedMs: 14 * DAY,
  lockDurationMs: 30 * SECOND,
  stalledIntervalMs: 30 * SECOND,
  maxStalledCount: 1,
  shutdownGraceMs: 20 * SECOND,
  watchdogIntervalMs: 60 * SECOND,
  overdueAfterMs: 5 * MINUTE,
};

/** Applies defaults to the `worker` section. */
export function workerSettings(config: WorkerConfig | undefined): WorkerSettings {
  const c = config ?? {};
  const d = DEFAULT_WORKER_SETTINGS;
  return {
    prefix: c.prefix ?? d.prefix,
    concurrency: c.concurrency ?? d.concurrency,
    attempts: c.attempts ?? d.attempts,
    backoffMs: c.backoffSeconds !== undefined ? c.backoffSeconds * SECOND : d.backoffMs,
    keepCompleted: c.keepCompleted ?? d.keepCompleted,
    keepFailedMs: c.keepFailedDays !== undefined ? c.keepFailedDays * DAY : d.keepFailedMs,
    lockDurationMs: c.lockDurationMs ?? d.lockDurationMs,
    stalledIntervalMs: c.stalledIntervalMs ?? d.stalledIntervalMs,
    maxStalledCount: c.maxStalledCount ?? d.maxStalledCount,
    shutdownGraceMs: c.shutdownGraceSeconds !== undefined ? c.shutdownGraceSeconds * SECOND : d.shutdownGraceMs,
    watchdogIntervalMs:
      c.watchdogIntervalSeconds !== undefined ? c.watchdogIntervalSeconds * SECOND : d.watchdogIntervalMs,
    overdueAfterMs: c.overdueAfterMinutes !== undefined ? c.overdueAfterMinutes * MINUTE : d.overdueAfterMs,
  };
}
