/**
 * `loadKpiInput`: the KPI engine's input for one connection, read from the store. Small reference tables
 * (stages, owners) are read whole; every record collection is a re-iterable stream whose iterator re-runs its
 * query (`Statement.iterate`), so the engine can walk it more than once without the store ever being in memory;
 * bounded slices (deals created / won in a range or open, engagements in a range) are index range scans.
 * Closed deals are pre-aggregated in SQL by local day for the close-based KPIs. Deleted and merged records
 * (`deleted_at` set) are left out everywhere.
 */
import type { MoneySettings } from '../../lib/money';
import type { KpiInput } from '../../metrics/types';
import type { Db } from '../db';
import type { KpiInputOptions, QueryContext } from './kpi/context';
import { dealRowsIn } from './kpi/deal-ranges';
import { dealRows } from './kpi/deals';
import { closedFactRows } from './kpi/facts';
import {
  companyRows,
  contactRows,
  engagementRows,
  engagementRowsIn,
  leadRows,
  ownerRows,
  stageRows,
} from './kpi/parties';
import type { SpillArea } from './kpi/spill';
import { spilledInput } from './kpi/spilled-input';
import { registerKpiFunctions } from './kpi/sql-functions';

export type { KpiInputOptions } from './kpi/context';
export { SpillArea } from './kpi/spill';

/** The account settings the input depends on (zone for day buckets, home currency for money). */
export interface KpiAccount {
  provider: 'hubspot' | 'pipedrive' | null;
  timeZone: string;
  currency: string;
}

/** The connection's account row; UTC / EUR when it was never synced (an empty store gives empty KPIs). */
export function readKpiAccount(db: Db, connection: string): KpiAccount {
  const row = db.$client
    .prepare<[string], { provider: 'hubspot' | 'pipedrive'; timeZone: string; currency: string }>(
      'SELECT provider, time_zone AS timeZone, currency FROM accounts WHERE connection = ?',
    )
    .get(connection);
  return row ?? { provider: null, timeZone: 'UTC', currency: 'EUR' };
}

/**
 * Builds the metric rows of one connection. Money is in the reporting currency: the provider's home amount
 * (HubSpot `amount_in_home_currency`) when the reporting currency is the account's, else `options.rates`.
 * Owner at creation / at close come from the owner history (else the current owner); a deal's industry is its
 * primary company's; customer keys are the deal's primary company, else its primary contact. With a `spill` area
 * (one per KPI run), the deal stream and the close facts are recorded on their first walk and replayed after
 * (kpi/spilled-input.ts).
 */
export function loadKpiInput(db: Db, connection: string, options: KpiInputOptions = {}, spill?: SpillArea): KpiInput {
  const account = readKpiAccount(db, connection);
  const reportingCurrency = options.reportingCurrency ?? account.currency;
  const money: MoneySettings = {
    reportingCurrency,
    rates: options.rates ?? [],
    // The provider converted into its home currency: only usable when that is the reporting currency.
    useProviderHomeAmount: reportingCurrency === account.currency,
  };
  const ctx: QueryContext = {
    sqlite: db.$client,
    connection,
    asOf: options.asOf ?? null,
    timeZone: account.timeZone,
    money,
    sourceKeys: new Set([...(options.sourceKeys ?? [])].filter((k) => k.includes(':'))),
    properties: options.properties ?? [],
  };
  registerKpiFunctions(ctx.sqlite);
  const facts = options.facts ?? 'daily';
  const history = options.history ?? true;
  const input: KpiInput = {
    deals: dealRows(ctx, history),
    dealsIn: dealRowsIn(ctx, history),
    stages: stageRows(ctx, options.scope?.pipelines),
    owners: ownerRows(ctx, options.teams),
    companies: companyRows(ctx),
    contacts: contactRows(ctx),
    leads: leadRows(ctx),
    engagements: engagementRows(ctx),
    engagementsIn: engagementRowsIn(ctx),
  };
  if (facts !== 'none') input.closedFacts = closedFactRows(ctx, facts);
  return spill ? spilledInput(input, spill, ctx, { history, facts }) : input;
}
