/**
 * A small hand-built SimModel for the HubSpot simulator tests (the scenario loader is another module's job).
 * Story: two reps and a departed one; a won EUR deal, a won USD deal with its own probability, a lost deal that
 * was reopened and lost again, an open deal, a deleted deal, a deal merged into d1; one lead; one engagement of
 * each type.
 */
import type { SimDeal, SimEngagement, SimModel, SimRecordMeta } from '../../src/simulator/model.js';

export const T = (iso: string): number => Date.parse(iso);

export function meta(modifiedAt: string, extra: Partial<SimRecordMeta> = {}): SimRecordMeta {
  return { modifiedAt: T(modifiedAt), writtenAtWallMs: 0, deletedAt: null, mergedInto: null, ...extra };
}

function deal(id: string, over: Partial<SimDeal> & Pick<SimDeal, 'timeline'>): SimDeal {
  const last = over.timeline[over.timeline.length - 1]!;
  return {
    ...meta(new Date(last.at).toISOString()),
    id,
    name: `Deal ${id}`,
    company: 'acme',
    contacts: ['jane'],
    source: 'organic_search',
    properties: {},
    archived: false,
    ...over,
  };
}

function engagement(id: string, over: Partial<SimEngagement> & Pick<SimEngagement, 'type' | 'at'>): SimEngagement {
  return {
    ...meta(new Date(over.at).toISOString()),
    id,
    endAt: null,
    owner: 'alice',
    direction: null,
    outcome: null,
    durationSeconds: null,
    done: null,
    support: false,
    deals: [],
    contacts: [],
    companies: [],
    leads: [],
    ...over,
  };
}

