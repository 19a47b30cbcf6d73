import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/index';
import type { Page } from '../../../src/connectors/types';
import type { CrmDeal } from '../../../src/domain/records';
import { fixture } from './fixture';

const BASE = 'http://hubspot.test';
const JSON_HEADERS = { 'Content-Type': 'application/json;charset=utf-8' };
const NOW = Date.parse('2024-03-05T10:00:00.000Z');

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

const stub = (id: string, modified: string) => ({
  id,
  properties: { hs_object_id: id, hs_lastmodifieddate: modified },
  createdAt: '2024-01-10T08:00:00.000Z',
  updatedAt: modified,
  archived: false,
});

describe('HubSpot deal stream', () => {
  it('searches from the stored watermark, batch reads histories and pages records, quarantine and merges', async () => {
    const watermark = Date.parse('2024-01-20T00:00:00.000Z');
    const searchBodies: unknown[] = [];
    const readBodies: { inputs: unknown[]; propertiesWithHistory: string[]; properties: string[] }[] = [];
    nock(BASE)
      .post('/crm/v3/objects/deals/search', (body) => {
        searchBodies.push(body);
        return true;
      })
      .reply(
        200,
        {
          total: 6,
          results: ['101', '102', '103', '104', '105', '106'].map((id) => stub(id, '2024-02-01T09:00:01.123Z')),
        },
        JSON_HEADERS,
      )
      .get('/crm/v3/properties/deals')
      .query(true)
      .reply(
        200,
        {
          results: [
            {
              name: 'dealname',
              label: 'Deal name',
              type: 'string',
              fieldType: 'text',
              groupName: 'dealinformation',
              description: '',
              options: [],
              hubspotDefined: true,
            },
            {
              name: 'referred_by',
              label: 'Referred by',
              type: 'string',
              fieldType: 'text',
              groupName: 'dealinformation',
              description: '',
              options: [],
            },
          ],
        },
        JSON_HEADERS,
      )
      .post('/crm/v3/objects/deals/batch/read', (body) => {
        readBodies.push(body);
        return true;
      })
      .query(true)
      .reply(200, fixture('POST', 'crm/v3/objects/deals/batch/read') as object, JSON_HEADERS)
      .get('/crm/v3/pipelines/deals')
      .reply(200, fixture('GET', 'crm/v3/pipelines/deals') as object, JSON_HEADERS)
      .post('/crm/v4/associations/deals/contacts/batch/read')
      .reply(200, fixture('POST', 'crm/v4/associations/deals/contacts/batch/read') as object, JSON_HEADERS)
      .post('/crm/v4/associations/deals/companies/batch/read')
      .reply(
        200,
        {
          status: 'COMPLETE',
          results: [],
          startedAt: '2024-03-05T10:00:00.000Z',
          completedAt: '2024-03-05T10:00:00.000Z',
        },
        JSON_HEADERS,
      );

    const crm = createHubSpotConnector({
      baseUrl: BASE,
      token: 'pat-na1-test',
      now: () => NOW,
      lookBackMs: 60_000,
      safetyMarginMs: 10_000,
      limiter: { acquire: async () => () => {} },
    });
    const pages: Page<CrmDeal>[] = [];
    for await (const page of crm.stream('deals', { cursor: JSON.stringify({ v: 1, w: watermark }) })) pages.push(page);

    expect(searchBodies[0]).toEqual({
      filterGroups: [
        {
          filters: [
            { propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(watermark - 60_000) },
            { propertyName: 'hs_lastmodifieddate', operator: 'LTE', value: String(NOW - 10_000) },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
      properties: ['hs_object_id', 'hs_lastmodifieddate'],
      limit: 200,
    });
    // Properties travel in the POST body (no 414), histories cap the batch at 50 inputs.
    expect(readBodies[0]?.properties).toContain('referred_by');
    expect(readBodies[0]?.propertiesWithHistory).toContain('dealstage');
    expect(readBodies[0]?.inputs).toHaveLength(6);

    expect(pages).toHaveLength(1);
    const page = pages[0]!;
    expect(page.records.map((d) => d.externalId)).toEqual(['101', '102', '103']);
    expect(page.records[0]?.contactIds).toEqual(['9002', '9001']);
    expect(page.records[0]?.properties).toEqual({ referred_by: '4242' });
    expect(page.quarantined.map((q) => [q.objectType, q.externalId, q.reason])).toEqual([
      ['deals', '104', 'amount: unparsable number "12abc"'],
      ['deals', '105', 'missing createdate'],
      ['deals', '106', 'unknown stage "99999"'],
    ]);
    expect(page.deletedIds).toEqual([
      { externalId: '201', at: '2024-01-25T10:00:00.000Z', mergedInto: '103' },
      { externalId: '202', at: '2024-01-25T10:00:00.000Z', mergedInto: '103' },
    ]);
    // The walk finished: the watermark moves to the run start.
    expect(JSON.parse(page.cursor ?? 'null')).toEqual({ v: 1, w: NOW - 10_000 });
    expect(crm.stats().callsByKind).toEqual({
      search: 1,
      properties: 1,
      'batch-read': 1,
      pipelines: 1,
      associations: 2,
    });
  });
});
