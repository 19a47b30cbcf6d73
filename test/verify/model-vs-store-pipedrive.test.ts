/**
 * The independent path for Pipedrive: KPIs computed from a store synced through the Pipedrive connector equal
 * the KPIs computed from rows built straight from the model as Pipedrive carries it (`modelKpiInput(model,
 * 'pipedrive')`), row by row, on a generated history. The config goes through the same translation `pulse
 * verify` applies for Pipedrive (team map, channel labels, custom field keys) and the scenario's rate table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KpiSettings, resolveKpiConfig } from '../../src/config/kpis';
import type { PeriodSpec } from '../../src/lib/periods';
import { computeKpis, KPI_CATALOGUE, KPI_IDS, type KpiRow, type SegmentKey } from '../../src/metrics';
import { generateModel } from '../../src/simulator/generator';
import type { SimModel } from '../../src/simulator/model';
import { loadKpiInput, readKpiAccount } from '../../src/storage/queries/kpi-input';
import { modelKpiInput, pipedriveKpiCatalog } from '../../src/verify/model-rows';
import { pipedriveRates, pipedriveSettings } from '../../src/verify/pipedrive';
import { CONNECTION, type PipedriveHarness, startPipedriveHarness } from '../helpers/pipedrive-harness';

const NOW = Date.parse('2026-06-30T09:00:00Z');
const SEGMENTS: readonly SegmentKey[] = ['pipeline', 'owner', 'team', 'source', 'direction', 'industry'];
const CALENDAR: readonly (PeriodSpec | undefined)[] = [undefined, '2026-Q1', '2026-W10', 'FY2026'];

let model: SimModel;
let harness: PipedriveHarness;

/** Every KPI on, by label, as a Pipedrive user would configure it. */
function settingsFor(m: SimModel): KpiSettings {
  const nb = m.pipelines[0];
  if (nb === undefined) throw new Error('generated model without pipelines');
  const months: { month: string; sales: number }[] = [];
  for (let y = 2024; y <= 2026; y += 1)
    for (let mo = 1; mo <= 12; mo += 1) months.push({ month: `${y}-${String(mo).padStart(2, '0')}`, sales: 10_000 });
  return {
    targets: [{ annual: 5_000_000 }],
    stageRoles: {
      [nb.name]: { qualified: nb.stages[1]?.name ?? '', proposal: nb.stages[nb.stages.length - 1]?.name ?? '' },
    },
    referrerProperty: 'referred_by',
    spend: { rows: months },
    grossMargin: 0.7,
    customerLifetimeYears: 3,
    invalidLostReasons: ['duplicate'],
    leadsNeededPipeline: nb.name,
  } as KpiSettings;
}

const key = (r: KpiRow): string =>
  JSON.stringify([r.kpi, r.measure, r.period ?? null, r.window ?? null, Object.entries(r.segment).sort()]);

beforeAll(async () => {
  model = generateModel({ seed: 23, deals: 600, months: 14, now: NOW });
  harness = await startPipedriveHarness(model);
  const result = await harness.sync();
  expect(result.status).toBe('succeeded');
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

describe('Pipedrive: KPIs from the store equal KPIs from the model', () => {
  it('stores the generated history without a difference', () => {
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
  });

  it('gives the same rows, value for value, for every KPI, period and segment', () => {
    const resolved = resolveKpiConfig(pipedriveSettings(settingsFor(model), model), pipedriveKpiCatalog(model));
    expect(resolved.issues).toEqual([]);
    const { config, ownerTeams } = resolved;
    const timeZone = readKpiAccount(harness.db, CONNECTION).timeZone;
    expect(timeZone).toBe(model.account.timeZone);
    const options = {
      properties: config.referrerProperty === undefined ? [] : [config.referrerProperty],
      rates: pipedriveRates(model),
      teams: ownerTeams,
    };
    const storeCalendar = loadKpiInput(harness.db, CONNECTION, options);
    const storeWindowed = loadKpiInput(harness.db, CONNECTION, { ...options, facts: 'per_deal' });
    const fromModel = modelKpiInput(model, 'pipedrive', harness.sim.ids);
    const windowKpis = KPI_CATALOGUE.filter((d) => d.basis === 'window').map((d) => d.id);
    const otherKpis = KPI_CATALOGUE.filter((d) => d.basis !== 'window').map((d) => d.id);
    const compute = (input: typeof fromModel, kpis: readonly string[], period: PeriodSpec | undefined) =>
      computeKpis(input, config, {
        now: NOW,
        timeZone,
        kpis,
        segmentBy: SEGMENTS,
        ...(period === undefined ? {} : { periods: [period] }),
      });
    const fromStore = (period: PeriodSpec | undefined): KpiRow[] =>
      period === 'last-90d'
        ? compute(storeWindowed, KPI_IDS, period)
        : [
            ...compute(storeCalendar, otherKpis, period),
            ...compute(period === undefined ? storeWindowed : storeCalendar, windowKpis, period),
          ];
    const problems: string[] = [];
    let compared = 0;
    for (const period of [...CALENDAR, 'last-90d']) {
      const store = new Map(fromStore(period).map((r) => [key(r), r]));
      const truth = new Map(compute(fromModel, KPI_IDS, period).map((r) => [key(r), r]));
      for (const [k, want] of truth) {
        const got = store.get(k);
        if (!got) {
          problems.push(`${String(period)} ${k}: missing from the store's rows`);
          continue;
        }
        compared += 1;
        const same =
          want.value === null || got.value === null
            ? want.value === got.value
            : Math.abs(want.value - got.value) <= 1e-9 * Math.max(1, Math.abs(want.value));
        if (!same || want.n !== got.n || [...want.flags].sort().join() !== [...got.flags].sort().join()) {
          problems.push(
            `${String(period)} ${k}: model ${want.value} n=${want.n} [${want.flags}], store ${got.value} n=${got.n} [${got.flags}]`,
          );
        }
      }
      for (const k of store.keys())
        if (!truth.has(k)) problems.push(`${String(period)} ${k}: only in the store's rows`);
    }
    expect(problems.slice(0, 60)).toEqual([]);
    expect(compared).toBeGreaterThan(1000);
  }, 300_000);
});
