/**
 * Conversion of deal amounts into the reporting currency. Different currencies are never added unconverted: a
 * deal whose currency has no rate is left out of value measures and counted as missing, like a deal without an
 * amount. The store calls `reportingAmount` when it builds metric rows (`DealRow.amountReporting`).
 */

/** One rate: 1 unit of `currency` is worth `rate` units of the reporting currency, from `fromMs` on. */
export interface RateRow {
  currency: string;
  rate: number;
  /** First instant the rate applies (epoch ms); absent = applies at any date (a constant rate). */
  fromMs?: number;
}

export interface MoneySettings {
  /** ISO 4217 code every value is reported in. */
  reportingCurrency: string;
  /** Rates by currency and date (Pipedrive needs one as soon as deals use several currencies). */
  rates: readonly RateRow[];
  /**
   * Trust the provider's home-currency amount (HubSpot `amount_in_home_currency`) when present. Only valid when the
   * provider's home currency is the reporting currency. @defaultValue true
   */
  useProviderHomeAmount?: boolean;
}

/** The money fields of a deal as the store keeps them. */
export interface DealMoney {
  amount: number | null;
  currency: string | null;
  /** Provider-converted amount in the home currency, when the provider gives one. */
  amountHome?: number | null;
}

export type Conversion = { ok: true; value: number } | { ok: false; reason: 'no_amount' | 'no_rate' };

/** The rate of `currency` at instant `atMs`: the latest dated rate on or before it, else an undated one. */
export function rateAt(currency: string, atMs: number, settings: MoneySettings): number | null {
  if (currency === settings.reportingCurrency) return 1;
  let best: RateRow | null = null;
  let undated: RateRow | null = null;
  for (const r of settings.rates) {
    if (r.currency !== currency) continue;
    if (r.fromMs === undefined) undated = r;
    else if (r.fromMs <= atMs && (best === null || (best.fromMs ?? 0) < r.fromMs)) best = r;
  }
  return (best ?? undated)?.rate ?? null;
}

/** Converts an amount at instant `atMs`; a missing currency means the reporting currency. */
export function convert(money: DealMoney, atMs: number, settings: MoneySettings): Conversion {
  if (settings.useProviderHomeAmount !== false && money.amountHome !== undefined && money.amountHome !== null) {
    return { ok: true, value: money.amountHome };
  }
  if (money.amount === null) return { ok: false, reason: 'no_amount' };
  const rate = rateAt(money.currency ?? settings.reportingCurrency, atMs, settings);
  return rate === null ? { ok: false, reason: 'no_rate' } : { ok: true, value: money.amount * rate };
}

/**
 * A deal's amount in the reporting currency at the date the rules pick: won revenue at the won date's rate, lost
 * deals at the lost date's, open pipeline at the as-of instant's. Null when the amount or the rate is missing.
 */
export function reportingAmount(
  deal: DealMoney & { status: 'open' | 'won' | 'lost'; wonAt: number | null; lostAt: number | null },
  asOfMs: number,
  settings: MoneySettings,
): number | null {
  const at = deal.status === 'won' ? (deal.wonAt ?? asOfMs) : deal.status === 'lost' ? (deal.lostAt ?? asOfMs) : asOfMs;
  const c = convert(deal, at, settings);
  return c.ok ? c.value : null;
}
