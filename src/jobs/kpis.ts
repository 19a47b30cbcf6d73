/**
 * The `kpis` job: computes the whole KPI catalogue for one connection as of an instant, from the store, and
 * stores every value as a snapshot keyed by (connection, as of) — re-running replaces that run's rows.
 *
 * Each KPI gets the narrowest input that serves it: only the history-based KPIs (docs/kpis.md, "Per-deal rows with
 * visits") stream stage visits and status logs; the close-based ones read closed facts aggregated by local day in
 * SQL (or per deal when a trailing window needs exact instants). Everything else streams deal rows without history.
 */

import { heapGuard } from '../lib/gc';
import type { Logger } from '../lib/logger';
import type { RateRow } from '../lib/money';
import type { PeriodSpec } from '../lib/periods';
import {
  computeKpis,
  KPI_IDS,
  type KpiConfig,
  type KpiInput,
  type KpiRow,
  type SegmentKey,
  SweepingMemo,
} from '../metrics';
import type { Db } from '../storage/db';
import { type KpiInputOptions, loadKpiInput, readKpiAccount, SpillArea } from '../storage/queries/kpi-input';
import { replaceKpiSnapshots } from '../storage/repositories/kpi-snapshots';

/** `kpis` job payload. */
export interface KpisPayload {
  connection: string;
  /** The as-of instant (epoch ms): replays the store as it was. @defaultValue deps.now() */
  asOf?: number;
  /** Periods to compute every KPI for; absent = each KPI's default period. */
  periods?: readonly PeriodSpec[];
  /** Segment keys to split by, besides the whole. */
  segmentBy?: readonly SegmentKey[];
  /** KPI ids to compute; absent = the whole catalogue. */
  kpis?: readonly string[];
}

export interface KpisDeps {
  db: Db;
  log: Logger;
  /** The instant source; the CLI passes Date.now, tests a fixed clock. */
  now: () => number;
  /** The resolved `kpis` config (ids, not labels). */
  config: KpiConfig;
  /** IANA zone that overrides the account's (the connection's configured `timeZone`). */
  timeZone?: string;
  /** Rate table for currencies the provider did not convert (Pipedrive). */
  rates?: readonly RateRow[];
  /** Owner id -> team id from config (wins over the provider's teams). */
  ownerTeams?: Readonly<Record<string, string>>;
  /** Store the rows as a snapshot. @defaultValue true */
  snapshot?: boolean;
}

export interface KpisResult {
  rows: KpiRow[];
  /** The as-of instant the snapshot is stored under. */
  snapshotAt: number;
}

/** KPIs that read per-deal stage visits or status logs (docs/kpis.md, "Inputs, streaming and pre-aggregation"). */
const HISTORY_KPIS = new Set([
  'open_deals_by_stage',
  'stage_conversion',
  'danger_points',
  'proposal_loss_rate',
  'leads_needed',
  'conversations_to_close',
  'referral_6m_rate',
]);

/** KPIs on trailing windows whatever the period: day buckets would blur the window's edges. */
const TRAILING_KPIS = new Set(['sales_velocity']);

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Day buckets are exact when every period starts and ends at a local midnight (labels, date ranges, FYTD). */
function dayBucketsExact(periods: readonly PeriodSpec[] | undefined): boolean {
  return (periods ?? []).every((p) =>
    typeof p === 'string' ? !p.trim().startsWith('last-') : DATE_RE.test(p.from) && DATE_RE.test(p.to),
  );
}

/**
 * Computes the catalogue (or `payload.kpis`) as of `payload.asOf ?? now()`, stores the snapshot and returns the
 * rows in catalogue order.
 */
export async function runKpis(payload: KpisPayload, deps: KpisDeps): Promise<KpisResult> {
  const { db, config } = deps;
  const connection = payload.connection;
  const startedAt = deps.now();
  const asOf = payload.asOf ?? startedAt;
  const log = deps.log.child({ job: 'kpis', connection, asOf });
  const timeZone = deps.timeZone ?? readKpiAccount(db, connection).timeZone;
  const base: KpiInputOptions = {
    reportingCurrency: config.currency,
    sourceKeys: Object.keys(config.sourceDirections),
    ...(config.pipelines ? { scope: { pipelines: config.pipelines } } : {}),
    ...(payload.asOf !== undefined ? { asOf: payload.asOf } : {}),
    ...(deps.rates ? { rates: deps.rates } : {}),
    ...(deps.ownerTeams ? { teams: deps.ownerTeams } : {}),
    ...(config.referrerProperty !== undefined ? { properties: [config.referrerProperty] } : {}),
  };
  const exact = dayBucketsExact(payload.periods);
  // The run's spill files: the deal stream and the close facts are read from SQL once, replayed from disk after.
  const spill = new SpillArea();
  try {
    return await computeAll(payload, deps, { base, exact, spill, asOf, timeZone, log, startedAt });
  } finally {
    spill.close();
  }
}

