import { stringify } from 'yaml';
import { ScenarioError } from '../../src/lib/errors';
import { loadScenario } from '../../src/simulator/scenario/load';

/** A small valid scenario as plain data, for tests to break one rule at a time. */
export function baseScenario(): Record<string, unknown> & {
  deals: Record<string, unknown>[];
  engagements: Record<string, unknown>[];
  contacts: Record<string, unknown>[];
  leads: Record<string, unknown>[];
  companies: Record<string, unknown>[];
  users: Record<string, unknown>[];
  expect: Record<string, unknown>[];
} {
  return {
    version: 1,
    now: '2026-03-31T18:00:00Z',
    account: { timeZone: 'Europe/Paris', currency: 'EUR', exchangeRates: { USD: 0.9 } },
    users: [
      { id: 'alice', name: 'Alice', email: 'alice@example.com', team: 'east' },
      { id: 'bob', name: 'Bob', email: 'bob@example.com', team: 'west' },
    ],
    pipelines: [
      {
        id: 'sales',
        name: 'Sales',
        stages: [
          { id: 'qualify', name: 'Qualify', probability: 0.2 },
          { id: 'demo', name: 'Demo', probability: 0.5 },
        ],
      },
      { id: 'renewals', name: 'Renewals', stages: [{ id: 'upcoming', name: 'Upcoming', probability: 0.5 }] },
    ],
    companies: [{ id: 'acme', name: 'Acme', createdAt: '2026-01-01T09:00:00Z', industry: 'Software' }],
    contacts: [{ id: 'jane', name: 'Jane', company: 'acme', createdAt: '2026-01-01T09:05:00Z' }],
    leads: [
      {
        id: 'l1',
        title: 'Inbound',
        createdAt: '2026-01-02T09:00:00Z',
        contact: 'jane',
        convertedAt: '2026-01-05T09:00:00Z',
        deal: 'd1',
      },
    ],
    deals: [
      {
        id: 'd1',
        name: 'Acme pilot',
        company: 'acme',
        contacts: ['jane'],
        timeline: [
          { at: '2026-01-05T09:00:00Z', pipeline: 'sales', stage: 'qualify', owner: 'alice', amount: 1000 },
          { at: '2026-01-12T09:00:00Z', stage: 'demo' },
        ],
      },
    ],
    engagements: [{ id: 'e1', type: 'call', at: '2026-01-06T09:00:00Z', owner: 'alice', deals: ['d1'] }],
    expect: [{ kpi: 'won_revenue', period: '2026-02', value: 0 }],
  };
}

/** The issues a scenario raises, or [] when it loads. */
export function issuesOf(data: unknown): string[] {
  try {
    loadScenario(typeof data === 'string' ? data : stringify(data));
    return [];
  } catch (err) {
    if (err instanceof ScenarioError) return err.issues;
    throw err;
  }
}
