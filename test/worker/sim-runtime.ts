import type { PulseConfig } from '../../src/config/schema';
import { queueNameOf } from '../../src/jobs/queue/queues';
import type { WorkerSettings } from '../../src/jobs/queue/settings';
import { startWorkerRuntime, type WorkerRuntime } from '../../src/jobs/queue/worker';
import { silentLogger } from '../../src/lib/logger';
import type { FaultPlan } from '../../src/simulator/faults';
import { generateModel } from '../../src/simulator/generator';
import { type HubSpotSimulator, startHubSpotSimulator } from '../../src/simulator/hubspot/server';
import type { SimModel } from '../../src/simulator/model';
import { hubspotView } from '../../src/simulator/views/hubspot';
import { closeStore, type Db, openStore } from '../../src/storage/db';
import { readStoreSnapshot } from '../../src/storage/snapshot';
import { compareSnapshots } from '../../src/verify/compare-store';
import { type SimJobOptions, simJobDeps } from './fixtures/sim-jobs';
import { deletePrefix, REDIS_URL, tempDb, testConfig, uniquePrefix } from './helpers';

export const TIME_SCALE = 0.05;

export interface SimRuntimeOptions {
  deals?: number;
  schedules?: unknown[];
  worker?: Record<string, unknown>;
  faults?: FaultPlan;
  env?: NodeJS.ProcessEnv;
  jobs?: Partial<SimJobOptions>;
  settings?: Partial<WorkerSettings>;
  redisUrl?: string;
  /** Start the runtime now. @defaultValue true */
  start?: boolean;
}

export interface SimRuntime {
  model: SimModel;
  sim: HubSpotSimulator;
  db: Db;
  dbPath: string;
  config: PulseConfig;
  prefix: string;
  redisUrl: string;
  env: NodeJS.ProcessEnv;
  runtime: WorkerRuntime | null;
  start(): Promise<WorkerRuntime>;
  crmQueue: string;
  localQueue: string;
  /** Store vs simulator model: 0 differences when the sync is exact. */
  diffCount(): number;
  close(): Promise<void>;
}

/** A simulator, a store and (unless `start: false`) an in-process worker runtime under a fresh prefix. */
export async function startSimRuntime(options: SimRuntimeOptions = {}): Promise<SimRuntime> {
  const model = generateModel({
    seed: 11,
    deals: options.deals ?? 60,
    months: 6,
    now: Date.parse('2026-01-15T09:00:00Z'),
  });
  const sim = await startHubSpotSimulator({
    model,
    port: 0,
    timeScale: TIME_SCALE,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const prefix = uniquePrefix();
  const redisUrl = options.redisUrl ?? REDIS_URL;
  const config = testConfig({
    connections: [{ id: 'hs', provider: 'hubspot', tokenEnv: 'SIM_TOKEN', baseUrl: sim.baseUrl }],
    schedules: options.schedules ?? [],
    worker: { prefix, lockDurationMs: 2_000, stalledIntervalMs: 1_000, backoffSeconds: 0.05, ...options.worker },
  });
  const dbPath = tempDb();
  const db = openStore({ path: dbPath });
  const env = { SIM_TOKEN: sim.token, ...options.env };
  const connection = config.connections[0]!;
  const self: SimRuntime = {
    model,
    sim,
    db,
    dbPath,
    config,
    prefix,
    redisUrl,
    env,
    runtime: null,
    crmQueue: queueNameOf('crm', connection),
    localQueue: queueNameOf('local', connection),
    async start() {
      self.runtime = await startWorkerRuntime({
        config,
        redisUrl,
        db,
        log: silentLogger(),
        env,
        jobDeps: simJobDeps({ timeScale: TIME_SCALE, ...options.jobs }, env),
        ...(options.settings ? { settings: options.settings } : {}),
      });
      return self.runtime;
    },
    diffCount: () => compareSnapshots(hubspotView(model, sim.ids), readStoreSnapshot(db, 'hs')).count,
    async close() {
      await self.runtime?.close();
      closeStore(db);
      await sim.close();
      await deletePrefix(redisUrl, prefix).catch(() => undefined);
    },
  };
  if (options.start !== false) await self.start();
  return self;
}
