import { afterEach, describe, expect, it } from 'vitest';
import { type HubSpotSimulator, startHubSpotSimulator } from '../../src/simulator/hubspot/server.js';
import { fixtureModel } from './hubspot-fixture.js';
import { call } from './hubspot-http.js';

let sim: HubSpotSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('associations v4', () => {
  it('lists a record associations with numeric toObjectId and the documented type ids', async () => {
    sim = await startHubSpotSimulator({ model: fixtureModel() });
    const res = await call(sim, 'GET', '/crm/v4/objects/deals/40000000001/associations/companies');
    expect(res.body.results).toEqual([
      {
        toObjectId: 20000000001,
        associationTypes: [
          { category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Primary' },
          { category: 'HUBSPOT_DEFINED', typeId: 341, label: null },
        ],
      },
    ]);
    const calls = await call(sim, 'GET', '/crm/v4/objects/contact/30000000002/associations/calls');
    expect(calls.body.results[0].associationTypes[0].typeId).toBe(193);
  });

  it('batch-reads with per-source paging and a 207 entry for sources without associations', async () => {
    sim = await startHubSpotSimulator({ model: fixtureModel(), pageSizes: { assocPage: 1 } });
    const res = await call(sim, 'POST', '/crm/v4/associations/deals/meetings/batch/read', {
      inputs: [{ id: '40000000001' }, { id: '40000000004' }],
    });
    expect(res.status).toBe(207);
    expect(res.body.results).toHaveLength(1);
    expect(res.body.errors[0].subCategory).toBe('crm.associations.NO_ASSOCIATIONS_FOUND');
    const companyDeals = await call(sim, 'POST', '/crm/v4/associations/companies/deals/batch/read', {
      inputs: [{ id: '20000000001' }],
    });
    expect(companyDeals.status).toBe(200);
    const first = companyDeals.body.results[0];
    expect(first.to.map((t: { toObjectId: number }) => t.toObjectId)).toEqual([40000000001]);
    expect(first.paging.next.after).toBe('1');
    const rest = await call(sim, 'POST', '/crm/v4/associations/companies/deals/batch/read', {
      inputs: [{ id: '20000000001', after: '1' }],
    });
    // d5 is deleted and d6 merged: neither is linked any more, so d3 ends the list
    expect(rest.body.results[0].to.map((t: { toObjectId: number }) => t.toObjectId)).toEqual([40000000003]);
    expect(rest.body.results[0].paging).toBeUndefined();
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ id: String(i) }));
    expect(
      (await call(sim, 'POST', '/crm/v4/associations/deals/contacts/batch/read', { inputs: tooMany })).status,
    ).toBe(400);
  });

  it('links leads with their primary types', async () => {
    sim = await startHubSpotSimulator({ model: fixtureModel() });
    const res = await call(sim, 'POST', '/crm/v4/associations/leads/deals/batch/read', {
      inputs: [{ id: '50000000001' }],
    });
    expect(res.body.results[0].to[0].associationTypes.map((t: { typeId: number }) => t.typeId)).toEqual([582, 1037]);
  });
});

describe('pipelines, owners, account, properties', () => {
  it('appends closed won and lost stages with string metadata to every pipeline', async () => {
    sim = await startHubSpotSimulator({ model: fixtureModel() });
    const res = await call(sim, 'GET', '/crm/v3/pipelines/deals');
    const [sales, renewals] = res.body.results;
    expect(sales.id).toBe('default');
    expect(sales.stages.map((s: { id: string }) => s.id)).toEqual([
      '710000001',
      '710000002',
      '710000003',
      'closedwon',
      'closedlost',
    ]);
    expect(sales.stages[0].metadata).toEqual({ isClosed: 'false', probability: '0.2' });
    expect(renewals.stages[2]).toMatchObject({
      id: '710001999',
      label: 'Closed lost',
      metadata: { isClosed: 'true', probability: '0.0' },
    });
    expect(sales.createdAt).toBe('1970-01-01T00:00:00.000Z');
    const leads = await call(sim, 'GET', '/crm/v3/pipelines/0-136');
    expect(leads.body.results[0].id).toBe('lead-pipeline-id');
  });

  it('lists active owners with teams, and archived ones with a null userId', async () => {
    sim = await startHubSpotSimulator({ model: fixtureModel() });
    const active = await call(sim, 'GET', '/crm/v3/owners/');
    expect(active.body.results.map((o: { email: string }) => o.email)).toEqual([
      'alice@example.com',
      'bob@example.com',
    ]);
    expect(active.body.results[0]).toMatchObject({
      id: '100000001',
      userId: 7000001,
      teams: [{ id: '900001', name: 'east', primary: true }],
    });
    const archived = await call(sim, 'GET', '/crm/v3/owners?archived=true');
    expect(archived.body.results).toEqual([
      expect.objectContaining({ id: '100000003', userId: null, archived: true, teams: [] }),
    ]);
  });

  it('serves account details with the offset at model.now and the daily usage', async () => {
    sim = await startHubSpotSimulator({ model: fixtureModel() });
    const res = await call(sim, 'GET', '/account-info/v3/details');
    // 2026-03-31 is after the EU switch to summer time: Paris is UTC+2
    expect(res.body).toMatchObject({
      timeZone: 'Europe/Paris',
      companyCurrency: 'EUR',
      additionalCurrencies: ['USD'],
      utcOffset: '+02:00',
      utcOffsetMilliseconds: 7_200_000,
    });
    const usage = await call(sim, 'GET', '/account-info/v3/api-usage/daily/private-apps');
    expect(usage.body.results[0]).toMatchObject({
      name: 'private-apps-api-calls-daily',
      usageLimit: 625_000,
      currentUsage: 2,
      resetsAt: '2026-03-31T22:00:00.000Z',
    });
  });

  it('describes properties with options, including custom ones found in the model', async () => {
    sim = await startHubSpotSimulator({ model: fixtureModel() });
    const res = await call(sim, 'GET', '/crm/v3/properties/deals');
    const byName = new Map(res.body.results.map((p: { name: string }) => [p.name, p]));
    expect(byName.get('amount')).toMatchObject({ type: 'number', fieldType: 'number' });
    expect(byName.get('priority')).toMatchObject({ type: 'number' });
    expect(byName.get('referred_by')).toMatchObject({ type: 'string' });
    const industry = await call(sim, 'GET', '/crm/v3/properties/companies/industry');
    expect(industry.body.options.map((o: { label: string; value: string }) => [o.label, o.value])).toEqual([
      ['Software', 'SOFTWARE'],
      ['Health care', 'HEALTH_CARE'],
    ]);
    expect((await call(sim, 'GET', '/crm/v3/properties/deals/nope')).status).toBe(404);
  });
});
