/**
 * SQL functions the aggregating KPI queries call, registered on the connection once: local-day bucketing (SQLite
 * knows no time zones) and conversion into the reporting currency through `lib/money.ts`, so SQL sums use the
 * very rules the per-deal rows use. Their arguments carry every setting, so one registration serves every call.
 */
import type Database from 'better-sqlite3';
import { type MoneySettings, reportingAmount } from '../../../lib/money';
import { DAY_MS, localDate, localMidnight } from '../../../lib/time';

const registered = new WeakSet<Database.Database>();

/** Registers `pulse_local_day(ms, zone)` and `pulse_amount(amount, currency, home, status, at, settingsJson)`. */
export function registerKpiFunctions(sqlite: Database.Database): void {
  if (registered.has(sqlite)) return;
  registered.add(sqlite);
  // Local day starts cached per (zone, UTC day): luxon costs tens of microseconds, and a million closes fall in a
  // few thousand days. A local day lasts at least 23 h, so a UTC day holds at most one local midnight: an instant
  // belongs to the local day that contains the UTC day's last instant when it is at or after that day's start,
  // else to the local day that contains the UTC day's first instant.
  const bounds = new Map<string, readonly [number, number]>();
  const localDayOf = (ms: number, zone: string): number => {
    const utcDay = Math.floor(ms / DAY_MS);
    const key = `${zone}\u0000${utcDay}`;
    let b = bounds.get(key);
    if (b === undefined) {
      const first = utcDay * DAY_MS;
      b = [localMidnight(localDate(first, zone), zone), localMidnight(localDate(first + DAY_MS - 1, zone), zone)];
      if (bounds.size > 100_000) bounds.clear();
      bounds.set(key, b);
    }
    return ms >= b[1] ? b[1] : b[0];
  };
  sqlite.function('pulse_local_day', { deterministic: true }, (ms: unknown, zone: unknown) =>
    typeof ms === 'number' || typeof ms === 'bigint' ? localDayOf(Number(ms), String(zone)) : null,
  );
  let lastJson = '';
  let lastSettings: MoneySettings = { reportingCurrency: '', rates: [] };
  sqlite.function('pulse_amount', { deterministic: true, varargs: true }, (...args: unknown[]): number | null => {
    const [amount, currency, home, status, at, json] = args;
    if (typeof json !== 'string') return null;
    if (json !== lastJson) {
      lastSettings = JSON.parse(json) as MoneySettings;
      lastJson = json;
    }
    const closedAt = typeof at === 'number' ? at : Number.MAX_SAFE_INTEGER;
    const s = status === 'won' || status === 'lost' ? status : 'open';
    return reportingAmount(
      {
        amount: typeof amount === 'number' ? amount : null,
        currency: typeof currency === 'string' ? currency : null,
        amountHome: typeof home === 'number' ? home : null,
        status: s,
        wonAt: s === 'won' ? closedAt : null,
        lostAt: s === 'lost' ? closedAt : null,
      },
      closedAt,
      lastSettings,
    );
  });
}
