/**
 * Queue health for `pulse status`: per queue, jobs waiting / active / delayed / failed (with the newest failure
 * reasons), whether it is paused by a CRM rate limit, the next scheduled runs, and the watchdog's findings.
 */
import type { QueueSet } from './queues';
import { listSchedules, type ScheduleInfo } from './schedules';
import { checkQueues, type Finding } from './watchdog';

export interface FailedJobInfo {
  id: string;
  name: string;
  connection: string | null;
  reason: string;
  attemptsMade: number;
  failedAt: number | null;
}

export interface QueueHealthRow {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  /** Milliseconds left of a manual rate limit (a CRM 429); 0 when not limited. */
  rateLimitedForMs: number;
  /** The newest failures, with their reasons. */
  recentFailures: FailedJobInfo[];
}

export interface QueueHealth {
  queues: QueueHealthRow[];
  schedules: ScheduleInfo[];
  findings: Finding[];
}

export interface QueueHealthOptions {
  /** Failures listed per queue. @defaultValue 5 */
  failuresShown?: number;
  now?: number;
  /** A scheduler late by more than this is a finding. @defaultValue 5 minutes */
  overdueAfterMs?: number;
}

/**
 * Reads health from Redis. `queues` comes from `openQueueSet` over a producer connection; the caller closes it.
 * Covers every queue this deployment has used, including those of accounts no longer configured.
 */
export async function queueHealth(queues: QueueSet, options: QueueHealthOptions = {}): Promise<QueueHealth> {
  const shown = options.failuresShown ?? 5;
  const rows: QueueHealthRow[] = [];
  for (const name of await queues.known()) {
    const queue = queues.get(name);
    const [counts, failedJobs, ttl] = await Promise.all([
      queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'),
      shown > 0 ? queue.getFailed(0, shown - 1) : Promise.resolve([]),
      queue.getRateLimitTtl(),
    ]);
    rows.push({
      queue: name,
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
      rateLimitedForMs: Math.max(0, Number(ttl)),
      recentFailures: failedJobs
        .filter((j) => j !== undefined)
        .map((j) => ({
          id: j.id ?? '?',
          name: j.name,
          connection: typeof j.data?.connection === 'string' ? j.data.connection : null,
          reason: j.failedReason ?? 'unknown',
          attemptsMade: j.attemptsMade,
          failedAt: j.finishedOn ?? null,
        })),
    });
  }
  const now = options.now ?? Date.now();
  const [schedules, findings] = await Promise.all([
    listSchedules(queues),
    checkQueues({ queues, now, overdueAfterMs: options.overdueAfterMs ?? 5 * 60_000 }),
  ]);
  return { queues: rows, schedules, findings };
}
