/**
 * Time-zone aware calendar arithmetic for KPIs. Instants are epoch milliseconds (UTC); every bucket boundary is a
 * local midnight in the account's IANA zone, computed with luxon so weeks and months that cross a DST change have
 * their real length (a spring-forward week lasts 167 h). Nothing here reads the clock: callers pass `now`.
 */
import { DateTime } from 'luxon';

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** A half-open interval of instants: `start <= t < end`. */
export interface Interval {
  start: number;
  end: number;
}

/** How fiscal years are laid out. */
export interface FiscalCalendar {
  /** Month (1-12) the fiscal year starts in. @defaultValue 1 */
  startMonth: number;
  /**
   * `end`: FY2027 is the fiscal year that ends in 2027 (start month April: April 2026 - March 2027).
   * `start`: named by the calendar year it starts in. A January start is the calendar year either way.
   * @defaultValue 'end'
   */
  naming: 'end' | 'start';
}

export const CALENDAR_FISCAL: FiscalCalendar = { startMonth: 1, naming: 'end' };

/** Calendar grains a period label can name. `quarter` is always a calendar quarter. */
export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'fiscal_year' | 'fiscal_quarter';

/** A named calendar period in a zone. */
export interface Period extends Interval {
  grain: Grain;
  /** `2026-W05`, `2026-03`, `2026-Q1`, `FY2027`, `FY2027-Q1`, `2026-03-31` (day). */
  label: string;
}

/** The local date-time of an instant; throws on an unknown zone so a typo never buckets in UTC silently. */
export function toLocal(ms: number, timeZone: string): DateTime {
  const dt = DateTime.fromMillis(ms, { zone: timeZone });
  if (!dt.isValid) throw new RangeError(`invalid instant or time zone: ${ms} in "${timeZone}"`);
  return dt;
}

/** True when luxon knows the IANA zone. */
export function isValidTimeZone(timeZone: string): boolean {
  return DateTime.fromMillis(0, { zone: timeZone }).isValid;
}

/** Parses an ISO-8601 instant with an offset or `Z` into epoch ms. */
export function parseInstant(iso: string): number {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new RangeError(`invalid ISO instant: "${iso}"`);
  return dt.toMillis();
}

/** The instant of local midnight starting calendar date `YYYY-MM-DD` in `timeZone`. */
export function localMidnight(date: string, timeZone: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`invalid calendar date: "${date}"`);
  const dt = DateTime.fromISO(date, { zone: timeZone });
  if (!dt.isValid) throw new RangeError(`invalid calendar date or zone: "${date}" in "${timeZone}"`);
  return dt.startOf('day').toMillis();
}

/** The local calendar date `YYYY-MM-DD` of an instant. */
export function localDate(ms: number, timeZone: string): string {
  return toLocal(ms, timeZone).toISODate() ?? '';
}

/** Exact elapsed time in fractional days (24 h each), not calendar days: a DST night does not shorten it. */
export function elapsedDays(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / DAY_MS;
}

