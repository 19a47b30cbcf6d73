/**
 * `verifyScenario`: one scenario file end to end through a provider. Load the file, serve its model with the
 * provider's simulator, sync it through the real connector into a temporary SQLite store, compare the store with
 * the model's projection for that provider, resolve the scenario's `config` against the store's labels, compute
 * the KPIs from the store as of the scenario's `now`, and check every `expect` entry. An expectation whose
 * `providers` leaves the provider out is reported as skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type KpiCatalog, type KpiSettings, parseKpiSettings, resolveKpiConfig } from '../config/kpis';
import { createHubSpotConnector } from '../connectors/hubspot';
import { createPipedriveConnector } from '../connectors/pipedrive';
import { LocalTokenGovernor, ourBurstPerWindow } from '../connectors/pipedrive/governor';
import type { CrmConnector } from '../connectors/types';
import type { CrmSnapshot } from '../domain/snapshot';
import { runSync } from '../jobs/sync';
import { ConfigError } from '../lib/errors';
import { silentLogger } from '../lib/logger';
import type { RateRow } from '../lib/money';
import { startHubSpotSimulator } from '../simulator/hubspot/server';
import { startPipedriveSimulator } from '../simulator/pipedrive/server';
import { loadScenarioFile } from '../simulator/scenario/load';
import type { Expectation, Scenario } from '../simulator/scenario/types';
import { hubspotView } from '../simulator/views/hubspot';
import { pipedriveView } from '../simulator/views/pipedrive';
import { closeStore, openStore } from '../storage/db';
import { readKpiCatalog } from '../storage/queries/catalog';
import { loadKpiInput, readKpiAccount } from '../storage/queries/kpi-input';
import { readStoreSnapshot } from '../storage/snapshot';
import { compareSnapshots, type SnapshotDiff } from './compare-store';
import { evaluateExpectations } from './evaluate';
import { type ExpectationResult, type ProviderSegment, skippedExpectation } from './expectations';
import { hubspotSegment } from './model-rows';
import { pipedriveRates, pipedriveSegment, pipedriveSettings } from './pipedrive';

export type Provider = 'hubspot' | 'pipedrive';

/** The connection name the temporary store uses. */
const CONNECTION = 'verify';
/**
 * Rate-limit windows shrunk 20x on both sides (simulator and client agree), as in the integration tests: the
 * real request counts, without waiting whole 10 s (HubSpot) or 2 s (Pipedrive) windows on a scenario-sized sync.
 */
const TIME_SCALE = 0.05;

export interface VerifyOptions {
  /** @defaultValue 'hubspot' */
  provider?: Provider | 'all';
  /** Compute the KPIs as of this instant (epoch ms) instead of the scenario's `now` (a replay of the store). */
  asOf?: number;
}

/** What one provider run found. */
export interface ProviderResult {
  provider: Provider;
  status: 'ran' | 'skipped';
  /** Why the provider was skipped. */
  reason?: string;
  /** The sync job's outcome (`succeeded`...). */
  syncStatus?: string;
  /** Store vs model differences (the first 20, and the total). */
  store: SnapshotDiff | null;
  expectations: ExpectationResult[];
}

export interface VerifyResult {
  file: string;
  /** No failed expectation and no store difference in any provider that ran. */
  ok: boolean;
  providers: ProviderResult[];
}

/**
 * One provider's simulator and connector around a scenario, and the translations the comparison needs: the
 * store view of the model, the provider's segment values, its settings and the rate table.
 */
interface Rig {
  connector: CrmConnector;
  view(): CrmSnapshot;
  segmentOf(e: Expectation): ProviderSegment;
  settings: KpiSettings;
  rates: readonly RateRow[];
  close(): Promise<void>;
}

/** The `config` section validated (before anything is served); bad keys throw one ConfigError naming each. */
function settingsOf(file: string, scenario: Scenario): KpiSettings {
  const parsed = parseKpiSettings(scenario.config ?? {}, 'config');
  if (!parsed.ok) throw new ConfigError(`${file}: bad config`, parsed.issues);
  return parsed.settings;
}

/** Labels resolved against the store's catalog; a label the CRM does not know is a ConfigError too. */
function resolveConfig(file: string, settings: KpiSettings, catalog: KpiCatalog, baseDir: string) {
  const resolved = resolveKpiConfig(settings, catalog, { pathPrefix: 'config', baseDir });
  if (resolved.issues.length > 0) throw new ConfigError(`${file}: bad config`, resolved.issues);
  return resolved;
}

