import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPipedriveConnector, type PipedriveConnectorOptions } from '../../src/connectors/pipedrive';
import { LocalTokenGovernor, ourBurstPerWindow } from '../../src/connectors/pipedrive/governor';
import { runSync, type SyncDeps, type SyncPayload, type SyncResult } from '../../src/jobs/sync';
import { silentLogger } from '../../src/lib/logger';
import type { FaultPlan } from '../../src/simulator/faults';
import type { SimModel } from '../../src/simulator/model';
import type { PipedrivePlan } from '../../src/simulator/pipedrive/limits';
import { type PipedriveSimulator, startPipedriveSimulator } from '../../src/simulator/pipedrive/server';
import { pipedriveView } from '../../src/simulator/views/pipedrive';
import { closeStore, type Db, openStore } from '../../src/storage/db';
import { readStoreSnapshot } from '../../src/storage/snapshot';
import { compareSnapshots, type SnapshotDiff } from '../../src/verify/compare-store';

export const CONNECTION = 'pd';
/** The 2 s burst window shrunk 20x on both sides: real counts, short waits. */
export const TIME_SCALE = 0.05;

export interface PipedriveHarness {
  sim: PipedriveSimulator;
  db: Db;
  path: string;
  sync(
    payload?: Partial<SyncPayload>,
    deps?: Partial<SyncDeps>,
    connector?: Partial<PipedriveConnectorOptions>,
  ): Promise<SyncResult>;
  diff(): SnapshotDiff;
  close(): Promise<void>;
}

export interface PipedriveHarnessOptions {
  faults?: FaultPlan;
  /** A daily token budget for simulator and governor alike (small: to exercise the clean stop). */
  budget?: number;
  /** @defaultValue 'growth' */
  plan?: PipedrivePlan;
  path?: string;
}

/**
 * A Pipedrive simulator serving `model`, a fresh SQLite file, and a sync wired to both over real HTTP. Each
 * `sync()` builds a new connector and governor, as a new worker run would; the budget the simulator keeps
 * (per model-clock day) carries over between runs.
 */
export async function startPipedriveHarness(
  model: SimModel,
  options: PipedriveHarnessOptions = {},
): Promise<PipedriveHarness> {
  const plan = options.plan ?? 'growth';
  const sim = await startPipedriveSimulator({
    model,
    port: 0,
    plan,
    timeScale: TIME_SCALE,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.budget !== undefined ? { budget: options.budget } : {}),
  });
  const path = options.path ?? join(mkdtempSync(join(tmpdir(), 'pulse-pd-')), 'pulse.db');
  const db = openStore({ path });
  const log = silentLogger();
  const windowMs = 2_000 * TIME_SCALE;
  let lastEnded = 0;
  return {
    sim,
    db,
    path,
    sync: async (payload = {}, deps = {}, connector = {}) => {
      // A new governor knows nothing of the last run's requests, which the simulator still counts for one burst
      // window. Real runs are hours apart; here days pass on the model clock only, so wait one real window.
      await sleep(Math.max(0, lastEnded + windowMs + 1 - Date.now()));
      try {
        return await runSync(
          { connection: CONNECTION, ...payload },
          {
            db,
            log,
            now: () => model.now,
            connector: createPipedriveConnector({
              baseUrl: sim.baseUrl,
              token: sim.token,
              plan,
              timeZone: model.account.timeZone,
              ...(options.budget !== undefined ? { dailyTokenBudget: options.budget } : {}),
              now: () => model.now,
              wallClock: Date.now,
              governor: new LocalTokenGovernor({
                dailyBudget: options.budget ?? null,
                burstPerWindow: ourBurstPerWindow(plan),
                burstWindowMs: 2_000 * TIME_SCALE,
              }),
              retry: { baseBackoffMs: 5 },
              ...connector,
            }),
            ...deps,
          },
        );
      } finally {
        lastEnded = Date.now();
      }
    },
    diff: () => compareSnapshots(pipedriveView(model, sim.ids), readStoreSnapshot(db, CONNECTION)),
    close: async () => {
      closeStore(db);
      await sim.close();
    },
  };
}
