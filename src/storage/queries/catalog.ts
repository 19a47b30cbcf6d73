/**
 * The labels a `kpis` config may name (pipelines, open stages, owners, teams) and the account's home currency,
 * read from the store so `resolveKpiConfig` can turn labels into the provider ids the engine uses.
 */
import type { KpiCatalog } from '../../config/kpis';
import type { Db } from '../db';

export type { KpiCatalog } from '../../config/kpis';

/** Live pipelines and their open stages in display order, every owner (archived too), teams and currency. */
export function readKpiCatalog(db: Db, connection: string): KpiCatalog {
  const sqlite = db.$client;
  const pipelines = sqlite
    .prepare<[string], { id: string; label: string }>(
      `SELECT external_id AS id, label FROM pipelines WHERE connection = ? AND deleted_at IS NULL
       ORDER BY display_order, external_id`,
    )
    .all(connection);
  const stages = sqlite
    .prepare<[string], { pipelineId: string; id: string; label: string }>(
      `SELECT s.pipeline_id AS pipelineId, s.external_id AS id, s.label FROM stages s
       JOIN pipelines p ON p.connection = s.connection AND p.external_id = s.pipeline_id
       WHERE s.connection = ? AND s.role = 'open' AND s.deleted_at IS NULL AND p.deleted_at IS NULL
       ORDER BY p.display_order, s.pipeline_id, s.display_order`,
    )
    .all(connection);
  const owners = sqlite
    .prepare<[string], { id: string; name: string | null; email: string | null }>(
      'SELECT external_id AS id, name, email FROM owners WHERE connection = ? ORDER BY external_id',
    )
    .all(connection);
  const teams = sqlite
    .prepare<[string], { id: string; name: string }>(
      'SELECT external_id AS id, name FROM teams WHERE connection = ? ORDER BY external_id',
    )
    .all(connection);
  const account = sqlite
    .prepare<[string], { currency: string }>('SELECT currency FROM accounts WHERE connection = ?')
    .get(connection);
  return { pipelines, stages, owners, teams, currency: account?.currency ?? 'EUR' };
}
