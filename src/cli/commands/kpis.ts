import { dirname } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { findConnection } from '../../config/load';
import { resolveConnectionKpis } from '../../jobs/kpi-config';
import { runKpis } from '../../jobs/kpis';
import { ConfigError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { labelOf, resolvePeriod } from '../../lib/periods';
import { DAY_MS, type Grain, localMidnight, parseInstant } from '../../lib/time';
import type { KpiConfig, KpiRow, SegmentKey } from '../../metrics';
import { closeStore } from '../../storage/db';
import { periodColumn, previousSnapshot } from '../../storage/repositories/kpi-snapshots';
import { openContext } from '../context';
import { printJson, table } from '../output';

const SEGMENT_KEYS: readonly SegmentKey[] = ['pipeline', 'stage', 'owner', 'team', 'source', 'direction', 'industry'];
const PERIOD_WORDS: Readonly<Record<string, Grain>> = {
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  fy: 'fiscal_year',
};

interface KpisOptions {
  connection?: string;
  period?: string;
  segment?: SegmentKey[];
  asOf?: string;
  json?: boolean;
}

function parseSegments(value: string): SegmentKey[] {
  const keys = value.split(',').map((k) => k.trim());
  const bad = keys.filter((k) => !(SEGMENT_KEYS as readonly string[]).includes(k));
  if (bad.length > 0)
    throw new InvalidArgumentError(`unknown segment ${bad.join(', ')} (use ${SEGMENT_KEYS.join(', ')})`);
  return keys as SegmentKey[];
}

/** A bare date means the end of that local day (everything that happened on it); else an ISO instant. */
function parseAsOf(value: string, timeZone: string): number {
  try {
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? localMidnight(value, timeZone) + DAY_MS - 1 : parseInstant(value);
  } catch {
    throw new ConfigError(`--as-of ${value}: not a date (2026-03-31) or an instant (2026-03-31T18:00:00Z)`);
  }
}

/** `week|month|quarter|fy` = the one containing the as-of instant; any other value is a period label. */
function periodLabel(value: string, asOf: number, timeZone: string, config: KpiConfig): string {
  const fiscal = { startMonth: config.fiscalYearStartMonth, naming: config.fiscalYearNaming };
  const grain = PERIOD_WORDS[value];
  if (grain) return labelOf(grain, asOf, timeZone, fiscal);
  try {
    resolvePeriod(value, asOf, timeZone, fiscal);
  } catch (err) {
    throw new ConfigError(`--period ${value}: ${(err as Error).message} (use week, month, quarter, fy or a label)`);
  }
  return value;
}

function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  if (unit === 'ratio') return `${(value * 100).toFixed(1)}%`;
  if (unit === 'count') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (unit === 'days') return `${value.toFixed(1)} d`;
  if (unit === 'per_day') return `${value.toFixed(2)}/day`;
  return `${value.toFixed(2)} ${unit}`;
}

function formatChange(row: KpiRow, previous: number | null | undefined): string {
  if (previous === undefined || previous === null || row.value === null) return '';
  const delta = row.value - previous;
  const text = row.unit === 'ratio' ? `${(delta * 100).toFixed(1)} pts` : delta.toFixed(2).replace(/\.00$/, '');
  return delta > 0 ? `+${text}` : text;
}

/** The JSON row: exactly the keys a scenario expectation uses, plus the missing-value counts when present. */
export function jsonRow(r: KpiRow): Record<string, unknown> {
  const out: Record<string, unknown> = { kpi: r.kpi, measure: r.measure };
  if (r.period !== undefined) out.period = r.period;
  if (r.window !== undefined) out.window = r.window;
  Object.assign(out, { segment: r.segment, value: r.value, unit: r.unit, n: r.n, flags: r.flags });
  for (const k of ['n_missing_amount', 'n_missing_close_date', 'n_missing_probability'] as const) {
    if (r[k] !== undefined) out[k] = r[k];
  }
  return out;
}

export function registerKpis(program: Command): void {
  program
    .command('kpis')
    .description('compute every KPI from the store, store a snapshot, and show the change since last week')
    .option('--connection <id>', 'connection (default: the first)')
    .option('--period <period>', 'week, month, quarter, fy (the one containing the as-of date), or a label')
    .option('--segment <keys>', `split by ${SEGMENT_KEYS.join(',')}`, parseSegments)
    .option('--as-of <date>', 'replay the store as of a date (end of that day) or an ISO instant')
    .option('--json', 'print one JSON object per value')
    .action(async (opts: KpisOptions, command: Command) => {
      const ctx = openContext(command);
      try {
        const connection = findConnection(ctx.config, opts.connection)[0];
        if (!connection) throw new ConfigError('no connection configured');
        const { config, ownerTeams, timeZone } = resolveConnectionKpis(
          ctx.db,
          ctx.config.kpis,
          connection,
          dirname(ctx.configPath),
        );
        const now = Date.now();
        const asOf = opts.asOf === undefined ? now : parseAsOf(opts.asOf, timeZone);
        const period = opts.period === undefined ? undefined : periodLabel(opts.period, asOf, timeZone, config);
        const { rows } = await runKpis(
          {
            connection: connection.id,
            ...(opts.asOf !== undefined ? { asOf } : {}),
            ...(period !== undefined ? { periods: [period] } : {}),
            ...(opts.segment ? { segmentBy: opts.segment } : {}),
          },
          { db: ctx.db, log: createLogger(), now: () => now, config, timeZone, ownerTeams },
        );
        if (opts.json) return printJson(rows.map(jsonRow));
        const body = rows.map((r) => {
          const previous = previousSnapshot(ctx.db, connection.id, r.kpi, r.measure, periodColumn(r), r.segment, asOf);
          const segment = Object.entries(r.segment).map(([k, v]) => `${k}=${v}`);
          const flags = r.setup ? [...r.flags, `set ${r.setup.join(', ')}`] : r.flags;
          return [
            r.kpi,
            r.measure,
            periodColumn(r) || 'now',
            segment.join(' ') || 'all',
            formatValue(r.value, r.unit),
            r.n,
            flags.join(' '),
            formatChange(r, previous?.value),
          ];
        });
        const head = ['kpi', 'measure', 'period', 'segment', 'value', 'n', 'flags', 'vs last week'];
        process.stdout.write(`${table(head, body)}\n`);
      } finally {
        closeStore(ctx.db);
      }
    });
}
