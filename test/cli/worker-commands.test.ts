/**
 * The worker's CLI commands end to end: `pulse schedule list`, `pulse run` and `pulse status` through the real bin
 * in child processes, against the shared Redis under a prefix of this test's own, with no worker running.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load';
import { JOB_TARGETS } from '../../src/jobs/queue/handlers';
import { openProducer, type Producer } from '../../src/jobs/queue/producer';
import { applySchedules, desiredSchedules, type ScheduleInfo } from '../../src/jobs/queue/schedules';
import { isJobName } from '../../src/jobs/registry';
import { silentLogger } from '../../src/lib/logger';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../worker/helpers';

const execFileAsync = promisify(execFile);
const BIN = resolve('bin/pulse.mjs');
const HALF_HOUR = 30 * 60_000;
const log = silentLogger();
let prefix: string;
let configPath: string;
const producers: Producer[] = [];

type Row = { id: string; state: string; nextRunAt: number | null; upcoming: number[] };
type Listing = { schedules: Row[]; notInConfig: ScheduleInfo[] };
type Enqueued = { connection: string; queue: string; jobId: string; deduplicated: boolean };
type QueueRow = { queue: string; waiting: number; active: number; delayed: number; failed: number };
type Status = {
  connections: { connection: string; lastRun: unknown }[];
  queues: { queues: QueueRow[]; schedules: ScheduleInfo[]; findings: unknown[] };
};

beforeEach(() => {
  prefix = uniquePrefix();
  const dir = mkdtempSync(join(tmpdir(), 'pulse-cli-worker-'));
  configPath = join(dir, 'pulse.config.yaml');
  writeFileSync(
    configPath,
    [
      `storage: { path: "${join(dir, 'pulse.db')}" }`,
      `redis: { url: "${REDIS_URL}" }`,
      'connections:',
      // Port 9 (discard): nothing here may call the CRM, and nothing does, since no worker runs.
      '  - { id: hs, provider: hubspot, baseUrl: "http://127.0.0.1:9", tokenEnv: SIM_TOKEN }',
      'schedules:',
      '  - { job: sync, everyMinutes: 30 }',
      '  - { job: kpis, connection: hs, cron: "0 7 * * 1-5", timeZone: Europe/Paris }',
      `worker: { prefix: ${prefix} }`,
    ].join('\n'),
  );
});

afterEach(async () => {
  for (const p of producers.splice(0)) await p.close();
  await deletePrefix(REDIS_URL, prefix);
});

async function pulse(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [BIN, '--config', configPath, ...args], {
    env: { ...process.env, SIM_TOKEN: 'test-token', PULSE_LOG_LEVEL: 'silent' },
  });
  return stdout;
}
const pulseJson = async <T>(...args: string[]): Promise<T> => JSON.parse(await pulse(...args, '--json')) as T;

/** An in-process producer on the test's config, to do what a booting worker does and to read Redis directly. */
function producer(): Producer {
  const p = openProducer(loadConfig(configPath, process.env).config, REDIS_URL, log);
  producers.push(p);
  return p;
}

/** `startWorkerRuntime`'s first step: upsert the config's schedulers. */
async function applyLikeAWorker(p: Producer): Promise<void> {
  const { config } = loadConfig(configPath, process.env);
  const desired = desiredSchedules(config, (job) => (isJobName(job) ? JOB_TARGETS[job] : 'local'));
  await applySchedules(p.queues, desired, p.settings, log);
}

/** 07:00 Paris on the next `count` weekdays after `from`, from the calendar (not from BullMQ's cron parser). */
function parisWeekdaysAt7(from: number, count: number): number[] {
  const out: number[] = [];
  let day = DateTime.fromMillis(from, { zone: 'Europe/Paris' }).startOf('day');
  for (; out.length < count; day = day.plus({ days: 1 })) {
    const at = day.set({ hour: 7 });
    if (at.weekday <= 5 && at.toMillis() > from) out.push(at.toMillis());
  }
  return out;
}

/** The trimmed cells of the table row whose first cell is `first`. */
function cells(stdout: string, first: string): string[] | undefined {
  return stdout
    .split('\n')
    .map((line) => line.split('│').map((c) => c.trim()))
    .find((c) => c[1] === first)
    ?.slice(1, -1);
}

