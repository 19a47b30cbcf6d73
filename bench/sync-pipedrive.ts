/**
 * Pipedrive sync benchmark (issue 9): a full sync of a generated history served by the Pipedrive simulator in a
 * separate process, printed against Pipedrive's reference minimum — ceil(records ÷ 500) list calls per v2 object
 * type + one changelog call per deal + the v1 lists — in calls, in tokens, and in wall time against the floor
 * the plan's burst limit allows. The plan and seat count are chosen so the backfill fits one day's budget above
 * the governor's 20 % reserve (printed). A second pass syncs a smaller history under a small budget to show the
 * clean stop and the resume on the following days. Figures, not assertions.
 *
 *   npm run bench -- sync-pipedrive [--deals 10000] [--plan growth] [--seats N] [--time-scale 1] [--seed 1]
 *                                   [--budget-deals 150] [--budget 1000]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPipedriveConnector } from '../src/connectors/pipedrive';
import {
  BURST_PER_WINDOW,
  LocalTokenGovernor,
  ourBurstPerWindow,
  type PipedrivePlan,
  PLAN_MULTIPLIERS,
} from '../src/connectors/pipedrive/governor';
import { runSync, type SyncResult } from '../src/jobs/sync';
import { CrmRateLimitError } from '../src/lib/errors';
import { silentLogger } from '../src/lib/logger';
import type { PipedriveSimulatorStats } from '../src/simulator/pipedrive/server';
import { closeStore, openStore } from '../src/storage/db';
import type { SnapshotDiff } from '../src/verify/compare-store';
import type { PdSimReady } from './sim-process-pipedrive';

const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    deals: { type: 'string', default: '10000' },
    plan: { type: 'string', default: 'growth' },
    seats: { type: 'string' },
    'time-scale': { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    'budget-deals': { type: 'string', default: '150' },
    budget: { type: 'string', default: '1000' },
  },
});
if (!(values.plan in PLAN_MULTIPLIERS))
  throw new Error(`--plan must be one of ${Object.keys(PLAN_MULTIPLIERS).join(', ')}`);
const plan = values.plan as PipedrivePlan;
const timeScale = Number(values['time-scale']);
const NOW = Date.parse('2026-06-30T09:00:00Z');
const DAY_MS = 86_400_000;
const RESERVE = 0.2; // the governor's default reserve for the company's other integrations
/** The governor's default share the history backfill leaves to the other lists (`changelogFloorPercent`). */
const CHANGELOG_FLOOR = 0.1;
/** Room over the reference minimum (the connector's target ratio), so the whole backfill fits, not just the minimum. */
const SLACK = 1.1;
const CONNECTION = 'bench';

/** A simulator process and its message replies. */
interface Sim {
  ready: PdSimReady;
  ask<T>(message: object, reply: string): Promise<T>;
  stop(): void;
}

async function startSim(deals: number, seats: number, budget?: number): Promise<Sim> {
  const args = { deals, seed: Number(values.seed), timeScale, now: NOW, plan, seats, ...(budget ? { budget } : {}) };
  const child: ChildProcess = fork('bin/run-ts.mjs', ['bench/sim-process-pipedrive.ts', JSON.stringify(args)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(type: string): Promise<T> =>
    new Promise((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type !== type) return;
        child.off('message', on);
        resolve(m as T);
      };
      child.on('message', on);
    });
  const ready = await next<PdSimReady>('ready');
  return {
    ready,
    ask: (message, reply) => {
      const answer = next<never>(reply);
      child.send(message);
      return answer;
    },
    stop: () => child.send({ type: 'stop' }),
  };
}

/** The reference minimum of calls and tokens for the counts (§3.1 costs). */
function minimum(c: Record<string, number>): { calls: number; tokens: number } {
  const pages = (n: number, size = 500) => Math.max(1, Math.ceil(n / size));
  const parts: [number, number][] = [
    [pages(c.deals ?? 0), 10],
    [pages(c.archivedDeals ?? 0), 20],
    [pages(c.persons ?? 0), 10],
    [pages(c.organizations ?? 0), 10],
    [pages(c.activities ?? 0), 10],
    [1, 5], // pipelines
    [1, 5], // stages
    [1, 10], // dealFields (channel options)
    [1, 10], // organizationFields (industry options)
    [(c.deals ?? 0) + (c.archivedDeals ?? 0), 20], // one changelog per deal
    [1, 20], // v1 users
    [1, 2], // v1 users/me
    [pages(c.leads ?? 0), 20],
    [1, 40], // v1 leads/archived
    [pages(c.callLogs ?? 0, 50), 20],
    [pages(c.notes ?? 0), 20],
  ];
  return {
    calls: parts.reduce((n, [calls]) => n + calls, 0),
    tokens: parts.reduce((n, [calls, cost]) => n + calls * cost, 0),
  };
}

function connectorFor(sim: Sim, seats: number, budget: number, now: () => number) {
  return createPipedriveConnector({
    baseUrl: sim.ready.baseUrl,
    token: sim.ready.token,
    plan,
    seats,
    dailyTokenBudget: budget,
    timeZone: 'Europe/Paris',
    now,
    wallClock: Date.now,
    governor: new LocalTokenGovernor({
      dailyBudget: budget,
      burstPerWindow: ourBurstPerWindow(plan),
      burstWindowMs: 2_000 * timeScale,
    }),
  });
}

const row = (label: string, value: string, target = '') => `  ${label.padEnd(28)} ${value.padEnd(34)} ${target}\n`;

