/**
 * The benchmark's simulator, in its own process so its memory and CPU are not counted as the sync's. Started by
 * bench/sync.ts through child_process.fork; answers `{ type: 'stats' }` messages with the simulator's counters.
 */
import { generateModel } from '../src/simulator/generator';
import { startHubSpotSimulator } from '../src/simulator/hubspot/server';
import type { SimModel } from '../src/simulator/model';

export interface SimReady {
  type: 'ready';
  baseUrl: string;
  token: string;
  now: number;
  counts: Record<string, number>;
  associationIds: Record<string, number>;
}

const args = JSON.parse(process.argv[2] ?? '{}') as { deals: number; seed: number; timeScale: number; now: number };
const model = generateModel({ seed: args.seed, deals: args.deals, months: 18, now: args.now });
const sim = await startHubSpotSimulator({ model, port: 0, tier: 'professional', timeScale: args.timeScale });
process.send?.({
  type: 'ready',
  baseUrl: sim.baseUrl,
  token: sim.token,
  now: model.now,
  ...counts(model),
} satisfies SimReady);
process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') process.send?.({ type: 'stats', stats: sim.stats() });
  if (message.type === 'stop') void sim.close().then(() => process.exit(0));
});

/** Live records per object type and association ids per association type the connector reads. */
function counts(m: SimModel): Pick<SimReady, 'counts' | 'associationIds'> {
  const live = <T extends { deletedAt: number | null; mergedInto: string | null }>(list: readonly T[]) =>
    list.filter((r) => r.deletedAt === null && r.mergedInto === null);
  const deals = live(m.deals);
  const contacts = live(m.contacts);
  const leads = live(m.leads);
  const engagements = live(m.engagements);
  const liveIds = (list: readonly { id: string }[]) => new Set(list.map((r) => r.id));
  const liveDeals = liveIds(deals);
  const liveContacts = liveIds(contacts);
  const liveCompanies = liveIds(live(m.companies));
  const countLinks = (ids: readonly (string | null)[], within: Set<string>) =>
    ids.filter((x) => x !== null && within.has(x)).length;
  const result: Pick<SimReady, 'counts' | 'associationIds'> = {
    counts: {
      deals: deals.length,
      contacts: contacts.length,
      companies: liveCompanies.size,
      leads: leads.length,
    },
    associationIds: {
      'deals->contacts': deals.reduce((n, d) => n + countLinks(d.contacts, liveContacts), 0),
      'deals->companies': deals.reduce((n, d) => n + countLinks([d.company], liveCompanies), 0),
      'contacts->companies': contacts.reduce((n, c) => n + countLinks([c.company], liveCompanies), 0),
      'leads->contacts': leads.reduce((n, l) => n + countLinks([l.contact], liveContacts), 0),
      'leads->companies': leads.reduce((n, l) => n + countLinks([l.company], liveCompanies), 0),
      'leads->deals': leads.reduce((n, l) => n + countLinks([l.deal], liveDeals), 0),
    },
  };
  for (const type of ['call', 'email', 'meeting', 'note', 'task'] as const) {
    const list = engagements.filter((e) => e.type === type);
    result.counts[`${type}s`] = list.length;
    result.associationIds[`${type}s->deals`] = list.reduce((n, e) => n + countLinks(e.deals, liveDeals), 0);
    result.associationIds[`${type}s->contacts`] = list.reduce((n, e) => n + countLinks(e.contacts, liveContacts), 0);
    result.associationIds[`${type}s->companies`] = list.reduce((n, e) => n + countLinks(e.companies, liveCompanies), 0);
  }
  return result;
}
