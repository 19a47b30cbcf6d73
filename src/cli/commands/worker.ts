import { dirname } from 'node:path';
import type { Command } from 'commander';
import { redisUrlOf } from '../../jobs/queue/producer';
import { onShutdownSignals } from '../../jobs/queue/shutdown';
import { startWorkerRuntime } from '../../jobs/queue/worker';
import { createLogger } from '../../lib/logger';
import { closeStore } from '../../storage/db';
import { openContext } from '../context';

/** `pulse worker`: consumes the queues until SIGTERM/SIGINT, then stops gracefully. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run scheduled and queued jobs from Redis (sync, then kpis) until SIGTERM or Ctrl-C')
    .option('--concurrency <n>', 'jobs at once per queue in this process (default: worker.concurrency or 1)')
    .option('--no-schedules', 'do not upsert the config schedules at start (another worker owns them)')
    .action(async (opts: { concurrency?: string; schedules: boolean }, command: Command) => {
      const ctx = openContext(command);
      // Info level by default: a long-running worker's log is its only window.
      const log = createLogger(process.env.PULSE_LOG_LEVEL ?? 'info');
      const concurrency = opts.concurrency === undefined ? undefined : Number(opts.concurrency);
      if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
        closeStore(ctx.db);
        throw new Error('--concurrency must be a whole number above 0');
      }
      let runtime: Awaited<ReturnType<typeof startWorkerRuntime>>;
      try {
        runtime = await startWorkerRuntime({
          config: ctx.config,
          redisUrl: redisUrlOf(ctx.config, process.env),
          configDir: dirname(ctx.configPath),
          db: ctx.db,
          log,
          env: process.env,
          closeDb: closeStore,
          applySchedules: opts.schedules,
          ...(concurrency !== undefined ? { settings: { concurrency } } : {}),
        });
      } catch (err) {
        closeStore(ctx.db);
        throw err;
      }
      onShutdownSignals({ close: runtime.close, log });
      log.info(
        { queues: runtime.workers.map((w) => w.name), concurrency: runtime.settings.concurrency },
        'worker started',
      );
      process.stderr.write(`pulse worker: consuming ${runtime.workers.length} queue(s); Ctrl-C to stop\n`);
    });
}
