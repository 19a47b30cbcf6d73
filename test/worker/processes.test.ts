import { describe, expect, it } from 'vitest';
import type { PulseConfig } from '../../src/config/schema';
import { enqueueNow, openProducer, type Producer } from '../../src/jobs/queue/producer';
import { checkQueues } from '../../src/jobs/queue/watchdog';
import { silentLogger } from '../../src/lib/logger';
import { generateModel } from '../../src/simulator/generator';
import { type HubSpotSimulator, startHubSpotSimulator } from '../../src/simulator/hubspot/server';
import { hubspotView } from '../../src/simulator/views/hubspot';
import { closeStore, type Db, openStore } from '../../src/storage/db';
import { readStoreSnapshot } from '../../src/storage/snapshot';
import { compareSnapshots } from '../../src/verify/compare-store';
import type { ChildOptions } from './fixtures/worker-child';
import {
  type ChildWorker,
  cleanupAfterEach,
  deletePrefix,
  REDIS_URL,
  spawnWorker,
  stopChildren,
  tempDb,
  testConfig,
  uniquePrefix,
  waitFor,
} from './helpers';
import { TIME_SCALE } from './sim-runtime';

const cleanups = cleanupAfterEach({ ignoreFailures: true });

interface Setup {
  config: PulseConfig;
  sim: HubSpotSimulator;
  db: Db;
  producer: Producer;
  child: (settings?: ChildOptions['settings']) => Promise<ChildWorker>;
  runs: (connection: string) => { id: number; startedAt: number; finishedAt: number | null; status: string }[];
  storedDeals: (connection: string) => number;
  diff: (connection: string) => number;
}

/** Simulator and store in this process; workers in child processes, all on one CRM account. */
async function setup(options: {
  deals: number;
  connections: string[];
  simBurst?: number;
  slowMs?: number;
  schedules?: unknown[];
  /** Rate-window scale for this setup. @defaultValue TIME_SCALE */
  timeScale?: number;
}): Promise<Setup> {
  const timeScale = options.timeScale ?? TIME_SCALE;
  const model = generateModel({ seed: 5, deals: options.deals, months: 6, now: Date.parse('2026-01-15T09:00:00Z') });
  const sim = await startHubSpotSimulator({
    model,
    port: 0,
    timeScale,
    ...(options.simBurst ? { limits: { burst: options.simBurst } } : {}),
    ...(options.slowMs
      ? { faults: [{ kind: 'slow' as const, delayMs: options.slowMs, path: '/crm/*', count: Infinity }] }
      : {}),
  });
  const prefix = uniquePrefix();
  const dbPath = tempDb();
  const config = testConfig({
    connections: options.connections.map((id) => ({
      id,
      provider: 'hubspot',
      tokenEnv: 'SIM_TOKEN',
      baseUrl: sim.baseUrl,
    })),
    schedules: options.schedules ?? [],
    worker: { prefix, lockDurationMs: 1_000, stalledIntervalMs: 500, backoffSeconds: 0.05, maxStalledCount: 3 },
  });
  const db = openStore({ path: dbPath });
  const producer = openProducer(config, REDIS_URL, silentLogger());
  const children: ChildWorker[] = [];
  cleanups.push(async () => {
    await stopChildren(children);
    await producer.close();
    closeStore(db);
    await sim.close();
    await deletePrefix(REDIS_URL, prefix);
  });
  const sql = db.$client;
  return {
    config,
    sim,
    db,
    producer,
    async child(settings) {
      const childOptions: ChildOptions = {
        config,
        redisUrl: REDIS_URL,
        dbPath,
        timeScale,
        // Below the simulator's budget with the usual 5 % headroom: the limiter is shared, not per process.
        burstPerWindow: options.simBurst ? Math.floor(options.simBurst * 0.9) : 180,
        ...(settings ? { settings } : {}),
      };
      const c = await spawnWorker(childOptions, { SIM_TOKEN: sim.token });
      children.push(c);
      return c;
    },
    runs: (connection) =>
      sql
        .prepare<[string], { id: number; startedAt: number; finishedAt: number | null; status: string }>(
          'SELECT id, started_at AS startedAt, finished_at AS finishedAt, status FROM sync_runs WHERE connection = ? ORDER BY id',
        )
        .all(connection),
    storedDeals: (connection) =>
      sql.prepare<[string], { n: number }>('SELECT count(*) AS n FROM deals WHERE connection = ?').get(connection)?.n ??
      0,
    diff: (connection) => compareSnapshots(hubspotView(model, sim.ids), readStoreSnapshot(db, connection)).count,
  };
}

