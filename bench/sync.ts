/**
 * Sync benchmark (issue: HubSpot sync foundation): a full sync of a generated history served by the simulator in
 * a separate process, Professional tier limits, printed against the reference minimum of API calls and the
 * floor those calls need at 19 requests per second. Figures, not assertions.
 *
 *   npm run bench -- sync [--deals 50000] [--time-scale 1] [--seed 1]
 */
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHubSpotConnector } from '../src/connectors/hubspot';
import { runSync } from '../src/jobs/sync';
import { silentLogger } from '../src/lib/logger';
import { closeStore, openStore } from '../src/storage/db';
import type { SimReady } from './sim-process';

const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    deals: { type: 'string', default: '50000' },
    'time-scale': { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
  },
});
const deals = Number(values.deals);
const timeScale = Number(values['time-scale']);
const REQUESTS_PER_SECOND = 19; // 190 per 10 s, Professional (hubspot-api.md §3)

const child = fork(
  'bin/run-ts.mjs',
  [
    'bench/sim-process.ts',
    JSON.stringify({ deals, seed: Number(values.seed), timeScale, now: Date.parse('2026-06-30T09:00:00Z') }),
  ],
  {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  },
);
const next = <T>(type: string): Promise<T> =>
  new Promise((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', on);
      resolve(m as T);
    };
    child.on('message', on);
  });
process.stdout.write(`generating ${deals.toLocaleString('en')} deals in the simulator process...\n`);
const ready = await next<SimReady>('ready');

const minimum =
  Math.ceil(ready.counts.deals! / 50) +
  Object.entries(ready.counts)
    .filter(([type]) => type !== 'deals')
    .reduce((n, [, count]) => n + Math.ceil(count / 100), 0) +
  Object.values(ready.associationIds).reduce((n, ids) => n + Math.ceil(ids / 1000), 0) +
  3;
const floorSeconds = (minimum / REQUESTS_PER_SECOND) * timeScale;

const db = openStore({ path: join(mkdtempSync(join(tmpdir(), 'pulse-bench-')), 'pulse.db') });
const connector = createHubSpotConnector({
  baseUrl: ready.baseUrl,
  token: ready.token,
  now: () => ready.now,
  wallClock: Date.now,
  limits: { burstWindowMs: 10_000 * timeScale, searchWindowMs: 1_000 * timeScale },
});
const started = performance.now();
// Seconds per object type and phase (reading, then reconciling and the completeness check), to see where time goes.
const phases = new Map<string, number>();
let phaseKey = '';
let phaseAt = started;
const onProgress = (p: { objectType: string; phase: string }) => {
  const at = performance.now();
  if (phaseKey !== '') phases.set(phaseKey, (phases.get(phaseKey) ?? 0) + (at - phaseAt) / 1000);
  phaseKey = `${p.objectType}:${p.phase === 'reading' ? 'read' : 'check'}`;
  phaseAt = at;
};
const result = await runSync(
  { connection: 'bench', full: true },
  { db, connector, log: silentLogger(), now: Date.now, onProgress },
);
const wallSeconds = (performance.now() - started) / 1000;
child.send({ type: 'stats' });
const { stats } = await next<{ stats: { total: number; rateLimited: number } }>('stats');
child.send({ type: 'stop' });
closeStore(db);

const records = result.objects.reduce((n, o) => n + o.fetched, 0);
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const calls = connector.stats();
const row = (label: string, value: string, target = '') => `  ${label.padEnd(28)} ${value.padEnd(28)} ${target}\n`;
process.stdout.write(
  `\nHubSpot full sync, ${deals.toLocaleString('en')} generated deals, Professional limits (190 / 10 s, search 5 / s), ` +
    `time scale ${timeScale} (windows x${timeScale}), ${availableParallelism()} cores, simulator in its own process\n` +
    `records: ${Object.entries(ready.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}\n\n` +
    row(
      'API calls made',
      `${calls.apiCalls} (minimum ${minimum})`,
      `ratio ${(calls.apiCalls / minimum).toFixed(2)} (target <= 1.1)`,
    ) +
    row(
      'wall time',
      `${wallSeconds.toFixed(1)} s (floor ${floorSeconds.toFixed(1)} s)`,
      `ratio ${(wallSeconds / floorSeconds).toFixed(2)} (target <= 1.2)`,
    ) +
    row('429s received', `${stats.rateLimited} (client saw ${calls.rateLimited})`, '(target 0)') +
    row('records stored per second', `${Math.round(records / wallSeconds)}`, `(${records} records)`) +
    row('peak RSS (sync process)', `${peakRssMb.toFixed(0)} MB`, '(target < 300 MB)') +
    row('run status', result.status, '') +
    `  calls by kind: ${JSON.stringify(calls.callsByKind)}\n` +
    `  seconds by type and phase: ${[...phases].map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}\n`,
);