/** Adds calendar months in the zone (month ends clamp: Mar 31 - 1 month = Feb 28). */
export function plusMonths(ms: number, months: number, timeZone: string): number {
  return toLocal(ms, timeZone).plus({ months }).toMillis();
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Fiscal-year bounds of the year whose label is `labelYear` (`FY2027` -> 2027). */
export function fiscalYearInterval(labelYear: number, timeZone: string, fiscal: FiscalCalendar): Interval {
  const startYear = fiscal.naming === 'start' || fiscal.startMonth === 1 ? labelYear : labelYear - 1;
  const start = DateTime.fromObject({ year: startYear, month: fiscal.startMonth, day: 1 }, { zone: timeZone });
  return { start: start.toMillis(), end: start.plus({ years: 1 }).toMillis() };
}

/** Label year and fiscal month index (0 = first fiscal month) of an instant. */
export function fiscalPosition(
  ms: number,
  timeZone: string,
  fiscal: FiscalCalendar,
): { labelYear: number; monthIndex: number } {
  const dt = toLocal(ms, timeZone);
  const startYear = dt.month >= fiscal.startMonth ? dt.year : dt.year - 1;
  const labelYear = fiscal.naming === 'start' || fiscal.startMonth === 1 ? startYear : startYear + 1;
  return { labelYear, monthIndex: (dt.month - fiscal.startMonth + 12) % 12 };
}

/** The period of `grain` that contains instant `ms` in `timeZone`. */
export function periodContaining(
  grain: Grain,
  ms: number,
  timeZone: string,
  fiscal: FiscalCalendar = CALENDAR_FISCAL,
): Period {
  const dt = toLocal(ms, timeZone);
  switch (grain) {
    case 'day': {
      const start = dt.startOf('day');
      return {
        grain,
        label: start.toISODate() ?? '',
        start: start.toMillis(),
        end: start.plus({ days: 1 }).toMillis(),
      };
    }
    case 'week': {
      // luxon's startOf('week') is the ISO Monday unless locale weeks are requested.
      const start = dt.startOf('week');
      const label = `${start.weekYear}-W${pad2(start.weekNumber)}`;
      return { grain, label, start: start.toMillis(), end: start.plus({ weeks: 1 }).toMillis() };
    }
    case 'month': {
      const start = dt.startOf('month');
      const label = `${start.year}-${pad2(start.month)}`;
      return { grain, label, start: start.toMillis(), end: start.plus({ months: 1 }).toMillis() };
    }
    case 'quarter': {
      const start = dt.startOf('quarter');
      const label = `${start.year}-Q${start.quarter}`;
      return { grain, label, start: start.toMillis(), end: start.plus({ months: 3 }).toMillis() };
    }
    case 'fiscal_year': {
      const { labelYear } = fiscalPosition(ms, timeZone, fiscal);
      return { grain, label: `FY${labelYear}`, ...fiscalYearInterval(labelYear, timeZone, fiscal) };
    }
    case 'fiscal_quarter': {
      const { labelYear, monthIndex } = fiscalPosition(ms, timeZone, fiscal);
      const q = Math.floor(monthIndex / 3) + 1;
      const fy = DateTime.fromMillis(fiscalYearInterval(labelYear, timeZone, fiscal).start, { zone: timeZone });
      const start = fy.plus({ months: 3 * (q - 1) });
      return {
        grain,
        label: `FY${labelYear}-Q${q}`,
        start: start.toMillis(),
        end: start.plus({ months: 3 }).toMillis(),
      };
    }
  }
}

/** The last period of `grain` that ended at or before `now` (the weekly digest covers the last completed week). */
export function lastCompletedPeriod(
  grain: Grain,
  now: number,
  timeZone: string,
  fiscal: FiscalCalendar = CALENDAR_FISCAL,
): Period {
  const current = periodContaining(grain, now, timeZone, fiscal);
  return periodContaining(grain, current.start - 1, timeZone, fiscal);
}

/** The `count` periods of `grain` right before `period` (oldest first): trailing quarters, weeks... */
export function previousPeriods(
  period: Period,
  count: number,
  timeZone: string,
  fiscal: FiscalCalendar = CALENDAR_FISCAL,
): Period[] {
  const out: Period[] = [];
  let cursor = period.start;
  for (let i = 0; i < count; i += 1) {
    const p = periodContaining(period.grain, cursor - 1, timeZone, fiscal);
    out.unshift(p);
    cursor = p.start;
  }
  return out;
}

/** Every period of `grain` that overlaps `interval`, oldest first. */
export function periodsOverlapping(
  grain: Grain,
  interval: Interval,
  timeZone: string,
  fiscal: FiscalCalendar = CALENDAR_FISCAL,
): Period[] {
  const out: Period[] = [];
  let cursor = interval.start;
  while (cursor < interval.end) {
    const p = periodContaining(grain, cursor, timeZone, fiscal);
    out.push(p);
    cursor = p.end;
  }
  return out;
}

/** True when `start <= ms < end`. */
export function within(ms: number | null | undefined, interval: Interval): ms is number {
  return ms !== null && ms !== undefined && ms >= interval.start && ms < interval.end;
}
