import { Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { openQueueSet, type QueueSet } from '../../src/jobs/queue/queues';
import { closeRedis, createRedis } from '../../src/jobs/queue/redis';
import { applySchedules, desiredSchedules, listSchedules, nextRuns } from '../../src/jobs/queue/schedules';
import { workerSettings } from '../../src/jobs/queue/settings';
import { checkQueues } from '../../src/jobs/queue/watchdog';
import { silentLogger } from '../../src/lib/logger';
import { cleanupAfterEach, deletePrefix, REDIS_URL, testConfig, uniquePrefix, waitFor } from './helpers';

const log = silentLogger();
const cleanups = cleanupAfterEach();

function open(prefix: string): QueueSet {
  const redis = createRedis(REDIS_URL, 'worker');
  const queues = openQueueSet({ redis, settings: workerSettings({ prefix }), log });
  cleanups.push(async () => {
    await queues.close();
    await closeRedis(redis);
    await deletePrefix(REDIS_URL, prefix);
  });
  return queues;
}

const configWith = (prefix: string, schedules: unknown[], ids = ['a', 'b']) =>
  testConfig({
    connections: ids.map((id) => ({ id, provider: 'hubspot', tokenEnv: 'T', timeZone: 'Europe/Paris' })),
    schedules,
    worker: { prefix },
  });

const target = (job: string) => (job === 'sync' ? ('crm' as const) : ('local' as const));

describe('schedules', () => {
  it('leaves exactly one scheduler and one next job per schedule when many workers boot at once, again and again', async () => {
    const prefix = uniquePrefix();
    const config = configWith(prefix, [{ job: 'sync', everyMinutes: 15 }]);
    const desired = desiredSchedules(config, target);
    const settings = workerSettings(config.worker);
    // Five "workers" booting together, then a crash loop of five more boots.
    const boots = Array.from({ length: 5 }, () => open(prefix));
    await Promise.all(boots.map((q) => applySchedules(q, desired, settings, log)));
    for (let i = 0; i < 5; i++) await applySchedules(boots[0]!, desired, settings, log);
    const live = await listSchedules(boots[0]!);
    expect(live.map((s) => s.id).sort()).toEqual(['sync.a', 'sync.b']);
    const queue = boots[0]!.get(desired[0]!.queue);
    // `every` schedulers queue their first run at once; either way, one pending job per scheduler.
    const counts = await queue.getJobCounts('delayed', 'waiting');
    expect((counts.delayed ?? 0) + (counts.waiting ?? 0)).toBe(2);
  });

  it('updates a changed schedule and removes one the config dropped', async () => {
    const prefix = uniquePrefix();
    const queues = open(prefix);
    const first = configWith(prefix, [{ job: 'sync', everyMinutes: 15 }]);
    await applySchedules(queues, desiredSchedules(first, target), workerSettings(first.worker), log);
    const second = configWith(prefix, [{ job: 'sync', connection: 'a', cron: '0 7 * * 1-5' }]);
    const result = await applySchedules(queues, desiredSchedules(second, target), workerSettings(second.worker), log);
    expect(result.removed.map((r) => r.id)).toEqual(['sync.b']);
    const live = await listSchedules(queues);
    expect(live).toMatchObject([{ id: 'sync.a', repeat: { pattern: '0 7 * * 1-5', timeZone: 'Europe/Paris' } }]);
  });

  it('fires a daily cron once on each day the clocks change, in its time zone', () => {
    const repeat = { pattern: '30 2 * * *', timeZone: 'Europe/Paris' };
    const localDay = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(ms);
    for (const from of ['2026-03-27T00:00:00Z', '2026-10-23T00:00:00Z']) {
      const runs = nextRuns(repeat, Date.parse(from), 6);
      const days = runs.map(localDay);
      // Six runs on six consecutive local days: 02:30 does not exist on 29 March (it runs at 03:30) and
      // exists twice on 25 October (it runs at the first one only).
      expect(new Set(days).size).toBe(6);
      expect(runs.every((r, i) => i === 0 || r - runs[i - 1]! >= 23 * 3_600_000)).toBe(true);
    }
  });

  it('catches up once after downtime, not once per missed slot, and the watchdog reports the late scheduler', async () => {
    const prefix = uniquePrefix();
    const queues = open(prefix);
    const config = configWith(prefix, [{ job: 'kpis', connection: 'a', everyMinutes: 0.01 }], ['a']);
    const desired = desiredSchedules(config, target);
    await applySchedules(queues, desired, workerSettings(config.worker), log);
    // No worker for about four slots of 600 ms.
    await new Promise((r) => setTimeout(r, 2_600));
    const late = await checkQueues({ queues, now: Date.now(), overdueAfterMs: 500, desired });
    expect(late).toMatchObject([{ kind: 'overdue-scheduler', id: 'kpis.a' }]);
    const started = Date.now();
    const processed: number[] = [];
    const worker = new Worker('local', async (job) => void processed.push(job.timestamp + (job.opts.delay ?? 0)), {
      connection: createRedis(REDIS_URL, 'worker'),
      prefix,
    });
    worker.on('error', () => undefined);
    cleanups.push(() => worker.close());
    await waitFor(() => processed.length >= 1, 5_000);
    await new Promise((r) => setTimeout(r, 300));
    // One run for the whole outage, then back on schedule (the next slot is in the future).
    expect(processed.filter((due) => due < started)).toHaveLength(1);
    const [scheduler] = await listSchedules(queues);
    expect(scheduler!.nextRunAt!).toBeGreaterThan(started);
  });

  it('has the watchdog report a job that keeps stalling, live and once the stalled checker failed it', async () => {
    const prefix = uniquePrefix();
    const queues = open(prefix);
    const job = await queues.get('local').add('kpis', { connection: 'a' });
    // A processor that never lets its lock be renewed: BullMQ takes the job back at every stalled check, as it does
    // when a worker dies or blocks its event loop past the lock. Its hung runs keep their slots: 3 let it come back.
    const worker = new Worker('local', () => new Promise(() => undefined), {
      connection: createRedis(REDIS_URL, 'worker'),
      prefix,
      skipLockRenewal: true,
      concurrency: 3,
      lockDuration: 200,
      stalledInterval: 200,
      maxStalledCount: 1,
    });
    worker.on('error', () => undefined);
    cleanups.push(() => worker.close(true));
    const stalling = async () =>
      (await checkQueues({ queues, now: Date.now(), overdueAfterMs: 60_000 })).filter((f) => f.kind === 'stalling-job');
    await waitFor(async () => (await stalling()).length > 0, 10_000);
    expect((await stalling())[0]).toMatchObject({ queue: 'local', jobId: job.id, name: 'kpis' });
    await waitFor(async () => (await queues.get('local').getJobState(job.id!)) === 'failed', 10_000);
    expect(await stalling()).toEqual([
      { kind: 'stalling-job', queue: 'local', jobId: job.id, name: 'kpis', stalls: expect.any(Number), failed: true },
    ]);
  });
});
