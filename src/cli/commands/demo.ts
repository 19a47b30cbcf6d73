import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createHubSpotConnector } from '../../connectors/hubspot';
import { createPipedriveConnector } from '../../connectors/pipedrive';
import { LocalTokenGovernor, ourBurstPerWindow } from '../../connectors/pipedrive/governor';
import type { CrmConnector } from '../../connectors/types';
import { runSync } from '../../jobs/sync';
import { ConfigError } from '../../lib/errors';
import { createLogger, type Logger } from '../../lib/logger';
import { startHubSpotSimulator } from '../../simulator/hubspot/server';
import type { SimModel } from '../../simulator/model';
import { startPipedriveSimulator } from '../../simulator/pipedrive/server';
import { closeStore, openStore } from '../../storage/db';
import { storeOverview } from '../../storage/queries/overview';
import { pipedriveRates } from '../../verify/pipedrive';
import { formatHeadline, headlineKpis } from '../headline';
import { buildModel, parseInstant } from '../model-source';
import { printJson, table } from '../output';
import { syncProgressLine } from '../progress';
import { formatSyncResult } from './sync';

const CONNECTION = 'demo';
const PROVIDERS = ['hubspot', 'pipedrive'] as const;
type DemoProvider = (typeof PROVIDERS)[number];

/** A simulated CRM in this process and the connector that reads it; the rest of the demo is provider-neutral. */
interface DemoCrm {
  connector: CrmConnector;
  /** `a simulated HubSpot account`, for the headline. */
  name: string;
  /** The limits the simulator applies, for the headline. */
  limits: string;
  close(): Promise<void>;
}

/**
 * HubSpot Professional limits. The watermarks follow the simulator's clock; the limiter runs on real time,
 * scaled like the simulator's windows.
 */
async function hubspotCrm(model: SimModel, timeScale: number, log: Logger): Promise<DemoCrm> {
  // A throwaway token: the simulator checks it like HubSpot would, and it lives only in this process.
  const token = `demo-${randomUUID()}`;
  const sim = await startHubSpotSimulator({ model, port: 0, token, tier: 'professional', timeScale });
  return {
    connector: createHubSpotConnector({
      baseUrl: sim.baseUrl,
      token,
      log,
      now: () => model.now,
      wallClock: Date.now,
      limits: { burstWindowMs: 10_000 * timeScale, searchWindowMs: 1_000 * timeScale },
    }),
    name: 'a simulated HubSpot account',
    limits: 'Professional limits',
    close: () => sim.close(),
  };
}

/**
 * A Pipedrive company on the Growth plan with one seat per active user: the daily token budget and the burst
 * window are the real ones (the window scaled), and the governor keeps the usual 20 % reserve. The company time
 * zone is configuration on Pipedrive (it exposes none): the demo passes the model's.
 */
async function pipedriveCrm(model: SimModel, timeScale: number, log: Logger): Promise<DemoCrm> {
  // 40 hex like a real API token; it lives only in this process.
  const token = randomUUID().replaceAll('-', '').padEnd(40, '0');
  const seats = Math.max(1, model.users.filter((u) => !u.archived).length);
  const sim = await startPipedriveSimulator({ model, port: 0, token, plan: 'growth', seats, timeScale });
  const budget = sim.stats().tokens.limit;
  return {
    connector: createPipedriveConnector({
      baseUrl: sim.baseUrl,
      token,
      log,
      plan: 'growth',
      seats,
      timeZone: model.account.timeZone,
      now: () => model.now,
      wallClock: Date.now,
      governor: new LocalTokenGovernor({
        dailyBudget: budget,
        burstPerWindow: ourBurstPerWindow('growth'),
        burstWindowMs: 2_000 * timeScale,
        log,
      }),
    }),
    name: 'a simulated Pipedrive company',
    limits: `Growth plan, ${seats} seats (${budget.toLocaleString('en')} tokens a day)`,
    close: () => sim.close(),
  };
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'sync a simulated HubSpot or Pipedrive account into a fresh store and show what came in (no Redis, no token)',
    )
    .option('--provider <name>', 'hubspot or pipedrive', 'hubspot')
    .option('--scenario <file>', 'serve this scenario file instead of a generated history')
    .option('--deals <n>', 'generated deals', '2000')
    .option('--seed <n>', 'generator seed', '1')
    .option('--now <instant>', 'the simulated clock (default: the current time)')
    .option('--time-scale <x>', 'shrink the rate-limit windows of simulator and client alike (1 = the real CRM)', '0.2')
    .option('--store <file>', 'keep the store in this SQLite file (default: a fresh temporary one)')
    .option('--json', 'print the result as JSON')
    .action(
      async (opts: {
        provider: string;
        scenario?: string;
        deals: string;
        seed: string;
        now?: string;
        timeScale: string;
        store?: string;
        json?: boolean;
      }) => {
        if (!(PROVIDERS as readonly string[]).includes(opts.provider)) {
          throw new ConfigError(`--provider must be one of ${PROVIDERS.join(', ')}`);
        }
        const provider = opts.provider as DemoProvider;
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
        const log = createLogger();
        const crm =
          provider === 'hubspot' ? await hubspotCrm(model, timeScale, log) : await pipedriveCrm(model, timeScale, log);
        const path = opts.store ?? join(mkdtempSync(join(tmpdir(), 'pulse-demo-')), 'pulse.db');
        const db = openStore({ path });
        const progress = syncProgressLine(!opts.json, 'demo');
        try {
          const result = await runSync(
            { connection: CONNECTION, full: true },
            { db, connector: crm.connector, log, now: Date.now, onProgress: progress.update },
          );
          progress.done();
          const overview = storeOverview(db, CONNECTION);
          // KPIs as of the simulated clock; Pipedrive converts no currency, so the scenario's rates are the table.
          const headline = await headlineKpis(db, CONNECTION, {
            now: model.now,
            log,
            ...(provider === 'pipedrive' ? { rates: pipedriveRates(model) } : {}),
          });
          if (opts.json) return printJson({ provider, store: path, sync: result, overview, headline });
          process.stdout.write(
            `Pipeline Pulse demo: ${crm.name} (${opts.scenario ?? `${model.deals.length} generated deals`}), ` +
              `clock ${new Date(model.now).toISOString()}, ${crm.limits} at time scale ${timeScale}\n\n`,
          );
          process.stdout.write(formatSyncResult(result));
          // Token-metered CRMs (Pipedrive): what the sync cost against the company's daily budget.
          const tokens = crm.connector.stats().tokens;
          if (tokens !== undefined) {
            const left = tokens.left === null ? 'unknown' : tokens.left.toLocaleString('en');
            process.stdout.write(
              `tokens: ${tokens.used.toLocaleString('en')} used, ${left} left today above the reserve\n`,
            );
          }
          process.stdout.write(
            `\nIn the store (${path}), ${overview.timeZone}, ${overview.currency}:\n` +
              `${table(['what', 'count'], Object.entries(overview.counts))}\n` +
              `deals: ${overview.dealsByStatus.open} open, ${overview.dealsByStatus.won} won, ` +
              `${overview.dealsByStatus.lost} lost, ${overview.deletedDeals} deleted or merged\n`,
          );
          process.stdout.write(
            `\nHeadline KPIs as of ${new Date(model.now).toISOString()} (default settings; targets and stage roles ` +
              `come from the kpis section of a config, see docs/configuration.md):\n${formatHeadline(headline)}\n`,
          );
          if (result.status !== 'succeeded') process.exitCode = 1;
        } finally {
          progress.done();
          closeStore(db);
          await crm.close();
        }
      },
    );
}
