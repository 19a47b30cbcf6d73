import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHubSpotConnector, type HubSpotConnectorOptions } from '../../src/connectors/hubspot';
import { runSync, type SyncDeps, type SyncPayload, type SyncResult } from '../../src/jobs/sync';
import { silentLogger } from '../../src/lib/logger';
import type { FaultPlan } from '../../src/simulator/faults';
import { type HubSpotSimulator, startHubSpotSimulator } from '../../src/simulator/hubspot/server';
import type { SimModel } from '../../src/simulator/model';
import { hubspotView } from '../../src/simulator/views/hubspot';
import { closeStore, type Db, openStore } from '../../src/storage/db';
import { readStoreSnapshot } from '../../src/storage/snapshot';
import { compareSnapshots, type SnapshotDiff } from '../../src/verify/compare-store';

export const CONNECTION = 'hs';
/** Rate-limit windows shrunk 20x on both sides: tests keep the real counts without waiting 10 s windows. */
export const TIME_SCALE = 0.05;

export interface Harness {
  sim: HubSpotSimulator;
  db: Db;
  path: string;
  sync(
    payload?: Partial<SyncPayload>,
    deps?: Partial<SyncDeps>,
    connector?: Partial<HubSpotConnectorOptions>,
  ): Promise<SyncResult>;
  diff(): SnapshotDiff;
  close(): Promise<void>;
}

/** A simulator serving `model`, a fresh SQLite file, and a sync wired to both through the real HTTP stack. */
export async function startHarness(
  model: SimModel,
  options: { faults?: FaultPlan; searchLagMs?: number; path?: string } = {},
): Promise<Harness> {
  const sim = await startHubSpotSimulator({
    model,
    port: 0,
    timeScale: TIME_SCALE,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.searchLagMs !== undefined ? { searchLagMs: options.searchLagMs } : {}),
  });
  const path = options.path ?? join(mkdtempSync(join(tmpdir(), 'pulse-it-')), 'pulse.db');
  const db = openStore({ path });
  const log = silentLogger();
  return {
    sim,
    db,
    path,
    sync: (payload = {}, deps = {}, connector = {}) =>
      runSync(
        { connection: CONNECTION, ...payload },
        {
          db,
          log,
          now: () => model.now,
          connector: createHubSpotConnector({
            baseUrl: sim.baseUrl,
            token: sim.token,
            now: () => model.now,
            wallClock: Date.now,
            limits: { burstWindowMs: 10_000 * TIME_SCALE, searchWindowMs: 1_000 * TIME_SCALE },
            retry: { baseBackoffMs: 5 },
            ...connector,
          }),
          ...deps,
        },
      ),
    diff: () => compareSnapshots(hubspotView(model, sim.ids), readStoreSnapshot(db, CONNECTION)),
    close: async () => {
      closeStore(db);
      await sim.close();
    },
  };
}
