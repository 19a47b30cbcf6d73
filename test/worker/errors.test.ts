import { afterEach, describe, expect, it } from 'vitest';
import { enqueueNow, openProducer } from '../../src/jobs/queue/producer';
import { silentLogger } from '../../src/lib/logger';
import { waitFor } from './helpers';
import { type SimRuntime, startSimRuntime } from './sim-runtime';

let h: SimRuntime | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const finished = async (rt: SimRuntime, queue: string, jobId: string) => {
  const q = rt.runtime!.queues.get(queue);
  await waitFor(async () => ['completed', 'failed'].includes(await q.getJobState(jobId)), 30_000);
  return (await q.getJob(jobId))!;
};

/** Enqueues one sync of `hs` and waits until it completed or failed. */
const syncOnce = async (rt: SimRuntime) => {
  const producer = openProducer(rt.config, rt.redisUrl, silentLogger());
  const { jobId } = await enqueueNow(producer, rt.config, 'sync', 'hs');
  await producer.close();
  return finished(rt, rt.crmQueue, jobId);
};

describe('errors become queue behaviour', () => {
  it('rides out a 429 storm by pausing the account queue, without burning an attempt', async () => {
    // One attempt only: a single burnt attempt would fail the job. The client gives up on the first 429, so
    // every 429 reaches the queue as CrmRateLimitError.
    h = await startSimRuntime({
      faults: [{ kind: 'rate-limit', path: '/crm/*', count: 6, skip: 3 }],
      worker: { attempts: 1 },
      jobs: { maxRateLimitWaits: 0 },
    });
    const job = await syncOnce(h);
    expect(job.failedReason).toBeFalsy();
    expect(await job.getState()).toBe('completed');
    // BullMQ counts the finishing run as made: 1 made, though it was started again after each pause (parallel requests may share one).
    expect(job.attemptsMade).toBe(1);
    expect(job.attemptsStarted).toBeGreaterThan(1);
    expect(h.sim.stats().rateLimited).toBe(6);
    expect(h.diffCount()).toBe(0);
  });

  it('retries a job whose sync failed on server errors, with exponential backoff, until it completes exactly', async () => {
    // Enough consecutive 500s that the client's own five attempts run out on the first read: the attempt fails
    // with a retryable error and BullMQ runs the job again after its backoff.
    h = await startSimRuntime({
      faults: [{ kind: 'server-error', path: '/crm/*', count: 12 }],
      worker: { attempts: 5 },
      settings: { concurrency: 1 },
    });
    const job = await syncOnce(h);
    expect(await job.getState()).toBe('completed');
    expect(job.opts.backoff).toEqual({ type: 'exponential', delay: 50 });
    expect(job.attemptsMade).toBeGreaterThanOrEqual(2);
    expect(job.stacktrace?.length).toBe(job.attemptsMade - 1);
    expect(job.stacktrace?.[0]).toMatch(/500/);
    expect(h.sim.stats().faultsFired).toBe(12);
    expect(h.diffCount()).toBe(0);
  });

  it('fails a job at once, with the reason, when the CRM rejects the token', async () => {
    h = await startSimRuntime({ env: { SIM_TOKEN: 'pat-na1-wrong' }, worker: { attempts: 5 } });
    const job = await syncOnce(h);
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/^CrmAuthError: HubSpot rejected the token in SIM_TOKEN/);
    expect(JSON.stringify(job.data)).not.toContain('pat-');
  });

  it('fails a job at once, naming the variable, when the token variable is not set', async () => {
    h = await startSimRuntime({ env: { SIM_TOKEN: undefined }, worker: { attempts: 5 } });
    const job = await syncOnce(h);
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/^ConfigError: connection "hs" has no token[\s\S]*SIM_TOKEN/);
  });

  it('adds a manual sync once while one waits, and never reuses the id a kept completed job holds', async () => {
    h = await startSimRuntime({ start: false });
    const producer = openProducer(h.config, h.redisUrl, silentLogger());
    try {
      const first = await enqueueNow(producer, h.config, 'sync', 'hs');
      const again = await enqueueNow(producer, h.config, 'sync', 'hs');
      expect(again).toMatchObject({ jobId: first.jobId, deduplicated: true });
      await h.start();
      await finished(h, h.crmQueue, first.jobId);
      // The completed job is kept (keepCompleted): a fixed job id would now be swallowed; ours is new.
      const next = await enqueueNow(producer, h.config, 'sync', 'hs');
      expect(next.deduplicated).toBe(false);
      expect(next.jobId).not.toBe(first.jobId);
      const job = await finished(h, h.crmQueue, next.jobId);
      expect(await job.getState()).toBe('completed');
      expect(await h.runtime!.queues.get(h.crmQueue).getJobState(first.jobId)).toBe('completed');
    } finally {
      await producer.close();
    }
  });
});
