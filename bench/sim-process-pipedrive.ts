/**
 * The Pipedrive benchmark's simulator, in its own process so its memory and CPU are not counted as the sync's.
 * Started by bench/sync-pipedrive.ts through child_process.fork. Messages: `stats` (the simulator's counters),
 * `advance` (moves the model clock, e.g. a day to reset the token budget), `diff` (compares a store file with
 * the model's Pipedrive view: the model lives here), `stop`.
 */
import { advance } from '../src/simulator/clock';
import { generateModel } from '../src/simulator/generator';
import type { SimModel } from '../src/simulator/model';
import type { PipedrivePlan } from '../src/simulator/pipedrive/limits';
import { startPipedriveSimulator } from '../src/simulator/pipedrive/server';
import { pipedriveView } from '../src/simulator/views/pipedrive';
import { closeStore, openStore } from '../src/storage/db';
import { readStoreSnapshot } from '../src/storage/snapshot';
import { compareSnapshots } from '../src/verify/compare-store';

/** What the benchmark needs to compute the reference minimum. */
export interface PdSimReady {
  type: 'ready';
  baseUrl: string;
  token: string;
  now: number;
  /** Records per list the connector reads (deals live and archived, persons, activities, call logs...). */
  counts: Record<string, number>;
  budget: number;
}

type Message =
  | { type: 'stats' }
  | { type: 'advance'; ms: number }
  | { type: 'diff'; path: string; connection: string }
  | { type: 'stop' };

const args = JSON.parse(process.argv[2] ?? '{}') as {
  deals: number;
  seed: number;
  timeScale: number;
  now: number;
  plan: PipedrivePlan;
  seats: number;
  budget?: number;
};
const model = generateModel({ seed: args.seed, deals: args.deals, months: 18, now: args.now });
const sim = await startPipedriveSimulator({
  model,
  port: 0,
  plan: args.plan,
  seats: args.seats,
  timeScale: args.timeScale,
  ...(args.budget === undefined ? {} : { budget: args.budget }),
});
process.send?.({
  type: 'ready',
  baseUrl: sim.baseUrl,
  token: sim.token,
  now: model.now,
  counts: counts(model),
  budget: sim.stats().tokens.limit,
} satisfies PdSimReady);
process.on('message', (message: Message) => {
  if (message.type === 'stats') process.send?.({ type: 'stats', stats: sim.stats() });
  if (message.type === 'advance') process.send?.({ type: 'advanced', now: advance(model, message.ms) });
  if (message.type === 'diff') {
    const db = openStore({ path: message.path });
    const diff = compareSnapshots(pipedriveView(model, sim.ids), readStoreSnapshot(db, message.connection));
    closeStore(db);
    process.send?.({ type: 'diff', diff });
  }
  if (message.type === 'stop') void sim.close().then(() => process.exit(0));
});

/** Records the simulator serves per list (what a full sync must page through). */
function counts(m: SimModel): Record<string, number> {
  const gone = (r: { deletedAt: number | null; mergedInto: string | null }) =>
    r.deletedAt !== null || r.mergedInto !== null;
  const deals = m.deals.filter((d) => !gone(d));
  const engagements = m.engagements.filter((e) => e.deletedAt === null);
  const activities = engagements.filter(
    (e) => e.type !== 'note' && !(e.type === 'email' && e.direction !== null && e.direction !== 'outbound'),
  );
  return {
    deals: deals.filter((d) => !d.archived).length,
    archivedDeals: deals.filter((d) => d.archived).length,
    persons: m.contacts.filter((c) => !gone(c)).length,
    organizations: m.companies.filter((c) => !gone(c)).length,
    activities: activities.length,
    callLogs: activities.filter((e) => e.type === 'call' && e.outcome !== null).length,
    notes: engagements.filter((e) => e.type === 'note').length,
    leads: m.leads.filter((l) => !gone(l) && l.convertedAt === null).length,
    users: m.users.length,
  };
}
