/**
 * The HubSpot tests' hand-built model plus what only Pipedrive serves differently. Story additions: an archived
 * won deal (d7), a deal deleted 40 days ago (d8, purged), an unconverted lead (l2), a left_live_message call on
 * the open deal with two contacts (e8), and an inbound email that Pipedrive does not carry (e2 already).
 */
import type { SimModel } from '../../src/simulator/model.js';
import { fixtureModel, meta, T } from './hubspot-fixture.js';
import type { RawReply } from './pipedrive-http.js';

export { T };

export function pipedriveModel(): SimModel {
  const model = fixtureModel();
  model.deals.push(
    {
      ...meta('2026-01-20T10:00:00Z'),
      id: 'd7',
      name: 'Old archived win',
      company: 'globex',
      contacts: ['tom', 'jane'],
      source: 'referral',
      properties: { referred_by: 'acme' },
      archived: true,
      timeline: [
        { at: T('2025-12-05T10:00:00Z'), pipeline: 'sales', stage: 'qualify', owner: 'alice', amount: 500 },
        { at: T('2026-01-20T10:00:00Z'), status: 'won' },
      ],
    },
    {
      ...meta('2026-02-19T09:00:00Z', { deletedAt: T('2026-02-19T09:00:00Z') }),
      id: 'd8',
      name: 'Long gone',
      company: null,
      contacts: [],
      source: null,
      properties: {},
      archived: false,
      timeline: [{ at: T('2026-02-01T09:00:00Z'), pipeline: 'sales', stage: 'qualify', owner: 'bob' }],
    },
  );
  model.leads.push({
    ...meta('2026-03-20T08:00:00.250Z'),
    id: 'l2',
    title: 'Globex inbound',
    createdAt: T('2026-03-20T08:00:00.250Z'),
    contact: 'tom',
    company: 'globex',
    owner: null,
    source: 'webinar',
    convertedAt: null,
    deal: null,
  });
  model.engagements.push({
    ...meta('2026-03-05T10:30:00Z'),
    id: 'e8',
    type: 'call',
    at: T('2026-03-05T10:30:45Z'),
    endAt: null,
    owner: 'bob',
    direction: 'inbound',
    outcome: 'left_live_message',
    durationSeconds: 42,
    done: null,
    support: false,
    deals: ['d4', 'd1'],
    contacts: ['tom', 'jane'],
    companies: ['globex'],
    leads: [],
  });
  return model;
}

export type { RawReply };
