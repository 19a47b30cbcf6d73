import type { ConnectionConfig } from '../config/schema';
import { ConfigError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { createHubSpotConnector } from './hubspot';
import type { CrmConnector } from './types';

export interface ConnectorOptions {
  connection: ConnectionConfig;
  baseUrl: string;
  /** Read from the environment by the caller; kept only in the client's memory. */
  token: string;
  log: Logger;
}

/** Builds the connector of a connection's provider. */
export function createConnector({ connection, baseUrl, token, log }: ConnectorOptions): CrmConnector {
  const lookBackMs = (connection.sync?.lookBackMinutes ?? 5) * 60_000;
  switch (connection.provider) {
    case 'hubspot':
      return createHubSpotConnector({
        baseUrl,
        token,
        log: log.child({ connection: connection.id, provider: 'hubspot' }),
        tokenSource: connection.tokenEnv,
        lookBackMs,
        // Starter portals get 100 requests per 10 s, Professional and Enterprise 190 (hubspot-api.md §3); the
        // limiter keeps 5 % headroom below either.
        limits: { burstPerWindow: connection.plan === 'starter' ? 95 : 180 },
      });
    case 'pipedrive':
      throw new ConfigError(`connection "${connection.id}": the Pipedrive connector is not available yet`, [
        'use a hubspot connection for now; Pipedrive support is the next connector to land',
      ]);
  }
}
