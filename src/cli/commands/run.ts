import type { Command } from 'commander';
import { findConnection } from '../../config/load';
import { enqueueNow, openProducer, redisUrlOf } from '../../jobs/queue/producer';
import { createLogger } from '../../lib/logger';
import { closeStore } from '../../storage/db';
import { openContext } from '../context';
import { printJson } from '../output';

/** `pulse run <job>`: enqueue a job now, for one connection or all; a running worker picks it up. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('enqueue a job now (sync or kpis) for a worker to run; a sync is followed by kpis')
    .argument('<job>', 'job name: sync or kpis')
    .option('--connection <id>', 'only this connection (default: all)')
    .option('--full', 'sync only: re-read everything, ignoring stored cursors')
    .option('--json', 'print JSON')
    .action(async (job: string, opts: { connection?: string; full?: boolean; json?: boolean }, command: Command) => {
      const ctx = openContext(command);
      closeStore(ctx.db); // the worker writes the store; enqueueing only needs the config
      const producer = openProducer(ctx.config, redisUrlOf(ctx.config, process.env), createLogger());
      try {
        const results = [];
        for (const connection of findConnection(ctx.config, opts.connection)) {
          results.push(
            await enqueueNow(
              producer,
              ctx.config,
              job,
              connection.id,
              opts.full && job === 'sync' ? { full: true } : {},
            ),
          );
        }
        if (opts.json) return printJson(results);
        for (const r of results) {
          process.stdout.write(
            r.deduplicated
              ? `${r.connection}: a ${job} is already queued (job ${r.jobId}); not added twice\n`
              : `${r.connection}: ${job} enqueued as job ${r.jobId} on ${r.queue}\n`,
          );
        }
      } finally {
        await producer.close();
      }
    });
}
