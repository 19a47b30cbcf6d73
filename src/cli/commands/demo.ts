import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createHubSpotConnector } from '../../connectors/hubspot';
import { runSync } from '../../jobs/sync';
import { ConfigError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { startHubSpotSimulator } from '../../simulator/hubspot/server';
import { closeStore, openStore } from '../../storage/db';
import { storeOverview } from '../../storage/queries/overview';
import { buildModel, parseInstant } from '../model-source';
import { printJson, table } from '../output';
import { syncProgressLine } from '../progress';
import { formatSyncResult } from './sync';

const CONNECTION = 'demo';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('sync a simulated HubSpot account into a fresh store and show what came in (no Redis, no token)')
    .option('--scenario <file>', 'serve this scenario file instead of a generated history')
    .option('--deals <n>', 'generated deals', '2000')
    .option('--seed <n>', 'generator seed', '1')
    .option('--now <instant>', 'the simulated clock (default: the current time)')
    .option('--time-scale <x>', 'shrink the rate-limit windows of simulator and client alike (1 = real HubSpot)', '0.2')
    .option('--store <file>', 'keep the store in this SQLite file (default: a fresh temporary one)')
    .option('--json', 'print the result as JSON')
    .action(
      async (opts: {
        scenario?: string;
        deals: string;
        seed: string;
        now?: string;
        timeScale: string;
        store?: string;
        json?: boolean;
      }) => {
        const timeScale = Number(opts.timeScale);
        if (!(timeScale > 0 && timeScale <= 1)) throw new ConfigError('--time-scale must be in (0, 1]');
        const model = await buildModel({
          ...(opts.scenario ? { scenario: opts.scenario } : {}),
          deals: Number(opts.deals),
          months: 18,
          seed: Number(opts.seed),
          now: opts.now ? parseInstant(opts.now) : Date.now(),
          nowExplicit: opts.now !== undefined,
        });
        // A throwaway token: the simulator checks it like HubSpot would, and it lives only in this process.
        const token = `demo-${randomUUID()}`;
        const sim = await startHubSpotSimulator({ model, port: 0, token, tier: 'professional', timeScale });
        const path = opts.store ?? join(mkdtempSync(join(tmpdir(), 'pulse-demo-')), 'pulse.db');
        const db = openStore({ path });
        const log = createLogger();
        const progress = syncProgressLine(!opts.json, 'demo');
        try {
          const connector = createHubSpotConnector({
            baseUrl: sim.baseUrl,
            token,
            log,
            // Watermarks follow the simulator's clock; the limiter runs on real time, scaled like the simulator's.
            now: () => model.now,
            wallClock: Date.now,
            limits: { burstWindowMs: 10_000 * timeScale, searchWindowMs: 1_000 * timeScale },
          });
          const result = await runSync(
            { connection: CONNECTION, full: true },
            { db, connector, log, now: Date.now, onProgress: progress.update },
          );
          progress.done();
          const overview = storeOverview(db, CONNECTION);
          if (opts.json) return printJson({ store: path, sync: result, overview });
          process.stdout.write(
            `Pipeline Pulse demo: a simulated HubSpot account (${opts.scenario ?? `${model.deals.length} generated deals`}), ` +
              `clock ${new Date(model.now).toISOString()}, Professional limits at time scale ${timeScale}\n\n`,
          );
          process.stdout.write(formatSyncResult(result));
          process.stdout.write(
            `\nIn the store (${path}), ${overview.timeZone}, ${overview.currency}:\n` +
              `${table(['what', 'count'], Object.entries(overview.counts))}\n` +
              `deals: ${overview.dealsByStatus.open} open, ${overview.dealsByStatus.won} won, ` +
              `${overview.dealsByStatus.lost} lost, ${overview.deletedDeals} deleted or merged\n`,
          );
          if (result.status !== 'succeeded') process.exitCode = 1;
        } finally {
          progress.done();
          closeStore(db);
          await sim.close();
        }
      },
    );
}
