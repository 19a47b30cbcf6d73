/**
 * Schedules from the config, kept as BullMQ job schedulers. Each is upserted at every worker start under a
 * stable id (`<job>.<connection>`), so a crash-looping worker or several workers starting together leave exactly
 * one scheduler per job and connection; a schedule removed from the config is removed from Redis.
 *
 * Missed runs after downtime: BullMQ keeps only the *next* iteration of a scheduler as a delayed job, so after
 * an outage that job is run once, as soon as a worker is back, and the following iteration is computed from
 * then on: one catch-up run, never one per missed slot. That is the right choice for these jobs: a sync reads
 * everything changed since its stored cursors, so one late run covers every missed one.
 */
import { getNextMillis } from 'bullmq';
import type { PulseConfig, ScheduleConfig } from '../../config/schema';
import { ConfigError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { defaultJobOptions, type QueueSet, type QueueTarget, queueNameOf } from './queues';
import type { WorkerSettings } from './settings';

const MINUTE = 60_000;

/** A scheduler as BullMQ stores it: every N ms, or a cron pattern read in a time zone. */
export type Repeat = { everyMs: number } | { pattern: string; timeZone: string };

export interface DesiredSchedule {
  /** Stable scheduler id: `<job>.<connection>`. */
  id: string;
  queue: string;
  job: string;
  connection: string;
  repeat: Repeat;
}

/**
 * Expands the config's `schedules` into one scheduler per job and connection. An entry without `connection`
 * applies to every connection; an entry naming one overrides it for that connection.
 */
export function desiredSchedules(config: PulseConfig, targetOf: (job: string) => QueueTarget): DesiredSchedule[] {
  const issues: string[] = [];
  const byId = new Map<string, DesiredSchedule>();
  const entries = (config.schedules ?? []).map((entry, index) => ({ entry, index }));
  // Entries for all connections first, so a connection-specific entry replaces them.
  entries.sort((a, b) => Number(a.entry.connection !== undefined) - Number(b.entry.connection !== undefined));
  const explicit = new Set<string>();
  for (const { entry, index } of entries) {
    const targets =
      entry.connection === undefined ? config.connections : config.connections.filter((c) => c.id === entry.connection);
    if (targets.length === 0) {
      issues.push(
        `schedules[${index}].connection: no connection "${entry.connection}" (one of: ${config.connections.map((c) => c.id).join(', ')})`,
      );
      continue;
    }
    for (const connection of targets) {
      const id = `${entry.job}.${connection.id}`;
      if (entry.connection !== undefined) {
        if (explicit.has(id)) issues.push(`schedules[${index}]: a second ${entry.job} schedule for "${connection.id}"`);
        explicit.add(id);
      }
      byId.set(id, {
        id,
        queue: queueNameOf(targetOf(entry.job), connection),
        job: entry.job,
        connection: connection.id,
        repeat: repeatOf(entry, connection.timeZone),
      });
    }
  }
  if (issues.length > 0) throw new ConfigError('the schedules section has errors:', issues);
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function repeatOf(entry: ScheduleConfig, connectionZone: string | undefined): Repeat {
  if (entry.cron !== undefined)
    return { pattern: entry.cron.trim(), timeZone: entry.timeZone ?? connectionZone ?? 'UTC' };
  return { everyMs: Math.round((entry.everyMinutes ?? 60) * MINUTE) };
}

/** BullMQ's repeat options for a {@link Repeat}. */
export function repeatOptions(repeat: Repeat): { every: number } | { pattern: string; tz: string } {
  return 'everyMs' in repeat ? { every: repeat.everyMs } : { pattern: repeat.pattern, tz: repeat.timeZone };
}

/**
 * The next `count` run times after `fromMs`, computed by BullMQ's own repeat strategy (the one its schedulers
 * use), so `pulse schedule list` shows exactly what will happen, DST days included.
 */
export function nextRuns(repeat: Repeat, fromMs: number, count: number): number[] {
  const runs: number[] = [];
  let at = fromMs;
  for (let i = 0; i < count; i++) {
    const next = getNextMillis(at, { ...repeatOptions(repeat), key: 'preview' });
    if (next === undefined) break;
    runs.push(next);
    at = next;
  }
  return runs;
}

export interface ApplyResult {
  upserted: string[];
  removed: { queue: string; id: string }[];
}

/**
 * Makes Redis match `desired`: upserts each scheduler by its stable id (idempotent, so safe to run at every boot
 * and from several workers at once) and removes schedulers that the config no longer has, in every queue this
 * deployment has used (a connection that moved to another account leaves none behind).
 */
export async function applySchedules(
  queues: QueueSet,
  desired: readonly DesiredSchedule[],
  settings: WorkerSettings,
  log: Logger,
): Promise<ApplyResult> {
  const upserted: string[] = [];
  for (const s of desired) {
    await queues.get(s.queue).upsertJobScheduler(s.id, repeatOptions(s.repeat), {
      name: s.job,
      data: { connection: s.connection },
      opts: defaultJobOptions(settings),
    });
    upserted.push(s.id);
  }
  const wanted = new Set(desired.map((s) => `${s.queue}/${s.id}`));
  const removed: ApplyResult['removed'] = [];
  for (const name of await queues.known()) {
    const queue = queues.get(name);
    for (const scheduler of await queue.getJobSchedulers()) {
      const id = scheduler.id ?? scheduler.key;
      if (wanted.has(`${name}/${id}`)) continue;
      await queue.removeJobScheduler(id);
      removed.push({ queue: name, id });
    }
  }
  if (removed.length > 0) log.info({ removed }, 'removed schedules no longer in the config');
  return { upserted, removed };
}

/** A scheduler as Redis has it now. */
export interface ScheduleInfo {
  queue: string;
  id: string;
  job: string;
  connection: string | null;
  repeat: Repeat | null;
  /** Next run (epoch ms), or null when the scheduler has no next iteration. */
  nextRunAt: number | null;
  iterations: number;
}

/** Every scheduler of every known queue, soonest first. */
export async function listSchedules(queues: QueueSet): Promise<ScheduleInfo[]> {
  const out: ScheduleInfo[] = [];
  for (const name of await queues.known()) {
    for (const s of await queues.get(name).getJobSchedulers()) {
      const data = s.template?.data as { connection?: unknown } | undefined;
      out.push({
        queue: name,
        id: s.id ?? s.key,
        job: s.name,
        connection: typeof data?.connection === 'string' ? data.connection : null,
        repeat:
          s.every !== undefined
            ? { everyMs: s.every }
            : s.pattern !== undefined
              ? { pattern: s.pattern, timeZone: s.tz ?? 'UTC' }
              : null,
        nextRunAt: s.next ?? null,
        iterations: s.iterationCount ?? 0,
      });
    }
  }
  return out.sort((a, b) => (a.nextRunAt ?? Infinity) - (b.nextRunAt ?? Infinity));
}

/** `every 15 min`, `cron "0 7 * * 1-5" Europe/Paris`. */
export function describeRepeat(repeat: Repeat | null): string {
  if (repeat === null) return 'unknown';
  if ('everyMs' in repeat) return `every ${repeat.everyMs / MINUTE} min`;
  return `cron "${repeat.pattern}" ${repeat.timeZone}`;
}
