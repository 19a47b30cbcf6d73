import type { Command } from 'commander';
import { baseUrlOf, findConnection, tokenOf } from '../../config/load';
import { createConnector } from '../../connectors';
import { runSync, type SyncResult } from '../../jobs/sync';
import { createLogger } from '../../lib/logger';
import { closeStore } from '../../storage/db';
import { openContext } from '../context';
import { printJson, table } from '../output';
import { syncProgressLine } from '../progress';

const HOUR = 3_600_000;

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('pull the CRM into the local store (incremental from stored cursors)')
    .option('--connection <id>', 'only this connection (default: all)')
    .option('--full', 'ignore stored cursors: re-read everything and reconcile deletions')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { connection?: string; full?: boolean; json?: boolean }, command: Command) => {
      const ctx = openContext(command);
      const log = createLogger();
      const results: SyncResult[] = [];
      try {
        for (const connection of findConnection(ctx.config, opts.connection)) {
          const connector = createConnector({
            connection,
            baseUrl: baseUrlOf(connection),
            token: tokenOf(connection, process.env),
            log,
          });
          const progress = syncProgressLine(!opts.json, connection.id);
          try {
            results.push(
              await runSync(
                { connection: connection.id, ...(opts.full ? { full: true } : {}) },
                {
                  db: ctx.db,
                  connector,
                  log,
                  now: Date.now,
                  reconcileEveryMs: (connection.sync?.reconcileEveryHours ?? 24) * HOUR,
                  onProgress: progress.update,
                },
              ),
            );
          } finally {
            progress.done();
          }
        }
      } finally {
        closeStore(ctx.db);
      }
      if (opts.json) return printJson(results);
      for (const r of results) process.stdout.write(formatSyncResult(r));
      if (results.some((r) => r.status !== 'succeeded')) process.exitCode = 1;
    });
}

/** The human summary of one run: one row per object type with its completeness verdict. */
export function formatSyncResult(r: SyncResult): string {
  const seconds = ((r.finishedAt - r.startedAt) / 1000).toFixed(1);
  const rows = r.objects.map((o) => [
    o.objectType,
    o.mode,
    o.fetched,
    o.deleted,
    o.quarantined,
    o.storeCount,
    o.crmCount,
    o.complete ? 'yes' : `NO: ${o.note ?? ''}`,
  ]);
  return (
    `${r.connection}: sync #${r.runId} ${r.status} in ${seconds} s, ${r.apiCalls} API calls\n` +
    `${table(['object', 'mode', 'fetched', 'deleted', 'quarantined', 'in store', 'in CRM', 'complete'], rows)}\n`
  );
}
