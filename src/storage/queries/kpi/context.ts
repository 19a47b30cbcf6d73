/**
 * What every KPI input query shares: the raw SQLite handle, the connection, the as-of instant and the money
 * settings, resolved once per `loadKpiInput` call.
 */
import type Database from 'better-sqlite3';
import type { MoneySettings, RateRow } from '../../../lib/money';

/** Options of `loadKpiInput`; every key is optional. */
export interface KpiInputOptions {
  /** Pipelines in scope (ids): narrows the stage table, so the engine scopes every KPI to them. */
  scope?: { pipelines?: readonly string[] };
  /**
   * Replay the store as it was at this instant (epoch ms): deals, contacts, companies and leads created later are
   * left out, and so are stage visits, status and field changes and engagements after it; a deal's status, stage,
   * owner, lost reason, close date and probability are those of the instant. Amounts stay current (spec).
   * Absent: the current state, with no replay.
   */
  asOf?: number;
  /** Rate table for deals without a provider home amount (Pipedrive, or a currency HubSpot did not convert). */
  rates?: readonly RateRow[];
  /** Reporting currency; default the account's home currency. */
  reportingCurrency?: string;
  /** Owner id -> team id; wins over `owners.team_id` (Pipedrive teams come from config). */
  teams?: Readonly<Record<string, string>>;
  /**
   * Source map keys: when it holds `SOURCE:DETAIL` (`OFFLINE:PROSPECTING`), deals carry that combined value as
   * their source, so HubSpot's offline / prospecting / import can map to different directions.
   */
  sourceKeys?: Iterable<string>;
  /** Deal custom properties to read (the referrer property); others are never parsed. */
  properties?: readonly string[];
  /**
   * Attach stage visits and status changes to deals. Only the history-based KPIs need them (docs/kpis.md);
   * without them a deal costs one row instead of a dozen. @defaultValue true
   */
  history?: boolean;
  /**
   * Closed-deal facts: `daily` pre-aggregates by local day and segment in SQL (exact for calendar periods),
   * `per_deal` gives one fact per close at its exact instant (trailing windows), `none` lets the engine read deals.
   * @defaultValue 'daily'
   */
  facts?: 'daily' | 'per_deal' | 'none';
}

export interface QueryContext {
  sqlite: Database.Database;
  connection: string;
  asOf: number | null;
  timeZone: string;
  money: MoneySettings;
  sourceKeys: ReadonlySet<string>;
  properties: readonly string[];
}

/** A deal's raw source, or `SOURCE:DETAIL` when the source map keys on the detail. */
export function sourceValue(ctx: QueryContext, source: string | null, detail: string | null): string | null {
  if (source === null) return null;
  if (detail !== null) {
    const combined = `${source}:${detail}`;
    if (ctx.sourceKeys.has(combined)) return combined;
  }
  return source;
}

/** `?, ?, ?` for an IN list. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
