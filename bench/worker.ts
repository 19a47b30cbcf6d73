/**
 * Worker scale-out benchmark: 10 connections, each its own simulated HubSpot account, synced (then KPIs) by 1, 2
 * and 4 `pulse worker` processes side by side. Prints jobs per second, end-to-end sync time and the 429s each
 * account's simulator sent: the shared Redis limiter must keep that at 0 in every case.
 *
 *   node bin/run-ts.mjs bench/worker.ts [--deals 400] [--workers 1,2,4]
 *
 * Three roles in one file: the driver (default), `--role sims` (the 10 simulators, in their own process so their
 * CPU is not the workers'), and `--role worker` (one worker process).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { tokenOf } from '../src/config/load';
import { configSchema, type PulseConfig } from '../src/config/schema';
import { createHubSpotConnector } from '../src/connectors/hubspot';
import { enqueueNow, openProducer } from '../src/jobs/queue/producer';
import { LOCAL_QUEUE } from '../src/jobs/queue/queues';
import { onShutdownSignals } from '../src/jobs/queue/shutdown';
import { startWorkerRuntime } from '../src/jobs/queue/worker';
import { createLogger, silentLogger } from '../src/lib/logger';
import { generateModel } from '../src/simulator/generator';
import { type HubSpotSimulator, startHubSpotSimulator } from '../src/simulator/hubspot/server';
import { closeStore, openStore } from '../src/storage/db';

const CONNECTIONS = 10;
/** Rate windows shrunk 20x on both sides (as the tests do): real counts, 0.5 s burst windows. */
const TIME_SCALE = 0.05;
const REDIS_URL = process.env.PULSE_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};

interface WorkerOptions {
  config: PulseConfig;
  dbPath: string;
}