describe('pulse schedule list / run / status against Redis', () => {
  it('lists the config schedules as not applied, then active with BullMQ next runs, and flags foreign ones', async () => {
    const before = Date.now();
    const fresh = await pulseJson<Listing>('schedule', 'list');
    const after = Date.now();
    expect(fresh.schedules.map((s) => [s.id, s.state, s.nextRunAt])).toEqual([
      ['kpis.hs', 'not applied yet (start pulse worker)', null],
      ['sync.hs', 'not applied yet (start pulse worker)', null],
    ]);
    expect(fresh.notInConfig).toEqual([]);
    const [kpis, sync] = fresh.schedules;
    // Weekdays at 07:00 Paris time (06:00Z in winter, 05:00Z in summer).
    expect([parisWeekdaysAt7(before, 3), parisWeekdaysAt7(after, 3)]).toContainEqual(kpis?.upcoming);
    // Not applied, an interval has no anchor yet: three runs 30 min apart, the first within the next 30 min.
    const [s0, s1, s2] = sync?.upcoming ?? [];
    expect([s1! - s0!, s2! - s1!]).toEqual([HALF_HOUR, HALF_HOUR]);
    expect(s0).toBeGreaterThan(before);
    expect(s0).toBeLessThanOrEqual(after + HALF_HOUR);

    const p = producer();
    const applyStart = Date.now();
    await applyLikeAWorker(p);
    const applyEnd = Date.now();
    // A scheduler left by an older config: in Redis, not in this config.
    await p.queues.get('local').upsertJobScheduler(
      'kpis.gone',
      { every: 3_600_000 },
      {
        name: 'kpis',
        data: { connection: 'gone' },
      },
    );

    const live = await pulseJson<Listing>('schedule', 'list');
    expect(live.schedules.map((s) => [s.id, s.state])).toEqual([
      ['kpis.hs', 'active'],
      ['sync.hs', 'active'],
    ]);
    const [kpisLive, syncLive] = live.schedules;
    expect(kpisLive?.nextRunAt).toBe(parisWeekdaysAt7(applyStart, 1)[0]);
    expect(kpisLive?.upcoming).toEqual(parisWeekdaysAt7(applyStart, 3));
    // BullMQ runs an `every` scheduler once at upsert, then every 30 min from that first run.
    const next = syncLive?.nextRunAt ?? 0;
    expect(next).toBeGreaterThanOrEqual(applyStart);
    expect(next).toBeLessThanOrEqual(applyEnd);
    expect(syncLive?.upcoming).toEqual([next, next + HALF_HOUR, next + 2 * HALF_HOUR]);
    expect(live.notInConfig).toEqual([
      {
        queue: 'local',
        id: 'kpis.gone',
        job: 'kpis',
        connection: 'gone',
        repeat: { everyMs: 3_600_000 },
        nextRunAt: expect.any(Number),
        iterations: 1,
      },
    ]);
  });

  it('enqueues a sync once and joins the waiting one on a second request', async () => {
    const [first] = await pulseJson<Enqueued[]>('run', 'sync', '--connection', 'hs');
    expect(first).toEqual({
      connection: 'hs',
      queue: expect.stringMatching(/^crm\.hubspot-[0-9a-f]{12}$/),
      jobId: '1',
      deduplicated: false,
    });
    // No worker runs, so the job still waits and the second request joins it.
    const [second] = await pulseJson<Enqueued[]>('run', 'sync', '--connection', 'hs');
    expect(second).toEqual({ ...first, deduplicated: true });
    expect(await pulse('run', 'sync', '--connection', 'hs')).toBe(
      'hs: a sync is already queued (job 1); not added twice\n',
    );

    const queue = producer().queues.get(first!.queue);
    expect(await queue.getJobCounts('waiting', 'active', 'delayed')).toEqual({ waiting: 1, active: 0, delayed: 0 });
    const job = await queue.getJob('1');
    expect([job?.name, job?.data]).toEqual(['sync', { connection: 'hs' }]);
  });

  it('reports queue counts and the next scheduled runs read from Redis', async () => {
    const [{ queue: crm } = { queue: '' }] = await pulseJson<Enqueued[]>('run', 'sync', '--connection', 'hs');
    const waitingOnly = await pulseJson<Status>('status');
    expect(waitingOnly.queues).toMatchObject({
      queues: [{ queue: crm, waiting: 1, active: 0, delayed: 0, failed: 0, rateLimitedForMs: 0 }],
      schedules: [],
      findings: [],
    });

    const applyStart = Date.now();
    await applyLikeAWorker(producer());
    const status = await pulseJson<Status>('status');
    expect(status.connections).toMatchObject([{ connection: 'hs', lastRun: null }]);
    // The sync scheduler's first run waits beside the manual one; the kpis cron waits delayed until 07:00 Paris.
    expect(status.queues.queues.map((q) => [q.queue, q.waiting, q.delayed])).toEqual([
      [crm, 2, 0],
      ['local', 0, 1],
    ]);
    const kpisAt = parisWeekdaysAt7(applyStart, 1)[0]!;
    expect(status.queues.schedules.map((s) => [s.id, s.queue, s.connection])).toEqual([
      ['sync.hs', crm, 'hs'],
      ['kpis.hs', 'local', 'hs'],
    ]);
    expect(status.queues.schedules[1]).toMatchObject({
      repeat: { pattern: '0 7 * * 1-5', timeZone: 'Europe/Paris' },
      nextRunAt: kpisAt,
    });

    const text = await pulse('status');
    expect(cells(text, crm)).toEqual([crm, '2', '0', '0', '0', '']);
    expect(cells(text, 'local')).toEqual(['local', '0', '0', '1', '0', '']);
    expect(text).toContain('next scheduled runs:');
    const kpisIso = new Date(kpisAt).toISOString().replace('T', ' ').replace('.000Z', 'Z');
    expect(cells(text, 'kpis.hs')).toEqual(['kpis.hs', 'kpis', 'hs', kpisIso]);
    expect(text).toContain('hs: never synced');
  });
});
