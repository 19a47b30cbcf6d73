/**
 * Contract test: the official @hubspot/api-client (13.x) against the simulator, through its typed APIs. It only
 * accepts the spec's success codes and parses by Content-Type, so a wrong status or header fails here. Asserts
 * the runtime types a connector reads (hubspot-api.md §0): property values are strings (or null), createdAt and
 * history timestamps are Dates, toObjectId arrives as a number, stage metadata are strings.
 */
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type HubSpotSimulator, startHubSpotSimulator } from '../../src/simulator/hubspot/server.js';
import { fixtureModel, T } from './hubspot-fixture.js';

let sim: HubSpotSimulator;
let client: Client;

beforeAll(async () => {
  // Search is called several times in a row here; the 5/s bucket has its own test.
  sim = await startHubSpotSimulator({ model: fixtureModel(), limits: { searchPerSecond: 100 } });
  client = new Client({ accessToken: sim.token, basePath: sim.baseUrl });
});
afterAll(async () => {
  await sim.close();
});

const propertyValue = z.union([z.string(), z.null()]);

describe('official client against the simulator', () => {
  it('lists deals with history and associations, typed as the docs say', async () => {
    const page = await client.crm.deals.basicApi.getPage(
      2,
      undefined,
      ['amount', 'dealstage', 'closedate'],
      ['dealstage'],
      ['companies'],
      false,
    );
    const [d1] = page.results;
    expect(d1?.id).toBe('40000000001');
    expect(d1?.createdAt).toBeInstanceOf(Date);
    expect(d1?.updatedAt).toBeInstanceOf(Date);
    for (const v of Object.values(d1?.properties ?? {})) expect(propertyValue.safeParse(v).success).toBe(true);
    const history = d1?.propertiesWithHistory?.dealstage ?? [];
    expect(history[0]?.value).toBe('closedwon');
    expect(history[0]?.timestamp).toBeInstanceOf(Date);
    expect(history[0]?.timestamp.getTime()).toBe(T('2026-02-09T09:00:00Z'));
    expect(d1?.associations?.companies?.results[0]?.id).toBe('20000000001');
    expect(page.paging?.next?.after).toBe('40000000003');
  });

  it('searches with an object sort cast through the string[] type', async () => {
    const res = await client.crm.deals.searchApi.doSearch({
      filterGroups: [
        {
          filters: [
            { propertyName: 'hs_lastmodifieddate', operator: 'GTE' as never, value: String(T('2026-01-01T00:00:00Z')) },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }] as unknown as string[],
      properties: ['amount'],
      limit: 3,
      after: '0',
    });
    expect(res.total).toBe(4);
    expect(res.results.map((r) => r.id)).toEqual(['40000000001', '40000000002', '40000000003']);
    expect(res.paging?.next?.after).toBe('3');
  });

  it('batch-reads deals, returning a 207 partial result unthrown', async () => {
    const res = await client.crm.deals.batchApi.read(
      {
        inputs: [{ id: '40000000002' }, { id: '1' }],
        properties: ['amount_in_home_currency'],
        propertiesWithHistory: ['amount'],
      },
      false,
    );
    expect(res.results[0]?.properties.amount_in_home_currency).toBe('1800');
    expect(res.results[0]?.propertiesWithHistory?.amount?.[0]?.value).toBe('2000');
    expect('numErrors' in res && res.numErrors).toBe(1);
    expect(res.completedAt).toBeInstanceOf(Date);
  });

  it('reads v4 associations in batch with numeric toObjectId', async () => {
    const res = await client.crm.associations.v4.batchApi.getPage('deals', 'contacts', {
      inputs: [{ id: '40000000001' }],
    });
    const to = res.results[0]?.to[0];
    expect(res.results[0]?._from.id).toBe('40000000001');
    expect(typeof to?.toObjectId).toBe('number');
    expect(String(to?.toObjectId)).toBe('30000000001');
    expect(to?.associationTypes[0]?.typeId).toBe(3);
    const one = await client.crm.associations.v4.basicApi.getPage('deals', '40000000001', 'calls');
    expect(one.results[0]?.associationTypes[0]?.typeId).toBe(205); // deal -> call
  });

  it('reads pipelines, owners and property definitions', async () => {
    const pipelines = await client.crm.pipelines.pipelinesApi.getAll('deals');
    const won = pipelines.results[0]?.stages.find((s) => s.id === 'closedwon');
    expect(won?.metadata).toEqual({ isClosed: 'true', probability: '1.0' });
    expect(won?.createdAt).toBeInstanceOf(Date);
    const owners = await client.crm.owners.ownersApi.getPage(undefined, undefined, 100, false);
    expect(owners.results[0]?.userId).toBe(7000001);
    expect(owners.results[0]?.teams?.[0]?.name).toBe('east');
    const archived = await client.crm.owners.ownersApi.getPage(undefined, undefined, 100, true);
    expect(archived.results[0]?.userId).toBeNull();
    const props = await client.crm.properties.coreApi.getAll('deals');
    expect(props.results.find((p) => p.name === 'dealstage')?.options.length).toBe(8); // 3 + 1 open stages, closed won/lost per pipeline
  });

  it('reads contacts, companies, leads and engagements through their own APIs', async () => {
    const contacts = await client.crm.contacts.basicApi.getPage(
      10,
      undefined,
      ['email', 'lifecyclestage'],
      ['lifecyclestage'],
    );
    expect(contacts.results[0]?.propertiesWithHistory?.lifecyclestage?.map((h) => h.value)).toEqual([
      'customer',
      'lead',
    ]);
    const companies = await client.crm.companies.batchApi.read({
      inputs: [{ id: '20000000001' }],
      properties: ['lifecyclestage'],
      propertiesWithHistory: [],
    });
    expect(companies.results[0]?.properties.lifecyclestage).toBe('customer');
    const leads = await client.crm.objects.leads.basicApi.getPage(10, undefined, ['hs_lead_name', 'hs_createdate']);
    expect(leads.results[0]?.properties.hs_lead_name).toBe('Acme inbound');
    const calls = await client.crm.objects.calls.basicApi.getPage(10, undefined, [
      'hs_call_duration',
      'hs_call_disposition',
    ]);
    expect(calls.results[0]?.properties.hs_call_duration).toBe('300000');
    const meetings = await client.crm.objects.meetings.searchApi.doSearch({
      filterGroups: [],
      properties: ['hs_meeting_outcome'],
      limit: 10,
      after: '0',
      sorts: [],
    });
    expect(meetings.results.map((m) => m.properties.hs_meeting_outcome)).toEqual(['COMPLETED', '']);
    const one = await client.crm.objects.tasks.basicApi.getById('60000000005', ['hs_task_status']);
    expect(one.properties.hs_task_status).toBe('COMPLETED');
  });

  it('reads account details and API usage through apiRequest', async () => {
    const details = z.object({
      portalId: z.number().int(),
      accountType: z.enum(['STANDARD', 'DEVELOPER_TEST', 'SANDBOX', 'APP_DEVELOPER']),
      timeZone: z.string(),
      companyCurrency: z.string().length(3),
      additionalCurrencies: z.array(z.string()),
      utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/),
      utcOffsetMilliseconds: z.number().int(),
      uiDomain: z.string(),
      dataHostingLocation: z.string(),
    });
    const res = await client.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
    expect(details.parse(await res.json()).timeZone).toBe('Europe/Paris');
    const usage = await client.apiRequest({ method: 'GET', path: '/account-info/v3/api-usage/daily/private-apps' });
    const body = z
      .object({
        results: z.array(z.object({ usageLimit: z.number(), currentUsage: z.number(), resetsAt: z.string() })),
      })
      .parse(await usage.json());
    expect(body.results[0]?.usageLimit).toBe(625_000);
  });

  it('throws ApiException with code and raw body on 401, 404 and 429', async () => {
    const bad = new Client({ accessToken: 'pat-na1-wrong', basePath: sim.baseUrl });
    await expect(bad.crm.deals.basicApi.getPage()).rejects.toMatchObject({
      code: 401,
      body: { category: 'INVALID_AUTHENTICATION' },
    });
    // the bad client took over the process-wide decorators (hubspot-api.md §0): use a fresh one again
    client = new Client({ accessToken: sim.token, basePath: sim.baseUrl });
    await expect(client.crm.deals.basicApi.getById('1')).rejects.toMatchObject({ code: 404 });
    sim.faults.add({ path: '/crm/v3/objects/deals', kind: 'rate-limit' });
    await expect(client.crm.deals.basicApi.getPage()).rejects.toMatchObject({
      code: 429,
      body: { policyName: 'TEN_SECONDLY_ROLLING' },
    });
    sim.faults.add({ path: '/crm/v3/objects/deals', kind: 'no-content-type' });
    const noType = await client.crm.deals.basicApi.getPage().catch((e: unknown) => e);
    expect(noType).toBeInstanceOf(Error);
    expect(noType).not.toHaveProperty('code');
  });
});