/** `--role sims`: serves 10 accounts; answers `stats` on stdin with the 429 count per account. */
async function sims(deals: number): Promise<void> {
  const servers: HubSpotSimulator[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const model = generateModel({ seed: 100 + i, deals, months: 12, now: Date.parse('2026-01-15T09:00:00Z') });
    servers.push(await startHubSpotSimulator({ model, port: 0, timeScale: TIME_SCALE }));
  }
  process.stdout.write(`${JSON.stringify({ baseUrls: servers.map((s) => s.baseUrl), token: servers[0]!.token })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'stats') {
      const stats = servers.map((s) => ({ rateLimited: s.stats().rateLimited, total: s.stats().total }));
      process.stdout.write(`${JSON.stringify(stats)}\n`);
    }
  }
  await Promise.all(servers.map((s) => s.close()));
}

/** `--role worker`: one worker process against the simulators, scaled limiter windows. */
async function worker(): Promise<void> {
  const options = JSON.parse(process.env.PULSE_BENCH_WORKER ?? '{}') as WorkerOptions;
  const log = createLogger('warn');
  const db = openStore({ path: options.dbPath });
  const runtime = await startWorkerRuntime({
    config: options.config,
    redisUrl: REDIS_URL,
    db,
    log,
    env: process.env,
    closeDb: closeStore,
    jobDeps: {
      limitsFor: () => ({
        burstPerWindow: 180,
        burstWindowMs: 10_000 * TIME_SCALE,
        searchWindowMs: 1_000 * TIME_SCALE,
      }),
      connectorFor: (connection, limiter, l) =>
        createHubSpotConnector({
          baseUrl: connection.baseUrl ?? '',
          token: tokenOf(connection, process.env),
          log: l,
          limiter,
          retry: { baseBackoffMs: 5 },
        }),
    },
  });
  onShutdownSignals({ close: runtime.close, log });
  process.stdout.write('ready\n');
}

function lines(proc: ChildProcess): AsyncIterator<string> {
  return createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
}

async function next(it: AsyncIterator<string>): Promise<string> {
  const r = await it.next();
  if (r.done) throw new Error('child closed its output');
  return r.value;
}

const self = (role: string, env: NodeJS.ProcessEnv, extra: string[] = []) =>
  spawn(process.execPath, ['bin/run-ts.mjs', 'bench/worker.ts', '--role', role, ...extra], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });

interface CaseResult {
  workers: number;
  seconds: number;
  jobsPerSecond: number;
  syncSeconds: number;
  rateLimited: number;
}

async function runCase(workers: number, baseUrls: string[], token: string, simIo: { ask(): Promise<string> }) {
  const prefix = `bench-${Date.now().toString(36)}`;
  const dbPath = join(mkdtempSync(join(tmpdir(), 'pulse-bench-')), 'pulse.db');
  const config = configSchema.parse({
    storage: { path: dbPath },
    connections: baseUrls.map((baseUrl, i) => ({ id: `c${i}`, provider: 'hubspot', tokenEnv: 'SIM_TOKEN', baseUrl })),
    worker: { prefix, concurrency: 2 },
  });
  openStore({ path: dbPath }).$client.close(); // migrate once, before the workers race to
  const before = JSON.parse(await simIo.ask()) as { rateLimited: number }[];
  const procs = Array.from({ length: workers }, () =>
    self('worker', { SIM_TOKEN: token, PULSE_BENCH_WORKER: JSON.stringify({ config, dbPath }) }),
  );
  await Promise.all(procs.map((p) => next(lines(p))));
  const producer = openProducer(config, REDIS_URL, silentLogger());
  const t0 = performance.now();
  for (const c of config.connections) await enqueueNow(producer, config, 'sync', c.id);
  const local = producer.queues.get(LOCAL_QUEUE);
  let syncDone = 0;
  for (;;) {
    const crmDone = await Promise.all(
      [...new Set((await producer.queues.known()).filter((q) => q !== LOCAL_QUEUE))].map((q) =>
        producer.queues.get(q).getJobCounts('completed', 'failed'),
      ),
    );
    const syncs = crmDone.reduce((n, c) => n + (c.completed ?? 0) + (c.failed ?? 0), 0);
    if (syncs >= CONNECTIONS && syncDone === 0) syncDone = performance.now();
    const kpis = await local.getJobCounts('completed', 'failed');
    if ((kpis.completed ?? 0) + (kpis.failed ?? 0) >= CONNECTIONS) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - t0) / 1000;
  await producer.close();
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
  const after = JSON.parse(await simIo.ask()) as { rateLimited: number }[];
  const rateLimited = after.reduce((n, s, i) => n + s.rateLimited - (before[i]?.rateLimited ?? 0), 0);
  await cleanup(prefix);
  return {
    workers,
    seconds,
    jobsPerSecond: (2 * CONNECTIONS) / seconds,
    syncSeconds: (syncDone - t0) / 1000,
    rateLimited,
  } satisfies CaseResult;
}

async function cleanup(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = nextCursor;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

async function driver(): Promise<void> {
  const deals = Number(arg('deals', '400'));
  const counts = arg('workers', '1,2,4').split(',').map(Number);
  const simProc = self('sims', {}, ['--deals', String(deals)]);
  const simLines = lines(simProc);
  const { baseUrls, token } = JSON.parse(await next(simLines)) as { baseUrls: string[]; token: string };
  const simIo = {
    ask: async () => {
      simProc.stdin!.write('stats\n');
      return next(simLines);
    },
  };
  console.log(
    `cores: ${availableParallelism()} (${cpus()[0]?.model ?? 'unknown'}); ${CONNECTIONS} connections x ${deals} deals, ` +
      `each its own simulated account (limits at 1/${1 / TIME_SCALE} window scale), concurrency 2 per process`,
  );
  const results: CaseResult[] = [];
  for (const n of counts) results.push(await runCase(n, baseUrls, token, simIo));
  const base = results[0]!;
  console.log('workers | all jobs (s) | jobs/s | sync e2e (s) | speed-up | 429s from simulators');
  for (const r of results) {
    console.log(
      `${String(r.workers).padStart(7)} | ${r.seconds.toFixed(2).padStart(12)} | ${r.jobsPerSecond.toFixed(2).padStart(6)} | ` +
        `${r.syncSeconds.toFixed(2).padStart(12)} | ${(base.syncSeconds / r.syncSeconds).toFixed(2).padStart(7)}x | ${r.rateLimited}`,
    );
  }
  simProc.stdin!.end();
  simProc.kill('SIGTERM');
  if (results.some((r) => r.rateLimited > 0)) process.exitCode = 1;
}

const role = arg('role', 'driver');
if (role === 'sims') await sims(Number(arg('deals', '400')));
else if (role === 'worker') await worker();
else await driver();
