/**
 * Period labels as scenario files and the CLI write them, parsed into instants in the account's zone:
 * `2026-W05` (ISO week), `2026-03`, `2026-Q1` (calendar quarter), `FY2027`, `FY2027-Q1` (fiscal), `FYTD`,
 * `{ from, to }` (half-open, bare dates at local midnight) and trailing windows `last-90d` = [now - 90 x 24 h, now).
 */
import { DateTime } from 'luxon';
import {
  CALENDAR_FISCAL,
  DAY_MS,
  type FiscalCalendar,
  fiscalYearInterval,
  type Grain,
  type Interval,
  localMidnight,
  parseInstant,
  periodContaining,
} from './time';

/** An explicit range as written in a scenario: dates (`2026-01-01`) or instants with an offset. */
export interface RangeSpec {
  from: string;
  to: string;
}

/** What a caller may ask for: a label, a trailing window (`last-90d`) or an explicit range. */
export type PeriodSpec = string | RangeSpec;

/** The label a KPI row carries: the string as written, or the range object. */
export type PeriodLabel = string | RangeSpec;

/** A period or window resolved to instants. */
export interface ResolvedPeriod extends Interval {
  /** `period` for calendar periods and ranges; `window` for trailing windows (rows carry `window:`). */
  kind: 'period' | 'window';
  label: PeriodLabel;
  /** The calendar grain, `range` for `{from,to}` and FYTD, `trailing` for `last-Nd`. */
  grain: Grain | 'range' | 'trailing';
}

const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;
const FY_RE = /^FY(\d{4})$/;
const FQ_RE = /^FY(\d{4})-Q([1-4])$/;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const TRAILING_RE = /^last-(\d+)d$/;

function boundary(value: string, timeZone: string): number {
  return DAY_RE.test(value) ? localMidnight(value, timeZone) : parseInstant(value);
}

/** Resolves a period spec; `now` only matters for trailing windows and `FYTD`. Throws a RangeError when unknown. */
export function resolvePeriod(
  spec: PeriodSpec,
  now: number,
  timeZone: string,
  fiscal: FiscalCalendar = CALENDAR_FISCAL,
): ResolvedPeriod {
  if (typeof spec !== 'string') {
    const start = boundary(spec.from, timeZone);
    const end = boundary(spec.to, timeZone);
    if (end < start) throw new RangeError(`period ${spec.from}..${spec.to} ends before it starts`);
    return { kind: 'period', label: { from: spec.from, to: spec.to }, grain: 'range', start, end };
  }
  const label = spec.trim();
  const trailing = TRAILING_RE.exec(label);
  if (trailing) {
    return { kind: 'window', label, grain: 'trailing', start: now - Number(trailing[1]) * DAY_MS, end: now };
  }
  if (label.toUpperCase() === 'FYTD') {
    const fy = periodContaining('fiscal_year', now, timeZone, fiscal);
    return { kind: 'period', label: 'FYTD', grain: 'range', start: fy.start, end: now };
  }
  const at = (dt: DateTime, grain: Grain): ResolvedPeriod => {
    if (!dt.isValid) throw new RangeError(`invalid period label "${label}"`);
    const p = periodContaining(grain, dt.toMillis(), timeZone, fiscal);
    return { kind: 'period', label, grain, start: p.start, end: p.end };
  };
  let m = WEEK_RE.exec(label);
  if (m) {
    const dt = DateTime.fromObject(
      { weekYear: Number(m[1]), weekNumber: Number(m[2]), weekday: 1 },
      { zone: timeZone },
    );
    // luxon rolls week 53 of a 52-week year into the next year: reject instead of answering another week.
    if (dt.isValid && dt.weekYear !== Number(m[1])) throw new RangeError(`invalid ISO week "${label}"`);
    return at(dt, 'week');
  }
  m = MONTH_RE.exec(label);
  if (m)
    return at(DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: 1 }, { zone: timeZone }), 'month');
  m = QUARTER_RE.exec(label);
  if (m) {
    const month = (Number(m[2]) - 1) * 3 + 1;
    return at(DateTime.fromObject({ year: Number(m[1]), month, day: 1 }, { zone: timeZone }), 'quarter');
  }
  m = FY_RE.exec(label);
  if (m) {
    const iv = fiscalYearInterval(Number(m[1]), timeZone, fiscal);
    return { kind: 'period', label, grain: 'fiscal_year', ...iv };
  }
  m = FQ_RE.exec(label);
  if (m) {
    const fy = fiscalYearInterval(Number(m[1]), timeZone, fiscal);
    const start = DateTime.fromMillis(fy.start, { zone: timeZone }).plus({ months: 3 * (Number(m[2]) - 1) });
    return {
      kind: 'period',
      label,
      grain: 'fiscal_quarter',
      start: start.toMillis(),
      end: start.plus({ months: 3 }).toMillis(),
    };
  }
  if (DAY_RE.test(label)) {
    const start = localMidnight(label, timeZone);
    return { kind: 'period', label, grain: 'day', start, end: periodContaining('day', start, timeZone).end };
  }
  throw new RangeError(`unknown period "${label}" (expected 2026-W05, 2026-03, 2026-Q1, FY2027, FY2027-Q1, last-90d)`);
}

/** The label of the period of `grain` containing `ms` (`2026-W06` for a Sunday 23:30 UTC win in Paris). */
export function labelOf(grain: Grain, ms: number, timeZone: string, fiscal: FiscalCalendar = CALENDAR_FISCAL): string {
  return periodContaining(grain, ms, timeZone, fiscal).label;
}

/** Same label for comparisons and map keys (`{from,to}` becomes `from..to`). */
export function periodKey(label: PeriodLabel): string {
  return typeof label === 'string' ? label : `${label.from}..${label.to}`;
}
