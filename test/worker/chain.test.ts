import { describe, expect, it } from 'vitest';
import { enqueue, openQueueSet } from '../../src/jobs/queue/queues';
import { closeRedis, createRedis } from '../../src/jobs/queue/redis';
import { workerSettings } from '../../src/jobs/queue/settings';
import { silentLogger } from '../../src/lib/logger';
import { cleanupAfterEach, deletePrefix, REDIS_URL, uniquePrefix, waitFor } from './helpers';
import { startSimRuntime } from './sim-runtime';

const cleanups = cleanupAfterEach();

describe('schedules and the sync -> kpis chain', () => {
  it('fires a schedule, syncs the connection exactly, then runs kpis chained after the sync', async () => {
    // everyMinutes 0.02 = every 1.2 s: the first iteration is due within 1.2 s of the upsert.
    const h = await startSimRuntime({ schedules: [{ job: 'sync', everyMinutes: 0.02 }] });
    cleanups.push(() => h.close());
    const local = h.runtime!.queues.get(h.localQueue);
    const crm = h.runtime!.queues.get(h.crmQueue);
    // kpis is enqueued just before the sync is marked completed, so wait for both.
    await waitFor(async () => (await local.getJobCounts('completed')).completed! >= 1, 30_000);
    await waitFor(async () => (await crm.getJobCounts('completed')).completed! >= 1, 10_000);
    const [sync] = await crm.getCompleted(0, 0);
    expect(sync?.repeatJobKey).toBe('sync.hs');
    expect(sync?.returnvalue).toMatchObject({ status: 'succeeded' });
    const [kpis] = await local.getCompleted(0, 0);
    expect(kpis?.name).toBe('kpis');
    expect(kpis?.id).toMatch(/^kpis\.hs\.after\.repeat_sync\.hs_\d+$/);
    expect(kpis?.data).toEqual({ connection: 'hs' });
    expect(kpis?.returnvalue).toMatchObject({ rows: expect.any(Number) });
    expect(h.diffCount()).toBe(0);
  });
});

describe('queue options', () => {
  it('keeps no secret in job data and trims completed jobs to the configured count', async () => {
    const prefix = uniquePrefix();
    const settings = workerSettings({ prefix, keepCompleted: 3 });
    expect(settings.keepCompleted).toBe(3);
    const redis = createRedis(REDIS_URL, 'producer');
    const queues = openQueueSet({ redis, settings, log: silentLogger() });
    await expect(enqueue(queues.get('local'), 'sync', { connection: 'hs', token: 'pat-1' })).rejects.toThrow(
      /must not carry secrets/,
    );
    await queues.close();
    await closeRedis(redis);
    await deletePrefix(REDIS_URL, prefix);
  });
});
