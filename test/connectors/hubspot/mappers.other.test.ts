import { describe, expect, it } from 'vitest';
import { toCrmCompany } from '../../../src/connectors/hubspot/mappers/company';
import { toCrmContact } from '../../../src/connectors/hubspot/mappers/contact';
import { toCrmEngagement } from '../../../src/connectors/hubspot/mappers/engagement';
import { toCrmOwner } from '../../../src/connectors/hubspot/mappers/owner';
import { byId, resultsOf } from './fixture';

const none = { dealIds: [], contactIds: [], companyIds: [], leadIds: [] };
const calls = resultsOf('POST', 'crm/v3/objects/calls/search');

const obj = (id: string, properties: Record<string, string | null>, history?: Record<string, unknown[]>) => ({
  id,
  properties,
  ...(history ? { propertiesWithHistory: history } : {}),
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-02T00:00:00.000Z',
  archived: false,
});

describe('HubSpot engagement mapper', () => {
  it('maps a default call outcome GUID, direction and a duration in milliseconds to seconds', () => {
    expect(toCrmEngagement('calls', byId(calls, '7001'), { ...none, dealIds: ['101'] })).toEqual({
      ok: true,
      record: {
        externalId: '7001',
        type: 'call',
        direction: 'outbound',
        outcome: 'connected',
        durationSeconds: 300,
        occurredAt: '2024-01-11T09:00:00.000Z',
        endAt: null,
        ownerId: '52',
        done: null,
        activityType: null,
        dealIds: ['101'],
        contactIds: [],
        companyIds: [],
        leadIds: [],
        modifiedAt: '2024-01-11T09:05:00.000Z',
      },
    });
  });

  it('keeps a custom call outcome GUID as sent', () => {
    const result = toCrmEngagement('calls', byId(calls, '7002'), none);
    expect(result.ok && [result.record.outcome, result.record.direction, result.record.durationSeconds]).toEqual([
      '0c8e5a2b-1111-4c5d-9e9e-123456789abc',
      'inbound',
      61,
    ]);
  });

  it('quarantines an engagement without an activity time', () => {
    expect(toCrmEngagement('calls', byId(calls, '7003'), none)).toMatchObject({
      ok: false,
      externalId: '7003',
      reason: 'missing hs_timestamp / hs_meeting_start_time',
    });
  });

  it('maps email directions, meeting outcomes and completed tasks', () => {
    const at = { hs_timestamp: '2024-01-05T10:00:00.000Z', hs_lastmodifieddate: '2024-01-05T10:00:00.000Z' };
    const direction = (d: string) => {
      const r = toCrmEngagement('emails', obj('1', { ...at, hs_email_direction: d }), none);
      return r.ok ? r.record.direction : 'quarantined';
    };
    expect(['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL'].map(direction)).toEqual(['outbound', 'inbound', 'forwarded']);
    const meeting = toCrmEngagement(
      'meetings',
      obj('2', { ...at, hs_meeting_outcome: 'NO_SHOW', hs_meeting_end_time: '2024-01-05T11:00:00.000Z' }),
      none,
    );
    expect(meeting.ok && [meeting.record.outcome, meeting.record.endAt]).toEqual([
      'no_show',
      '2024-01-05T11:00:00.000Z',
    ]);
    const task = (s: string) => {
      const r = toCrmEngagement('tasks', obj('3', { ...at, hs_task_status: s }), none);
      return r.ok ? r.record.done : 'quarantined';
    };
    expect(['COMPLETED', 'NOT_STARTED', 'WAITING'].map(task)).toEqual([true, false, false]);
  });
});

describe('HubSpot company and contact mappers', () => {
  it('reads the lifecycle history in time order and the v2 customer date', () => {
    const company = obj(
      '300',
      {
        name: 'Acme SA',
        industry: 'COMPUTER_SOFTWARE',
        createdate: '2023-11-02T10:00:00.000Z',
        hs_lastmodifieddate: '2024-02-01T09:00:00.000Z',
        lifecyclestage: 'customer',
        hs_v2_date_entered_customer: '2024-02-01T09:00:00.000Z',
        hs_merged_object_ids: null,
      },
      {
        lifecyclestage: [
          { value: 'customer', timestamp: '2024-02-01T09:00:00.000Z', sourceType: 'CALCULATED' },
          { value: 'lead', timestamp: '2023-11-02T10:00:00.000Z', sourceType: 'CRM_UI' },
        ],
      },
    );
    const result = toCrmCompany(company, { customProperties: [] });
    expect(result.ok && result.record).toMatchObject({
      industry: 'COMPUTER_SOFTWARE',
      customerSince: '2024-02-01T09:00:00.000Z',
      lifecycle: [
        { stage: 'lead', at: '2023-11-02T10:00:00.000Z' },
        { stage: 'customer', at: '2024-02-01T09:00:00.000Z' },
      ],
    });
  });

  it('puts the primary company first on a contact and uses lastmodifieddate', () => {
    const contact = obj('400', {
      firstname: 'Jane',
      lastname: 'Doe',
      email: 'jane@acme.example',
      createdate: '2023-11-02T10:05:00.000Z',
      lastmodifieddate: '2024-01-03T00:00:00.000Z',
      associatedcompanyid: '300',
      hs_merged_object_ids: '401;402',
    });
    const result = toCrmContact(contact, { customProperties: [], companyIds: ['310', '300'] });
    expect(result.ok && result.record).toMatchObject({
      name: 'Jane Doe',
      companyIds: ['300', '310'],
      modifiedAt: '2024-01-03T00:00:00.000Z',
      mergedIds: ['401', '402'],
      lifecycle: [],
    });
  });
});

describe('HubSpot owner mapper', () => {
  it('keeps an archived owner with the primary team', () => {
    const result = toCrmOwner(
      {
        id: '11349275740',
        userId: null,
        email: 'dave@example.com',
        firstName: 'Dave',
        lastName: 'Old',
        archived: true,
        teams: [
          { id: '7', name: 'West', primary: false },
          { id: '8', name: 'East', primary: true },
        ],
      },
      true,
    );
    expect(result.ok && result.record.owner).toEqual({
      externalId: '11349275740',
      name: 'Dave Old',
      email: 'dave@example.com',
      archived: true,
      teamId: '8',
    });
  });
});
