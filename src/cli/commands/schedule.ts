import type { Command } from 'commander';
import { JOB_TARGETS } from '../../jobs/queue/handlers';
import { openProducer, redisUrlOf } from '../../jobs/queue/producer';
import { describeRepeat, desiredSchedules, listSchedules, nextRuns, type Repeat } from '../../jobs/queue/schedules';
import { isJobName } from '../../jobs/registry';
import { createLogger } from '../../lib/logger';
import { closeStore } from '../../storage/db';
import { openContext } from '../context';
import { formatInstant, printJson, table } from '../output';

/**
 * The next `count` runs. An applied `every` scheduler runs at its stored next run, then every N ms from there
 * (BullMQ anchors intervals at the first run, not at epoch-aligned slots), so its runs are counted from it.
 */
function upcomingRuns(repeat: Repeat, nextRunAt: number | null, now: number, count: number): number[] {
  if (nextRunAt === null) return nextRuns(repeat, now, count);
  if ('everyMs' in repeat) return Array.from({ length: count }, (_, i) => nextRunAt + i * repeat.everyMs);
  return nextRuns(repeat, nextRunAt - 1, count);
}

/** `pulse schedule list`: the config's schedules beside what Redis holds, with their next runs. */
export function registerSchedule(program: Command): void {
  const schedule = program.command('schedule').description('recurring jobs (BullMQ job schedulers)');
  schedule
    .command('list')
    .description('schedules from the config and in Redis, with their next runs (a worker applies the config)')
    .option('--runs <n>', 'next runs shown per schedule', '3')
    .option('--json', 'print JSON')
    .action(async (opts: { runs: string; json?: boolean }, command: Command) => {
      const ctx = openContext(command);
      closeStore(ctx.db);
      const desired = desiredSchedules(ctx.config, (job) => (isJobName(job) ? JOB_TARGETS[job] : 'local'));
      const producer = openProducer(ctx.config, redisUrlOf(ctx.config, process.env), createLogger());
      try {
        const live = await listSchedules(producer.queues);
        const now = Date.now();
        const count = Math.max(1, Number(opts.runs) || 3);
        const liveById = new Map(live.map((s) => [`${s.queue}/${s.id}`, s]));
        const rows = desired.map((d) => {
          const inRedis = liveById.get(`${d.queue}/${d.id}`);
          return {
            id: d.id,
            job: d.job,
            connection: d.connection,
            repeat: describeRepeat(d.repeat),
            state: inRedis ? 'active' : 'not applied yet (start pulse worker)',
            nextRunAt: inRedis?.nextRunAt ?? null,
            upcoming: upcomingRuns(d.repeat, inRedis?.nextRunAt ?? null, now, count),
          };
        });
        const desiredKeys = new Set(desired.map((d) => `${d.queue}/${d.id}`));
        const stale = live.filter((s) => !desiredKeys.has(`${s.queue}/${s.id}`));
        if (opts.json) return printJson({ schedules: rows, notInConfig: stale });
        if (rows.length === 0) process.stdout.write('no schedules in the config (add a schedules section)\n');
        else
          process.stdout.write(
            `${table(
              ['id', 'repeat', 'state', 'next runs'],
              rows.map((r) => [r.id, r.repeat, r.state, r.upcoming.map(formatInstant).join('\n')]),
            )}\n`,
          );
        for (const s of stale) {
          process.stdout.write(`in Redis but not in the config (removed at the next worker start): ${s.id}\n`);
        }
      } finally {
        await producer.close();
      }
    });
}