describe('several worker processes', () => {
  it('never sync one connection twice at once, lose no write in the shared store, and see no 429 on one CRM account', async () => {
    const s = await setup({
      deals: 150,
      connections: ['a', 'b'],
      simBurst: 12,
      schedules: [{ job: 'sync', everyMinutes: 0.02 }],
    });
    // Default concurrency, windows shrunk 20x: a chained KPI run can hold a process's event loop while requests it
    // granted wait to leave, but a granted request holds its slot until answered, so they cannot bunch past the limit.
    // A 5 s lock: the chained KPI run is synchronous CPU work that holds the event loop for a while.
    const settings = { lockDurationMs: 5_000 };
    await Promise.all([s.child(settings), s.child(settings)]);
    // Manual runs on top of the schedule: deduplication lets one wait per connection, the lease does the rest.
    for (let i = 0; i < 6; i++) {
      await enqueueNow(s.producer, s.config, 'sync', i % 2 === 0 ? 'a' : 'b');
      await new Promise((r) => setTimeout(r, 700));
    }
    await waitFor(() => s.runs('a').filter((r) => r.status === 'succeeded').length >= 2, 60_000);
    for (const connection of ['a', 'b']) {
      const runs = s.runs(connection).filter((r) => r.finishedAt !== null);
      for (let i = 1; i < runs.length; i++) expect(runs[i]!.startedAt).toBeGreaterThanOrEqual(runs[i - 1]!.finishedAt!);
    }
    await waitFor(() => s.runs('b').some((r) => r.status === 'succeeded'), 30_000);
    // Two processes wrote two connections into one SQLite file at once: nothing lost on either side.
    expect(s.diff('a')).toBe(0);
    expect(s.diff('b')).toBe(0);
    // At least three full syncs went through the shared account (each is a few dozen requests).
    expect(s.sim.stats().total).toBeGreaterThan(100);
    // The shared limiter holds each slot until the answer is back (src/lib/rolling-window.ts), so even with windows
    // shrunk for the test no window on the simulator's side ever held more than the limit.
    expect(s.sim.stats().rateLimited).toBe(0);
  });

  it('picks a job up again after its worker is killed mid-sync, and the store ends equal to the CRM', async () => {
    const s = await setup({ deals: 150, connections: ['hs'], slowMs: 10 });
    const first = await s.child();
    const { jobId, queue } = await enqueueNow(s.producer, s.config, 'sync', 'hs');
    await waitFor(() => s.storedDeals('hs') > 0, 30_000);
    first.proc.kill('SIGKILL');
    await first.exited;
    expect(s.runs('hs').at(-1)?.status).toBe('running');
    await s.child();
    const q = s.producer.queues.get(queue);
    await waitFor(async () => (await q.getJobState(jobId)) === 'completed', 60_000);
    expect(s.diff('hs')).toBe(0);
    const job = await q.getJob(jobId);
    expect(job?.stalledCounter).toBeGreaterThanOrEqual(1);
  });

  it('releases the running job on SIGTERM without burning an attempt, and exits cleanly', async () => {
    const s = await setup({ deals: 150, connections: ['hs'], slowMs: 10 });
    const first = await s.child({ shutdownGraceMs: 0 });
    const { jobId, queue } = await enqueueNow(s.producer, s.config, 'sync', 'hs');
    await waitFor(() => s.storedDeals('hs') > 0, 30_000);
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const q = s.producer.queues.get(queue);
    expect(['delayed', 'waiting']).toContain(await q.getJobState(jobId));
    expect((await q.getJob(jobId))?.attemptsMade).toBe(0);
    expect(s.runs('hs').at(-1)?.status).toBe('failed');
    await s.child();
    await waitFor(async () => (await q.getJobState(jobId)) === 'completed', 60_000);
    expect(s.diff('hs')).toBe(0);
    const findings = await checkQueues({ queues: s.producer.queues, now: Date.now(), overdueAfterMs: 60_000 });
    expect(findings.filter((f) => f.kind === 'stalling-job')).toEqual([]);
  });
});
