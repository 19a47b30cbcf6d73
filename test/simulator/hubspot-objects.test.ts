import { afterEach, describe, expect, it } from 'vitest';
import { type HubSpotSimulator, startHubSpotSimulator } from '../../src/simulator/hubspot/server.js';
import type { SimModel } from '../../src/simulator/model.js';
import { fixtureModel, meta } from './hubspot-fixture.js';
import { call } from './hubspot-http.js';

let sim: HubSpotSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(model: SimModel = fixtureModel(), extra = {}) {
  sim = await startHubSpotSimulator({ model, ...extra });
  return sim;
}

describe('list objects', () => {
  it('pages deals 2 at a time in id order, hiding deleted and merged deals, with no paging on the last page', async () => {
    const s = await start();
    const first = await call(s, 'GET', '/crm/v3/objects/deals?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { id: string }) => r.id)).toEqual(['40000000001', '40000000002']);
    expect(first.body.paging.next.after).toBe('40000000003');
    const second = await call(s, 'GET', `/crm/v3/objects/0-3?limit=2&after=${first.body.paging.next.after}`);
    expect(second.body.results.map((r: { id: string }) => r.id)).toEqual(['40000000003', '40000000004']);
    expect(second.body.paging).toBeUndefined();
  });

  it('returns default properties, or the requested ones from repeated keys and comma lists, null when unset', async () => {
    const s = await start();
    const plain = await call(s, 'GET', '/crm/v3/objects/deals');
    expect(Object.keys(plain.body.results[0].properties).sort()).toEqual(
      [
        'amount',
        'closedate',
        'createdate',
        'dealname',
        'dealstage',
        'hs_lastmodifieddate',
        'hs_object_id',
        'pipeline',
      ].sort(),
    );
    const picked = await call(
      s,
      'GET',
      '/crm/v3/objects/deals?properties=amount,dealstage&properties=unknown_prop&properties=closed_lost_reason',
    );
    expect(picked.body.results[0].properties).toEqual({
      amount: '1000',
      dealstage: 'closedwon',
      closed_lost_reason: null,
    });
    const r = picked.body.results[0];
    expect(r.createdAt).toBe('2026-01-05T09:00:00.000Z');
    expect(r.archived).toBe(false);
    expect(r.url).toContain('/record/0-3/40000000001');
  });

  it('caps limit at 100, and at 50 with propertiesWithHistory', async () => {
    const s = await start();
    expect((await call(s, 'GET', '/crm/v3/objects/deals?limit=100')).status).toBe(200);
    const over = await call(s, 'GET', '/crm/v3/objects/deals?limit=101');
    expect(over.status).toBe(400);
    expect(over.body.category).toBe('VALIDATION_ERROR');
    expect((await call(s, 'GET', '/crm/v3/objects/deals?limit=50&propertiesWithHistory=dealstage')).status).toBe(200);
    expect((await call(s, 'GET', '/crm/v3/objects/deals?limit=51&propertiesWithHistory=dealstage')).status).toBe(400);
  });

  it('serves histories newest first and embeds associations only where they exist', async () => {
    const s = await start();
    const res = await call(
      s,
      'GET',
      '/crm/v3/objects/deals?limit=4&propertiesWithHistory=dealstage&associations=companies,contacts',
    );
    const d1 = res.body.results[0];
    expect(d1.propertiesWithHistory.dealstage.map((h: { value: string }) => h.value)).toEqual([
      'closedwon',
      '710000002',
      '710000001',
    ]);
    expect(d1.associations.companies.results).toEqual([
      { id: '20000000001', type: 'deal_to_company' },
      { id: '20000000001', type: 'deal_to_company_unlabeled' },
    ]);
    expect(d1.associations.contacts.results).toEqual([{ id: '30000000001', type: 'deal_to_contact' }]);
    expect(res.body.results[3]).not.toHaveProperty('associations');
  });

  it('lists only deleted records with archived=true, never merged ones', async () => {
    const s = await start();
    const res = await call(s, 'GET', '/crm/v3/objects/deals?archived=true');
    expect(res.body.results).toHaveLength(1);
    expect(res.body.results[0]).toMatchObject({
      id: '40000000005',
      archived: true,
      archivedAt: '2026-03-10T09:00:00.000Z',
    });
  });

  it('lists each engagement type and leads under names and type ids', async () => {
    const s = await start();
    expect((await call(s, 'GET', '/crm/v3/objects/calls')).body.results.map((r: { id: string }) => r.id)).toEqual([
      '60000000001',
      '60000000006',
    ]);
    expect((await call(s, 'GET', '/crm/v3/objects/0-47')).body.results).toHaveLength(2);
    expect((await call(s, 'GET', '/crm/v3/objects/0-136')).body.results[0].properties.hs_lead_name).toBe(
      'Acme inbound',
    );
    expect((await call(s, 'GET', '/crm/v3/objects/widgets')).status).toBe(400);
  });
});

describe('get and batch read', () => {
  it('reads one record and answers 404 for merged or unknown ids', async () => {
    const s = await start();
    const one = await call(s, 'GET', '/crm/v3/objects/contacts/30000000001?properties=email');
    expect(one.body.properties).toEqual({ email: 'jane@acme.example' });
    expect((await call(s, 'GET', '/crm/v3/objects/deals/40000000006')).status).toBe(404);
    const missing = await call(s, 'GET', '/crm/v3/objects/deals/123');
    expect(missing.status).toBe(404);
    expect(missing.body.category).toBe('OBJECT_NOT_FOUND');
    expect((await call(s, 'GET', '/crm/v3/objects/deals/40000000005?archived=true')).status).toBe(200);
    const byEmail = await call(s, 'GET', '/crm/v3/objects/contacts/tom@globex.example?idProperty=email');
    expect(byEmail.body.id).toBe('30000000002');
  });

  it('answers 207 with numErrors for missing ids and 200 when all are found', async () => {
    const s = await start();
    const partial = await call(s, 'POST', '/crm/v3/objects/deals/batch/read', {
      inputs: [{ id: '40000000002' }, { id: '999' }, { id: '40000000006' }],
      properties: ['amount'],
    });
    expect(partial.status).toBe(207);
    expect(partial.body.numErrors).toBe(2);
    expect(partial.body.errors[0].context.ids).toEqual(['999', '40000000006']);
    expect(partial.body.results.map((r: { id: string }) => r.id)).toEqual(['40000000002']);
    const full = await call(s, 'POST', '/crm/v3/objects/deals/batch/read', {
      inputs: [{ id: '40000000001' }],
      properties: [],
    });
    expect(full.status).toBe(200);
    expect(full.body.status).toBe('COMPLETE');
  });

  it('refuses more than 50 inputs with propertiesWithHistory and more than 100 without', async () => {
    const s = await start();
    const inputs = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(40000000001 + i) }));
    const hist = await call(s, 'POST', '/crm/v3/objects/deals/batch/read', {
      inputs: inputs(51),
      propertiesWithHistory: ['amount'],
    });
    expect(hist.status).toBe(400);
    expect(hist.body.message).toBe(
      'The maximum number of inputs supported in a batch request for property histories is 50',
    );
    expect((await call(s, 'POST', '/crm/v3/objects/deals/batch/read', { inputs: inputs(101) })).status).toBe(400);
    expect((await call(s, 'POST', '/crm/v3/objects/deals/batch/read', { inputs: inputs(100) })).status).toBe(207);
  });

  it('notices new records appended to the model', async () => {
    const model = fixtureModel();
    const s = await start(model);
    expect((await call(s, 'GET', '/crm/v3/objects/companies')).body.results).toHaveLength(2);
    model.companies.push({
      ...meta('2026-03-30T00:00:00Z'),
      id: 'initech',
      name: 'Initech',
      createdAt: 0,
      industry: null,
      owner: null,
      properties: {},
    });
    const after = await call(s, 'GET', '/crm/v3/objects/companies');
    expect(after.body.results[2].id).toBe('20000000003');
  });
});
