import type { ConnectionConfig } from '../config/schema';
import { ConfigError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { createHubSpotConnector } from './hubspot';
import type { LimiterLimits, RateLimiter } from './hubspot/limiter';
import { createPipedriveConnector } from './pipedrive';
import { dailyBudgetOf, type GovernorOptions, ourBurstPerWindow, type TokenGovernor } from './pipedrive/governor';
import type { CrmConnector } from './types';

export interface ConnectorOptions {
  connection: ConnectionConfig;
  baseUrl: string;
  /** Read from the environment by the caller; kept only in the client's memory. */
  token: string;
  log: Logger;
  /**
   * A limiter shared by every process that talks to the same CRM account (`pulse worker` passes one kept in
   * Redis); without it each connector paces itself. HubSpot only: Pipedrive paces itself with `governor`.
   */
  limiter?: RateLimiter;
  /**
   * Pipedrive's token governor shared by every process that talks to the same company (`pulse worker` passes one
   * kept in Redis); without it the connector keeps an in-process budget. Pipedrive only.
   */
  governor?: TokenGovernor;
}

/**
 * HubSpot burst budgets: Starter portals get 100 requests per 10 s, Professional and Enterprise 190
 * (hubspot-api.md §3); we keep 5 % headroom below either, since HubSpot counts arrivals and we count departures.
 */
export function hubspotPlanLimits(connection: ConnectionConfig): Partial<LimiterLimits> {
  return { burstPerWindow: connection.plan === 'starter' ? 95 : 180 };
}

/**
 * The budget settings of a Pipedrive connection's governor, the same ones `createPipedriveConnector` gives its
 * in-process governor: the configured daily budget, the reserve, and 95 % of the plan's burst limit (the burst
 * window is per token: the rest is left for whatever else uses the same token).
 */
export function pipedriveGovernorSettings(
  connection: ConnectionConfig,
): Pick<GovernorOptions, 'dailyBudget' | 'reservePercent' | 'burstPerWindow'> {
  const plan = connection.plan === 'starter' ? undefined : connection.plan;
  return {
    dailyBudget: connection.dailyTokenBudget ?? dailyBudgetOf(plan, connection.seats),
    ...(connection.tokenReservePercent !== undefined ? { reservePercent: connection.tokenReservePercent } : {}),
    burstPerWindow: ourBurstPerWindow(plan),
  };
}

/** Builds the connector of a connection's provider. */
export function createConnector({
  connection,
  baseUrl,
  token,
  log,
  limiter,
  governor,
}: ConnectorOptions): CrmConnector {
  const lookBackMs = (connection.sync?.lookBackMinutes ?? 5) * 60_000;
  switch (connection.provider) {
    case 'hubspot':
      return createHubSpotConnector({
        baseUrl,
        token,
        log: log.child({ connection: connection.id, provider: 'hubspot' }),
        tokenSource: connection.tokenEnv,
        lookBackMs,
        ...(limiter ? { limiter } : { limits: hubspotPlanLimits(connection) }),
      });
    case 'pipedrive': {
      const plan = connection.plan;
      if (plan === 'starter') {
        throw new ConfigError(`connection "${connection.id}": "starter" is a HubSpot plan`, [
          'plan: use lite, growth, premium, ultimate (or a legacy Pipedrive plan)',
        ]);
      }
      return createPipedriveConnector({
        baseUrl,
        token,
        log: log.child({ connection: connection.id, provider: 'pipedrive' }),
        tokenSource: connection.tokenEnv,
        lookBackMs,
        ...(plan !== undefined ? { plan } : {}),
        ...(connection.seats !== undefined ? { seats: connection.seats } : {}),
        ...(connection.dailyTokenBudget !== undefined ? { dailyTokenBudget: connection.dailyTokenBudget } : {}),
        ...(connection.tokenReservePercent !== undefined ? { reservePercent: connection.tokenReservePercent } : {}),
        ...(connection.timeZone !== undefined ? { timeZone: connection.timeZone } : {}),
        ...(governor ? { governor } : {}),
      });
    }
  }
}