async function hubspotRig(scenario: Scenario, settings: KpiSettings): Promise<Rig> {
  const { model } = scenario;
  const sim = await startHubSpotSimulator({ model, port: 0, timeScale: TIME_SCALE });
  const now = (): number => model.now;
  return {
    connector: createHubSpotConnector({
      baseUrl: sim.baseUrl,
      token: sim.token,
      now,
      wallClock: Date.now,
      limits: { burstWindowMs: 10_000 * TIME_SCALE, searchWindowMs: 1_000 * TIME_SCALE },
    }),
    view: () => hubspotView(model, sim.ids),
    segmentOf: (e) => hubspotSegment(model, e.segment, sim.ids),
    settings,
    // HubSpot serves amounts in the home currency itself.
    rates: [],
    close: () => sim.close(),
  };
}

async function pipedriveRig(scenario: Scenario, settings: KpiSettings): Promise<Rig> {
  const { model } = scenario;
  const sim = await startPipedriveSimulator({ model, port: 0, plan: 'growth', timeScale: TIME_SCALE });
  const now = (): number => model.now;
  return {
    connector: createPipedriveConnector({
      baseUrl: sim.baseUrl,
      token: sim.token,
      plan: 'growth',
      // Pipedrive exposes no company time zone: the connection configures it (here: the scenario's).
      timeZone: model.account.timeZone,
      now,
      wallClock: Date.now,
      governor: new LocalTokenGovernor({
        dailyBudget: null,
        burstPerWindow: ourBurstPerWindow('growth'),
        burstWindowMs: 2_000 * TIME_SCALE,
      }),
    }),
    view: () => pipedriveView(model, sim.ids),
    segmentOf: (e) => pipedriveSegment(model, e.segment, sim.ids),
    settings: pipedriveSettings(settings, model),
    rates: pipedriveRates(model),
    close: () => sim.close(),
  };
}

async function runProvider(
  provider: Provider,
  file: string,
  scenario: Scenario,
  settings: KpiSettings,
  options: VerifyOptions,
): Promise<ProviderResult> {
  const { model } = scenario;
  const rig = provider === 'hubspot' ? await hubspotRig(scenario, settings) : await pipedriveRig(scenario, settings);
  const dir = mkdtempSync(join(tmpdir(), 'pulse-verify-'));
  const db = openStore({ path: join(dir, 'pulse.db') });
  try {
    const sync = await runSync(
      { connection: CONNECTION, full: true },
      { db, log: silentLogger(), now: () => model.now, connector: rig.connector },
    );
    const store = compareSnapshots(rig.view(), readStoreSnapshot(db, CONNECTION));
    const catalog = readKpiCatalog(db, CONNECTION);
    const { config, ownerTeams } = resolveConfig(file, rig.settings, catalog, dirname(file));
    const asOf = options.asOf ?? model.now;
    const inputOptions = {
      ...(options.asOf === undefined ? {} : { asOf }),
      teams: ownerTeams,
      rates: rig.rates,
      sourceKeys: Object.keys(config.sourceDirections),
      properties: config.referrerProperty === undefined ? [] : [config.referrerProperty],
      ...(config.pipelines === undefined ? {} : { scope: { pipelines: config.pipelines } }),
    };
    const expectations = evaluateExpectations(scenario.expect, {
      inputs: {
        calendar: loadKpiInput(db, CONNECTION, inputOptions),
        windowed: loadKpiInput(db, CONNECTION, { ...inputOptions, facts: 'per_deal' }),
      },
      config,
      now: asOf,
      timeZone: readKpiAccount(db, CONNECTION).timeZone,
      segmentOf: rig.segmentOf,
    }).map((r) =>
      r.expectation.providers !== undefined && !r.expectation.providers.includes(provider)
        ? skippedExpectation(r.index, r.expectation, `not carried by ${provider} (providers)`)
        : r,
    );
    return { provider, status: 'ran', syncStatus: sync.status, store, expectations };
  } finally {
    closeStore(db);
    await rig.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Verifies one scenario file through the chosen provider(s).
 *
 * @throws ScenarioError when the file is not a valid scenario; ConfigError when its `config` is bad
 *   (every problem named `config.<path>`)
 */
export async function verifyScenario(file: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const scenario = await loadScenarioFile(file);
  const settings = settingsOf(file, scenario);
  const provider = options.provider ?? 'hubspot';
  const wanted: Provider[] = provider === 'all' ? ['hubspot', 'pipedrive'] : [provider];
  const providers: ProviderResult[] = [];
  for (const p of wanted) providers.push(await runProvider(p, file, scenario, settings, options));
  const ok = providers.every(
    (p) =>
      p.status === 'skipped' ||
      (p.syncStatus === 'succeeded' && (p.store?.count ?? 0) === 0 && p.expectations.every((e) => e.status !== 'fail')),
  );
  return { file, ok, providers };
}
