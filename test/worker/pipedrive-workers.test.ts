import { describe, expect, it } from 'vitest';
import { enqueueNow, openProducer } from '../../src/jobs/queue/producer';
import { silentLogger } from '../../src/lib/logger';
import { generateModel } from '../../src/simulator/generator';
import { startPipedriveSimulator } from '../../src/simulator/pipedrive/server';
import { pipedriveView } from '../../src/simulator/views/pipedrive';
import { closeStore, openStore } from '../../src/storage/db';
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

const cleanups = cleanupAfterEach({ ignoreFailures: true });

describe('worker processes on one Pipedrive company', () => {
  it('sync two connections at once through one shared governor, chain kpis, and see no 429', async () => {
    const model = generateModel({ seed: 9, deals: 80, months: 6, now: Date.parse('2026-01-15T09:00:00Z') });
    // 400 ms burst windows on both sides (2 s × 0.2); growth allows 40 per window, the governor 36 company-wide.
    const timeScale = 0.2;
    const sim = await startPipedriveSimulator({ model, port: 0, plan: 'growth', seats: 5, timeScale });
    const prefix = uniquePrefix();
    const dbPath = tempDb();
    // Two connections on one company (same base URL and token): one account key, one governor in Redis.
    const config = testConfig({
      connections: ['a', 'b'].map((id) => ({
        id,
        provider: 'pipedrive',
        tokenEnv: 'SIM_TOKEN',
        baseUrl: sim.baseUrl,
        plan: 'growth',
        seats: 5,
      })),
      worker: { prefix, lockDurationMs: 5_000, stalledIntervalMs: 500, backoffSeconds: 0.05, maxStalledCount: 3 },
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
    const options: ChildOptions = { config, redisUrl: REDIS_URL, dbPath, timeScale, settings: { concurrency: 1 } };
    children.push(...(await Promise.all([0, 1].map(() => spawnWorker(options, { SIM_TOKEN: sim.token })))));

    const sql = db.$client;
    const succeeded = (connection: string) =>
      sql
        .prepare<[string], { n: number }>(
          "SELECT count(*) AS n FROM sync_runs WHERE connection = ? AND status = 'succeeded'",
        )
        .get(connection)?.n ?? 0;
    const snapshots = (connection: string) =>
      sql
        .prepare<[string], { n: number }>('SELECT count(*) AS n FROM kpi_snapshots WHERE connection = ?')
        .get(connection)?.n ?? 0;
    await enqueueNow(producer, config, 'sync', 'a');
    await enqueueNow(producer, config, 'sync', 'b');
    await waitFor(() => succeeded('a') >= 1 && succeeded('b') >= 1, 90_000);
    // Both ran at once, one per process (two connections of one company share a queue and a governor).
    const runs = sql
      .prepare<[], { startedAt: number; finishedAt: number }>(
        "SELECT started_at AS startedAt, finished_at AS finishedAt FROM sync_runs WHERE status = 'succeeded'",
      )
      .all();
    expect(runs).toHaveLength(2);
    expect(Math.max(runs[0]!.startedAt, runs[1]!.startedAt)).toBeLessThan(
      Math.min(runs[0]!.finishedAt, runs[1]!.finishedAt),
    );
    await waitFor(() => snapshots('a') > 0 && snapshots('b') > 0, 60_000);

    for (const connection of ['a', 'b']) {
      expect(compareSnapshots(pipedriveView(model, sim.ids), readStoreSnapshot(db, connection)).count).toBe(0);
    }
    const stats = sim.stats();
    // Two full backfills (a changelog call per deal each): well over one window's worth, and not one 429.
    expect(stats.total).toBeGreaterThan(150);
    expect(stats.rateLimited).toBe(0);
  }, 150_000);
});