export function fixtureModel(): SimModel {
  return {
    now: T('2026-03-31T18:00:00Z'),
    account: { timeZone: 'Europe/Paris', currency: 'EUR', exchangeRates: { USD: 0.9 } },
    users: [
      { id: 'alice', name: 'Alice Martin', email: 'alice@example.com', team: 'east', archived: false },
      { id: 'bob', name: 'Bob Durand', email: 'bob@example.com', team: 'west', archived: false },
      { id: 'dave', name: 'Dave Old', email: 'dave@example.com', team: null, archived: true },
    ],
    pipelines: [
      {
        id: 'sales',
        name: 'New business',
        stages: [
          { id: 'qualify', name: 'Qualify', probability: 0.2 },
          { id: 'demo', name: 'Demo', probability: 0.5 },
          { id: 'proposal', name: 'Proposal', probability: 0.8 },
        ],
      },
      { id: 'renewals', name: 'Renewals', stages: [{ id: 'due', name: 'Renewal due', probability: 0.9 }] },
    ],
    companies: [
      {
        ...meta('2025-12-01T09:00:00Z'),
        id: 'acme',
        name: 'Acme SA',
        createdAt: T('2025-12-01T09:00:00Z'),
        industry: 'Software',
        owner: 'alice',
        properties: {},
      },
      {
        ...meta('2025-12-02T09:00:00Z'),
        id: 'globex',
        name: 'Globex SARL',
        createdAt: T('2025-12-02T09:00:00Z'),
        industry: 'Health care',
        owner: null,
        properties: {},
      },
    ],
    contacts: [
      {
        ...meta('2026-02-01T09:00:00Z'),
        id: 'jane',
        name: 'Jane Roux',
        email: 'jane@acme.example',
        company: 'acme',
        owner: 'alice',
        createdAt: T('2025-12-01T09:05:00Z'),
        lifecycle: [
          { at: T('2025-12-01T09:05:00Z'), stage: 'lead' },
          { at: T('2026-02-01T09:00:00Z'), stage: 'customer' },
        ],
        properties: {},
      },
      {
        ...meta('2025-12-02T09:05:00Z'),
        id: 'tom',
        name: 'Tom Petit',
        email: 'tom@globex.example',
        company: 'globex',
        owner: null,
        createdAt: T('2025-12-02T09:05:00Z'),
        lifecycle: [],
        properties: {},
      },
    ],
    leads: [
      {
        ...meta('2026-01-05T10:00:00Z'),
        id: 'l1',
        title: 'Acme inbound',
        createdAt: T('2026-01-02T08:00:00Z'),
        contact: 'jane',
        company: 'acme',
        owner: 'alice',
        source: 'paid_search',
        convertedAt: T('2026-01-05T10:00:00Z'),
        deal: 'd1',
      },
    ],
    deals: [
      deal('d1', {
        properties: { referred_by: 'globex', priority: 3 },
        timeline: [
          {
            at: T('2026-01-05T09:00:00Z'),
            pipeline: 'sales',
            stage: 'qualify',
            owner: 'alice',
            amount: 1000,
            currency: 'EUR',
            closeDate: '2026-02-28',
          },
          { at: T('2026-01-12T09:00:00Z'), stage: 'demo' },
          { at: T('2026-02-09T09:00:00Z'), status: 'won' },
        ],
      }),
      deal('d2', {
        company: 'globex',
        contacts: ['tom'],
        source: 'prospecting',
        timeline: [
          {
            at: T('2026-01-20T10:00:00Z'),
            pipeline: 'sales',
            stage: 'qualify',
            owner: 'bob',
            amount: 2000,
            currency: 'USD',
            probability: 0.35,
          },
          { at: T('2026-02-24T10:00:00Z'), status: 'won' },
        ],
      }),
      deal('d3', {
        source: 'mystery_source',
        timeline: [
          { at: T('2026-02-02T08:00:00Z'), pipeline: 'renewals', stage: 'due', owner: 'alice', amount: 1500 },
          { at: T('2026-02-10T08:00:00Z'), status: 'lost', lostReason: 'price' },
          { at: T('2026-02-12T08:00:00Z'), status: 'open' },
          { at: T('2026-02-27T08:00:00Z'), status: 'lost', lostReason: 'timing' },
        ],
      }),
      deal('d4', {
        company: null,
        contacts: [],
        source: null,
        timeline: [
          {
            at: T('2026-03-03T09:00:00Z'),
            pipeline: 'sales',
            stage: 'proposal',
            owner: 'bob',
            closeDate: '2026-04-30',
          },
        ],
      }),
      deal('d5', {
        deletedAt: T('2026-03-10T09:00:00Z'),
        timeline: [{ at: T('2026-03-04T09:00:00Z'), pipeline: 'sales', stage: 'qualify', owner: 'alice', amount: 10 }],
      }),
      deal('d6', {
        mergedInto: 'd1',
        timeline: [{ at: T('2026-01-06T09:00:00Z'), pipeline: 'sales', stage: 'qualify', owner: 'alice', amount: 5 }],
      }),
    ],
    engagements: [
      engagement('e1', {
        type: 'call',
        at: T('2026-01-06T09:00:00Z'),
        direction: 'outbound',
        outcome: 'connected',
        durationSeconds: 300,
        deals: ['d1'],
        contacts: ['jane'],
        companies: ['acme'],
      }),
      engagement('e2', {
        type: 'email',
        at: T('2026-01-07T09:00:00Z'),
        direction: 'inbound',
        contacts: ['jane'],
        leads: ['l1'],
      }),
      engagement('e3', {
        type: 'meeting',
        at: T('2026-01-12T14:00:00Z'),
        endAt: T('2026-01-12T15:00:00Z'),
        outcome: 'completed',
        deals: ['d1'],
      }),
      engagement('e4', { type: 'note', at: T('2026-01-12T15:05:00Z'), deals: ['d1'] }),
      engagement('e5', { type: 'task', at: T('2026-01-13T09:00:00Z'), done: true, deals: ['d1'] }),
      engagement('e6', {
        type: 'call',
        at: T('2026-01-14T09:00:00Z'),
        direction: 'inbound',
        outcome: 'no_answer',
        durationSeconds: 0,
        support: true,
        contacts: ['tom'],
      }),
      engagement('e7', { type: 'meeting', at: T('2026-01-15T09:00:00Z'), endAt: null, outcome: null }),
    ],
  };
}
