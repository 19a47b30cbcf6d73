import { type KpiSettings, resolveKpiConfig } from '../config/kpis';
import type { ConnectionConfig } from '../config/schema';
import { ConfigError } from '../lib/errors';
import type { KpiConfig } from '../metrics/config';
import type { Db } from '../storage/db';
import { readKpiCatalog } from '../storage/queries/catalog';
import { readKpiAccount } from '../storage/queries/kpi-input';

export interface ConnectionKpis {
  config: KpiConfig;
  /** Owner -> team from the config's teams map (Pipedrive has no reliable teams). */
  ownerTeams: Readonly<Record<string, string>>;
  /** The connection's configured zone, else the account's. */
  timeZone: string;
}

/**
 * The `kpis` section resolved for one connection: labels turned into the store's ids (every unresolved name in one
 * ConfigError), the connection's own pipeline scope when the section names none, and the time zone to bucket in.
 * One definition for `pulse kpis`, the worker's kpis job and anything else that computes KPIs from the store.
 */
export function resolveConnectionKpis(
  db: Db,
  settings: KpiSettings | undefined,
  connection: ConnectionConfig,
  /** Folder a spend CSV path is relative to: the config file's. */
  baseDir: string,
): ConnectionKpis {
  const catalog = readKpiCatalog(db, connection.id);
  const resolved = resolveKpiConfig(settings, catalog, { baseDir });
  if (resolved.issues.length > 0) {
    throw new ConfigError(`the kpis section does not match connection "${connection.id}":`, resolved.issues);
  }
  let config = resolved.config;
  if (!config.pipelines && connection.pipelines) {
    const ids = connection.pipelines.map((p) => catalog.pipelines.find((c) => c.id === p || c.label === p)?.id);
    if (ids.some((id) => id === undefined)) {
      throw new ConfigError(`connection "${connection.id}": unknown pipeline in pipelines`, [
        `known: ${catalog.pipelines.map((p) => p.label).join(', ')}`,
      ]);
    }
    config = { ...config, pipelines: ids as string[] };
  }
  return {
    config,
    ownerTeams: resolved.ownerTeams,
    timeZone: connection.timeZone ?? readKpiAccount(db, connection.id).timeZone,
  };
}
