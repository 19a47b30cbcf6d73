import { resolveKpiConfig } from '../config/kpis';
import { runKpis } from '../jobs/kpis';
import type { Logger } from '../lib/logger';
import type { RateRow } from '../lib/money';
import type { KpiRow } from '../metrics';
import type { Db } from '../storage/db';
import { readKpiCatalog } from '../storage/queries/catalog';
import { table } from './output';

/**
 * The KPIs `pulse demo` shows, one main measure each over the whole account: period KPIs over the trailing 90
 * days (the current month may have just begun), the others in their default period or window.
 */
const HEADLINE: readonly (readonly [kpi: string, measure: string, label: string, trailing: boolean])[] = [
  ['won_revenue', 'amount', 'won revenue', false],
  ['win_rate', 'by_count', 'win rate', true],
  ['avg_revenue_per_sale', 'mean', 'average won deal', true],
  ['sales_cycle_days', 'median', 'sales cycle (median)', true],
  ['sales_velocity', 'velocity', 'sales velocity', false],
  ['open_value_by_stage', 'weighted', 'weighted open pipeline', false],
  ['conversations', 'count', 'conversations', true],
];
const TRAILING = 'last-90d';

/**
 * Computes the headline KPIs from the store with default settings (no targets: the demo has no config), as of
 * `now`. Stage-level rows are summed into one pipeline figure.
 */
export async function headlineKpis(
  db: Db,
  connection: string,
  deps: { now: number; log: Logger; rates?: readonly RateRow[] },
): Promise<HeadlineRow[]> {
  const { config } = resolveKpiConfig(undefined, readKpiCatalog(db, connection));
  const run = async (trailing: boolean): Promise<KpiRow[]> =>
    (
      await runKpis(
        {
          connection,
          kpis: HEADLINE.filter((h) => h[3] === trailing).map(([kpi]) => kpi),
          ...(trailing ? { periods: [TRAILING] } : {}),
        },
        {
          db,
          log: deps.log,
          now: () => deps.now,
          config,
          snapshot: false,
          ...(deps.rates ? { rates: deps.rates } : {}),
        },
      )
    ).rows;
  const rows = [...(await run(false)), ...(await run(true))];
  return HEADLINE.map(([kpi, measure, label]) => {
    const candidates = rows.filter((r) => r.kpi === kpi && r.measure === measure);
    const whole = candidates.filter((r) => Object.keys(r.segment).length === 0);
    // A per-stage KPI may come without an account-wide row: then its stage rows are summed.
    const summed = whole.length === 0 && kpi === 'open_value_by_stage';
    const matching = summed ? candidates.filter(isStageRow) : whole;
    const first = matching[0];
    const value = summed
      ? matching.reduce<number | null>((sum, r) => (r.value === null ? sum : (sum ?? 0) + r.value), null)
      : (first?.value ?? null);
    return {
      label,
      period: String(first?.period ?? first?.window ?? 'now'),
      value,
      unit: first?.unit ?? '',
      n: summed ? matching.reduce((n, r) => n + (r.n ?? 0), 0) : (first?.n ?? null),
      flags: summed ? [] : [...(first?.flags ?? [])],
    };
  });
}

export interface HeadlineRow {
  label: string;
  period: string;
  value: number | null;
  unit: string;
  n: number | null;
  flags: string[];
}

function isStageRow(r: KpiRow): boolean {
  const keys = Object.keys(r.segment);
  return keys.includes('stage') && keys.every((k) => k === 'stage' || k === 'pipeline');
}

export function formatHeadline(rows: readonly HeadlineRow[]): string {
  const show = (value: number | null, unit: string): string => {
    if (value === null) return '— (no data)';
    if (unit === 'ratio') return `${(value * 100).toFixed(1)} %`;
    if (unit === 'days') return `${value.toFixed(1)} days`;
    if (unit === 'per_day') return `${value.toFixed(2)} per day`;
    if (unit === 'count') return String(value);
    return `${Math.round(value).toLocaleString('en')} ${unit}`;
  };
  return table(
    ['KPI', 'period', 'value', 'n', 'flags'],
    rows.map((r) => [r.label, r.period, show(r.value, r.unit), r.n, r.flags.join(' ')]),
  );
}
