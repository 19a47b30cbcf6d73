import { afterEach, describe, expect, it } from 'vitest';
import { type HubSpotSimulator, startHubSpotSimulator } from '../../src/simulator/hubspot/server.js';
import type { SimContact, SimModel } from '../../src/simulator/model.js';
import { fixtureModel, meta, T } from './hubspot-fixture.js';
import { call } from './hubspot-http.js';

let sim: HubSpotSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const ids = (body: { results: { id: string }[] }) => body.results.map((r) => r.id);

describe('search', () => {
  it('filters on hs_lastmodifieddate with epoch-ms strings, sorts, and reports total', async () => {
    sim = await startHubSpotSimulator({ model: fixtureModel(), searchLagMs: 0 });
    const res = await call(sim, 'POST', '/crm/v3/objects/deals/search', {
      filterGroups: [
        {
          filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(T('2026-02-24T10:00:00Z')) }],
        },
      ],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }],
      properties: ['amount'],
      limit: 2,
    });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(ids(res.body)).toEqual(['40000000004', '40000000003']);
    expect(res.body.paging.next.after).toBe('2');
    expect(Object.keys(res.body.results[0].properties).sort()).toEqual([
      'amount',
      'createdate',
      'hs_lastmodifieddate',
      'hs_object_id',
    ]);
    expect(res.headers.get('x-hubspot-ratelimit-max')).toBeNull();
    expect(res.headers.get('x-hubspot-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    const next = await call(sim, 'POST', '/crm/v3/objects/deals/search', {
      filterGroups: [
        {
          filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(T('2026-02-24T10:00:00Z')) }],
        },
      ],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }],
      limit: 2,
      after: '2',
    });
    expect(ids(next.body)).toEqual(['40000000002']);
    expect(next.body.paging).toBeUndefined();
  });

  it('supports IN, NOT_IN, BETWEEN, HAS_PROPERTY, NOT_HAS_PROPERTY, NEQ and OR groups', async () => {
    // More than 5 searches a second: lift the search bucket for this test.
    sim = await startHubSpotSimulator({ model: fixtureModel(), limits: { searchPerSecond: 100 } });
    const s = sim;
    const q = async (filters: unknown[], groups?: unknown[]) =>
      ids(
        (await call(s, 'POST', '/crm/v3/objects/deals/search', { filterGroups: groups ?? [{ filters }], limit: 100 }))
          .body,
      );
    expect(await q([{ propertyName: 'dealstage', operator: 'IN', values: ['closedwon'] }])).toEqual([
      '40000000001',
      '40000000002',
    ]);
    expect(await q([{ propertyName: 'dealstage', operator: 'NOT_IN', values: ['closedwon'] }])).toEqual([
      '40000000003',
      '40000000004',
    ]);
    expect(await q([{ propertyName: 'amount', operator: 'BETWEEN', value: '1000', highValue: '1500' }])).toEqual([
      '40000000001',
      '40000000003',
    ]);
    expect(await q([{ propertyName: 'amount', operator: 'NOT_HAS_PROPERTY' }])).toEqual(['40000000004']);
    expect(
      await q([
        { propertyName: 'amount', operator: 'HAS_PROPERTY' },
        { propertyName: 'hs_is_closed_won', operator: 'EQ', value: 'false' },
      ]),
    ).toEqual(['40000000003']);
    expect(await q([{ propertyName: 'hubspot_owner_id', operator: 'NEQ', value: '100000001' }])).toEqual([
      '40000000002',
      '40000000004',
    ]);
    expect(
      await q(
        [],
        [
          { filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: '40000000001' }] },
          { filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: '40000000003' }] },
        ],
      ),
    ).toEqual(['40000000001', '40000000004']);
    const bad = await call(s, 'POST', '/crm/v3/objects/deals/search', {
      filterGroups: [{ filters: [{ propertyName: 'nope', operator: 'EQ', value: '1' }] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.category).toBe('VALIDATION_ERROR');
  });

  it('never returns archived or merged records and uses lastmodifieddate on contacts', async () => {
    sim = await startHubSpotSimulator({ model: fixtureModel() });
    const all = await call(sim, 'POST', '/crm/v3/objects/deals/search', { limit: 100 });
    expect(all.body.total).toBe(4);
    const contacts = await call(sim, 'POST', '/crm/v3/objects/contacts/search', {
      filterGroups: [
        { filters: [{ propertyName: 'lastmodifieddate', operator: 'LT', value: String(T('2026-01-01T00:00:00Z')) }] },
      ],
      properties: ['email'],
    });
    expect(ids(contacts.body)).toEqual(['30000000002']);
    expect(contacts.body.results[0].properties).toHaveProperty('lastmodifieddate');
  });

  it('rejects limit above 200 and paging beyond 10,000 results', async () => {
    const model: SimModel = fixtureModel();
    const base = model.contacts[1]!;
    const extra: SimContact[] = Array.from({ length: 10_050 }, (_, i) => ({
      ...base,
      ...meta('2026-03-01T00:00:00Z'),
      id: `c${i}`,
      email: `c${i}@bulk.example`,
    }));
    model.contacts.push(...extra);
    sim = await startHubSpotSimulator({ model, limits: { searchPerSecond: 1000 } });
    expect((await call(sim, 'POST', '/crm/v3/objects/contacts/search', { limit: 201 })).status).toBe(400);
    const body = {
      filterGroups: [
        { filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(T('2026-03-01T00:00:00Z')) }] },
      ],
      limit: 200,
    };
    const last = await call(sim, 'POST', '/crm/v3/objects/contacts/search', { ...body, after: '9800' });
    expect(last.status).toBe(200);
    expect(last.body.total).toBe(10_050);
    expect(last.body.paging.next.after).toBe('10000');
    const beyond = await call(sim, 'POST', '/crm/v3/objects/contacts/search', { ...body, after: '10000' });
    expect(beyond.status).toBe(400);
    expect(beyond.body.category).toBe('VALIDATION_ERROR');
  });

  it('hides writes younger than the index lag: new records vanish, changed ones show their old version', async () => {
    const model = fixtureModel();
    sim = await startHubSpotSimulator({ model, searchLagMs: 300 });
    const wall = performance.now();
    model.deals[3]!.timeline.push({ at: T('2026-03-20T09:00:00Z'), amount: 900 });
    Object.assign(model.deals[3]!, { modifiedAt: T('2026-03-20T09:00:00Z'), writtenAtWallMs: wall });
    model.companies.push({
      ...meta('2026-03-20T09:00:00Z', { writtenAtWallMs: wall }),
      id: 'newco',
      name: 'NewCo',
      createdAt: T('2026-03-20T09:00:00Z'),
      industry: null,
      owner: null,
      properties: {},
    });
    const s = sim;
    const amountOfD4 = async () =>
      (
        await call(s, 'POST', '/crm/v3/objects/deals/search', {
          filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: '40000000004' }] }],
          properties: ['amount'],
        })
      ).body.results[0].properties.amount;
    expect(await amountOfD4()).toBeNull();
    expect((await call(s, 'POST', '/crm/v3/objects/companies/search', {})).body.total).toBe(2);
    expect((await call(s, 'GET', '/crm/v3/objects/deals/40000000004?properties=amount')).body.properties.amount).toBe(
      '900',
    );
    await new Promise((r) => setTimeout(r, 350));
    expect(await amountOfD4()).toBe('900');
    expect((await call(s, 'POST', '/crm/v3/objects/companies/search', {})).body.total).toBe(3);
  });
});