interface RunSettings {
  base: KpiInputOptions;
  /** Day buckets are exact for the requested periods. */
  exact: boolean;
  spill: SpillArea;
  asOf: number;
  timeZone: string;
  log: Logger;
  startedAt: number;
}

/** Computes every requested KPI, grouped by input shape, and stores the snapshot. */
async function computeAll(payload: KpisPayload, deps: KpisDeps, run: RunSettings): Promise<KpisResult> {
  const { db, config } = deps;
  const { base, exact, spill, asOf, timeZone, log, startedAt } = run;
  const connection = payload.connection;
  // One input per shape, each with the intermediates its KPIs share (customer facts, cohorts, activity counts).
  const inputs = new Map<string, { input: KpiInput; shared: SweepingMemo }>();
  const shapeOf = (kpi: string) => {
    const history = HISTORY_KPIS.has(kpi);
    const facts = history ? 'none' : TRAILING_KPIS.has(kpi) || !exact ? 'per_deal' : 'daily';
    return { history, facts } as const;
  };
  const inputKey = (kpi: string): string => {
    const { history, facts } = shapeOf(kpi);
    return `${history}/${facts}`;
  };
  const inputFor = (kpi: string): { input: KpiInput; shared: SweepingMemo } => {
    const { history, facts } = shapeOf(kpi);
    const key = inputKey(kpi);
    let entry = inputs.get(key);
    if (!entry) {
      entry = { input: loadKpiInput(db, connection, { ...base, history, facts }, spill), shared: new SweepingMemo() };
      inputs.set(key, entry);
    }
    return entry;
  };
  // KPIs run grouped by input, and a group's shared intermediates are dropped when it is done, so only one
  // group's (customer maps, cohorts) is in memory at a time; within a group, what a KPI did not use is swept
  // after it (see SweepingMemo). Rows come back in the requested order.
  const ids = payload.kpis ?? KPI_IDS;
  const byKpi = new Map<string, KpiRow[]>();
  const heap = heapGuard();
  const groups = new Map<string, string[]>();
  for (const kpi of ids) {
    const key = inputKey(kpi);
    groups.set(key, [...(groups.get(key) ?? []), kpi]);
  }
  // The group of the history KPIs runs first, so its walk records the deal spill file every later group replays;
  // the group with daily close facts (the customer KPIs and their large per-customer maps) runs last, so the
  // memory V8 keeps after its peak is not the floor of the other groups' (at a million deals, running the
  // trailing-window group after it put the run's peak RSS above 500 MB).
  const rank = (kpis: readonly string[]) => {
    const { history, facts } = shapeOf(kpis[0] ?? '');
    return history ? 0 : facts === 'daily' ? 2 : 1;
  };
  const ordered = [...groups].sort(([, a], [, b]) => rank(a) - rank(b));
  for (const [key, kpis] of ordered) {
    for (const kpi of kpis) {
      const t0 = performance.now();
      const { input, shared } = inputFor(kpi);
      byKpi.set(
        kpi,
        computeKpis(input, config, {
          now: asOf,
          timeZone,
          kpis: [kpi],
          shared,
          ...(payload.periods ? { periods: payload.periods } : {}),
          ...(payload.segmentBy ? { segmentBy: payload.segmentBy } : {}),
        }),
      );
      shared.sweep();
      heap.settle();
      log.debug({ kpi, ms: Math.round(performance.now() - t0), recomputed: shared.recomputed }, 'kpi computed');
      // Each KPI is synchronous CPU work: let the event loop breathe between them, so a worker running this
      // keeps renewing its job locks and a sync in the same process keeps its requests moving.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    inputs.get(key)?.shared.clear();
  }
  const rows = ids.flatMap((kpi) => byKpi.get(kpi) ?? []);
  if (deps.snapshot !== false) replaceKpiSnapshots(db, connection, asOf, deps.now(), rows);
  log.info({ rows: rows.length, ms: deps.now() - startedAt, spilledBytes: spill.bytesWritten }, 'kpis computed');
  return { rows, snapshotAt: asOf };
}
