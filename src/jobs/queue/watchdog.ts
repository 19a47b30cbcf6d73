/**
 * The watchdog looks for two silent failures of a queue-driven worker:
 * - a scheduler whose next run is in the past (no worker consumes its queue, or its next job was lost), or a
 *   configured schedule missing from Redis;
 * - jobs that keep stalling (their worker dies or blocks its event loop past the lock, again and again).
 * It reports them in the log; `pulse status` shows the same findings through `queueHealth`.
 */
import type { Job, Worker } from 'bullmq';
import type { Logger } from '../../lib/logger';
import type { QueueSet } from './queues';
import { type DesiredSchedule, listSchedules } from './schedules';
import type { WorkerSettings } from './settings';

export type Finding =
  | { kind: 'overdue-scheduler'; queue: string; id: string; nextRunAt: number; lateMs: number }
  | { kind: 'missing-scheduler'; queue: string; id: string }
  | { kind: 'stalling-job'; queue: string; jobId: string; name: string; stalls: number; failed: boolean };

export interface CheckOptions {
  queues: QueueSet;
  now: number;
  overdueAfterMs: number;
  /** Schedules the config asks for; those absent from Redis are reported. */
  desired?: readonly DesiredSchedule[];
  /** Stalls seen by this process's workers (job id -> count), added to what Redis records. */
  stallsSeen?: ReadonlyMap<string, number>;
}

/** BullMQ's reason for a job failed by the stalled checker. */
const STALLED_REASON = /stalled more than allowable limit/i;

/** One pass over every known queue. */
export async function checkQueues(options: CheckOptions): Promise<Finding[]> {
  const { queues, now, overdueAfterMs } = options;
  const findings: Finding[] = [];
  const schedules = await listSchedules(queues);
  for (const s of schedules) {
    if (s.nextRunAt !== null && now - s.nextRunAt > overdueAfterMs) {
      findings.push({
        kind: 'overdue-scheduler',
        queue: s.queue,
        id: s.id,
        nextRunAt: s.nextRunAt,
        lateMs: now - s.nextRunAt,
      });
    }
  }
  const present = new Set(schedules.map((s) => `${s.queue}/${s.id}`));
  for (const d of options.desired ?? []) {
    if (!present.has(`${d.queue}/${d.id}`)) findings.push({ kind: 'missing-scheduler', queue: d.queue, id: d.id });
  }
  for (const name of await queues.known()) {
    const queue = queues.get(name);
    const [live, failed] = await Promise.all([
      queue.getJobs(['active', 'wait', 'delayed'], 0, 200),
      queue.getFailed(0, 200),
    ]);
    const stalling = (job: Job, isFailed: boolean) => {
      const id = job.id ?? '?';
      const stalls = Math.max(job.stalledCounter ?? 0, options.stallsSeen?.get(id) ?? 0);
      const failedByStall = isFailed && STALLED_REASON.test(job.failedReason ?? '');
      if (stalls > 0 || failedByStall) {
        findings.push({
          kind: 'stalling-job',
          queue: name,
          jobId: id,
          name: job.name,
          stalls: Math.max(stalls, 1),
          failed: isFailed,
        });
      }
    };
    for (const job of live) if (job) stalling(job, false);
    for (const job of failed) if (job) stalling(job, true);
  }
  return findings;
}

export interface Watchdog {
  /** The findings of the last pass. */
  last(): Finding[];
  /** Runs a pass now (tests, `pulse status`). */
  check(): Promise<Finding[]>;
  stop(): Promise<void>;
}

export interface WatchdogOptions {
  queues: QueueSet;
  workers: readonly Worker[];
  desired: readonly DesiredSchedule[];
  settings: WorkerSettings;
  log: Logger;
  now?: () => number;
}

/** Checks every `watchdogIntervalMs` and logs each finding once per pass. */
export function startWatchdog(options: WatchdogOptions): Watchdog {
  const { queues, settings, log } = options;
  const now = options.now ?? Date.now;
  const stallsSeen = new Map<string, number>();
  for (const worker of options.workers) {
    worker.on('stalled', (jobId: string) => {
      stallsSeen.set(jobId, (stallsSeen.get(jobId) ?? 0) + 1);
      log.warn(
        { queue: worker.name, jobId, stalls: stallsSeen.get(jobId) },
        'job stalled: its worker stopped renewing the lock',
      );
    });
  }
  let findings: Finding[] = [];
  let running: Promise<Finding[]> | null = null;
  const check = () => {
    running ??= checkQueues({
      queues,
      now: now(),
      overdueAfterMs: settings.overdueAfterMs,
      desired: options.desired,
      stallsSeen,
    })
      .then((found) => {
        findings = found;
        for (const f of found) log.warn({ finding: f }, `watchdog: ${f.kind}`);
        return found;
      })
      .catch((err: unknown) => {
        log.warn({ err: (err as Error).message }, 'watchdog check failed (Redis unreachable?)');
        return findings;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void check(), settings.watchdogIntervalMs);
  timer.unref();
  return {
    last: () => findings,
    check,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