// --- Pass 1: the backfill within one day -------------------------------------------------------------------
const deals = Number(values.deals);
process.stdout.write(`generating ${deals.toLocaleString('en')} deals in the simulator process...\n`);
// Seats are only known once the counts are: size them from a probe of the same model (deterministic).
const probe = await startSim(deals, 1);
const min = minimum(probe.ready.counts);
probe.stop();
const perSeat = 30_000 * PLAN_MULTIPLIERS[plan];
const seats = values.seats
  ? Number(values.seats)
  : Math.max(1, Math.ceil((min.tokens * SLACK) / (perSeat * (1 - RESERVE - CHANGELOG_FLOOR))));
const sim = await startSim(deals, seats);
const budget = sim.ready.budget;
const floorSeconds = (min.calls / (BURST_PER_WINDOW[plan] / 2)) * timeScale;
const path = join(mkdtempSync(join(tmpdir(), 'pulse-bench-pd-')), 'pulse.db');
const db = openStore({ path });
const connector = connectorFor(sim, seats, budget, () => sim.ready.now);
const started = performance.now();
const result = await runSync(
  { connection: CONNECTION, full: true },
  { db, connector, log: silentLogger(), now: Date.now },
);
const wallSeconds = (performance.now() - started) / 1000;
closeStore(db);
const { stats } = await sim.ask<{ stats: PipedriveSimulatorStats }>({ type: 'stats' }, 'stats');
const { diff } = await sim.ask<{ diff: SnapshotDiff }>({ type: 'diff', path, connection: CONNECTION }, 'diff');
sim.stop();
const calls = connector.stats();
const records = result.objects.reduce((n, o) => n + o.fetched, 0);
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `\nPipedrive full sync, ${deals.toLocaleString('en')} generated deals, plan ${plan} × ${seats} seats = ` +
    `${budget.toLocaleString('en')} tokens/day (${Math.round(budget * (1 - RESERVE - CHANGELOG_FLOOR)).toLocaleString('en')} ` +
    `above the 20 % reserve and the 10 % history floor: the backfill's ${min.tokens.toLocaleString('en')} fit one day), ` +
    `burst ${BURST_PER_WINDOW[plan]} / 2 s, ` +
    `time scale ${timeScale}, ${availableParallelism()} cores, simulator in its own process\n` +
    `records: ${Object.entries(sim.ready.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}\n\n` +
    row(
      'API calls made',
      `${calls.apiCalls} (minimum ${min.calls})`,
      `ratio ${(calls.apiCalls / min.calls).toFixed(2)} (target <= 1.1)`,
    ) +
    row(
      'tokens spent',
      `${stats.tokens.used} (minimum ${min.tokens})`,
      `ratio ${(stats.tokens.used / min.tokens).toFixed(2)} (target <= 1.1)`,
    ) +
    row(
      'wall time',
      `${wallSeconds.toFixed(1)} s (floor ${floorSeconds.toFixed(1)} s)`,
      `ratio ${(wallSeconds / floorSeconds).toFixed(2)} (target <= 1.2)`,
    ) +
    row('429s received', `${stats.rateLimited} (client saw ${calls.rateLimited})`, '(target 0)') +
    row('records stored per second', `${Math.round(records / wallSeconds)}`, `(${records} records)`) +
    row('peak RSS (sync process)', `${peakRssMb.toFixed(0)} MB`, '(target < 300 MB)') +
    row('run status', `${result.status}, store vs model: ${diff.count} differences`, '') +
    `  calls by kind: ${JSON.stringify(calls.callsByKind)}\n`,
);

// --- Pass 2: a small budget, clean stops, resumes on the next days -----------------------------------------
const smallDeals = Number(values['budget-deals']);
const smallBudget = Number(values.budget);
const small = await startSim(smallDeals, 1, smallBudget);
const smallMin = minimum(small.ready.counts);
const smallPath = join(mkdtempSync(join(tmpdir(), 'pulse-bench-pd-')), 'pulse.db');
let now = small.ready.now;
process.stdout.write(
  `\nSmall budget: ${smallDeals.toLocaleString('en')} deals (minimum ${smallMin.tokens.toLocaleString('en')} tokens), ` +
    `${smallBudget.toLocaleString('en')} tokens/day (${Math.round(smallBudget * (1 - RESERVE))} above the reserve)\n`,
);
let last: SyncResult | null = null;
for (let day = 1; day <= 30; day++) {
  const store = openStore({ path: smallPath });
  const c = connectorFor(small, 1, smallBudget, () => now);
  let outcome: string;
  try {
    last = await runSync({ connection: CONNECTION }, { db: store, connector: c, log: silentLogger(), now: () => now });
    outcome = last.status;
  } catch (error) {
    if (!(error instanceof CrmRateLimitError && error.daily)) throw error;
    outcome = `clean stop: ${error.message.replace(/^pipedrive daily token budget low: /, '')}`;
  } finally {
    closeStore(store);
  }
  const { stats: s } = await small.ask<{ stats: PipedriveSimulatorStats }>({ type: 'stats' }, 'stats');
  const { diff: d } = await small.ask<{ diff: SnapshotDiff }>(
    { type: 'diff', path: smallPath, connection: CONNECTION },
    'diff',
  );
  process.stdout.write(
    `  day ${String(day).padStart(2)}: ${s.tokens.used} tokens, 429s ${s.rateLimited}, ${d.count} store differences left; ${outcome}\n`,
  );
  if (last !== null && last.status === 'succeeded' && d.count === 0) break;
  ({ now } = await small.ask<{ now: number }>({ type: 'advance', ms: DAY_MS }, 'advanced'));
  // Each day's run builds a fresh governor, which cannot know the previous run's last requests: give the CRM's
  // burst window time to empty first, as a real next day would (without it, the first burst of a run lands on
  // the last one of the run before).
  await new Promise((resolve) => setTimeout(resolve, 2_000 * timeScale));
}
small.stop();
