import type { Command } from 'commander';
import { findConnection } from '../../config/load';
import { closeStore } from '../../storage/db';
import { connectionStatus } from '../../storage/status';
import { openContext } from '../context';
import { formatInstant, printJson, table } from '../output';
import { formatQueueHealth, readQueueHealth } from '../queue-status';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('last sync per connection and object type: counts, completeness, API calls, quarantined records')
    .option('--connection <id>', 'only this connection')
    .option('--json', 'print JSON')
    .option('--no-queues', 'skip the queue health read from Redis')
    .action(async (opts: { connection?: string; json?: boolean; queues: boolean }, command: Command) => {
      const ctx = openContext(command);
      try {
        const statuses = findConnection(ctx.config, opts.connection).map((c) => connectionStatus(ctx.db, c.id));
        const queues = opts.queues ? await readQueueHealth(ctx.config, process.env) : null;
        if (opts.json) {
          return printJson({
            connections: statuses,
            queues: queues === null ? null : 'health' in queues ? queues.health : { unavailable: queues.unavailable },
          });
        }
        if (queues !== null) {
          process.stdout.write('health' in queues ? formatQueueHealth(queues.health) : `${queues.unavailable}\n`);
        }
        for (const s of statuses) {
          if (!s.lastRun) {
            process.stdout.write(`${s.connection}: never synced (run: pulse sync --connection ${s.connection})\n`);
            continue;
          }
          const r = s.lastRun;
          process.stdout.write(
            `${s.connection}: last ${r.full ? 'full' : 'incremental'} sync #${r.id} ${r.status}, ` +
              `${formatInstant(r.startedAt)} -> ${formatInstant(r.finishedAt)}, ${r.apiCalls} API calls` +
              (r.tokensUsed === null ? '' : `, ${r.tokensUsed} tokens used, ${r.tokensLeft ?? '?'} left today`) +
              `${r.error ? `\n  error: ${r.error}` : ''}\n`,
          );
          process.stdout.write(
            `${table(
              ['object', 'fetched', 'deleted', 'quarantined', 'in store', 'in CRM', 'sample missing', 'complete'],
              s.objects.map((o) => [
                o.objectType,
                o.fetched,
                o.deleted,
                o.quarantined,
                o.storeCount,
                o.crmCount,
                o.sampleChecked === null ? null : `${o.sampleMissing}/${o.sampleChecked}`,
                o.complete === null ? 'n/a' : o.complete ? 'yes' : `NO${o.note ? `: ${o.note}` : ''}`,
              ]),
            )}\n`,
          );
          if (s.openQuarantine.length > 0) {
            process.stdout.write(`quarantined records (${s.openQuarantine.length} shown):\n`);
            for (const q of s.openQuarantine)
              process.stdout.write(`  ${q.objectType} ${q.externalId ?? '?'}: ${q.reason}\n`);
          }
        }
      } finally {
        closeStore(ctx.db);
      }
    });
}
