import { afterEach, describe, expect, it } from 'vitest';
import { toInstant } from '../../../src/connectors/pipedrive/mappers/common';
import { toCrmCompany } from '../../../src/connectors/pipedrive/mappers/company';
import { toCrmContact } from '../../../src/connectors/pipedrive/mappers/contact';
import { toCrmEngagement, toCrmNote } from '../../../src/connectors/pipedrive/mappers/engagement';
import { convertedLeadOf, toCrmLead } from '../../../src/connectors/pipedrive/mappers/lead';
import { toCrmOwner } from '../../../src/connectors/pipedrive/mappers/owner';
import { callLogSchema } from '../../../src/connectors/pipedrive/types';
import { byId, dataOf, HASH_REFERRER } from './fixture';

const ok = <T>(r: { ok: true; record: T } | { ok: false; reason: string } | null): T => {
  if (r === null || !r.ok) throw new Error(r === null ? 'null' : r.reason);
  return r.record;
};
const channels = new Map([
  ['1', 'Organic search'],
  ['2', 'Paid search'],
]);
const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('Pipedrive timestamps', () => {
  it('reads a v1 naive timestamp as UTC even when the process runs in another zone', () => {
    process.env.TZ = 'America/New_York';
    // The trap: the platform parser reads the naive string in local time.
    expect(Date.parse('2024-07-01 05:46:33')).not.toBe(Date.UTC(2024, 6, 1, 5, 46, 33));
    expect(toInstant('2024-07-01 05:46:33', 'add_time')).toBe('2024-07-01T05:46:33.000Z');
  });

  it('reads v2 RFC 3339, leads with milliseconds and offsets to the same UTC instant format', () => {
    expect(toInstant('2025-01-01T10:20:00Z', 't')).toBe('2025-01-01T10:20:00.000Z');
    expect(toInstant('2020-10-14T11:30:36.551Z', 't')).toBe('2020-10-14T11:30:36.551Z');
    expect(toInstant('2025-01-01T12:20:00+02:00', 't')).toBe('2025-01-01T10:20:00.000Z');
    expect(() => toInstant('01/02/2025', 't')).toThrow('t: unparsable time');
  });
});

describe('Pipedrive lead mapper', () => {
  it('maps a live lead as a first-class record with its channel as the source', () => {
    const lead = ok(toCrmLead(dataOf('v1/leads')[0], { channels }));
    expect(lead).toEqual({
      externalId: '8a2d9c7e-1f3b-4e5d-a6c7-b8d9e0f1a2b3',
      title: 'Globex inbound',
      createdAt: '2026-01-02T08:00:00.551Z',
      ownerId: '7',
      source: 'Paid search',
      contactIds: [],
      companyIds: ['302'],
      dealIds: [],
      convertedAt: null,
      modifiedAt: '2026-01-03T08:00:00.120Z',
    });
  });

  it('rebuilds a converted lead from the deal that carries its source_lead_id', () => {
    const deal = byId(dataOf('api/v2/deals'), 101);
    const lead = ok(convertedLeadOf(deal, { channels, createdSec: Date.UTC(2026, 0, 2, 8) / 1000 }));
    expect(lead).toMatchObject({
      externalId: '3f1c2a9e-4b7d-4c1a-9f0e-2d6b8a7c5e41',
      createdAt: '2026-01-02T08:00:00.000Z',
      dealIds: ['101'],
      convertedAt: '2026-01-05T10:00:00.000Z',
      source: 'Organic search',
    });
    expect(convertedLeadOf(byId(dataOf('api/v2/deals'), 102), { channels, createdSec: null })).toBeNull();
  });
});

describe('Pipedrive engagement mappers', () => {
  const activities = dataOf('api/v2/activities');
  const logs = dataOf('v1/callLogs').map((raw) => callLogSchema.parse(raw));

  it('takes call outcome and duration from the call log, outbound, primary participant first', () => {
    const call = ok(toCrmEngagement(byId(activities, 601), { callLog: logs[0] ?? null }));
    expect(call).toEqual({
      externalId: '601',
      type: 'call',
      direction: 'outbound',
      outcome: 'connected',
      durationSeconds: 300,
      occurredAt: '2026-01-06T09:00:00.000Z',
      endAt: null,
      ownerId: '7',
      done: true,
      activityType: 'call',
      dealIds: ['101'],
      contactIds: ['501', '502'],
      companyIds: ['301'],
      leadIds: [],
      modifiedAt: '2026-01-06T09:05:00.000Z',
    });
  });

  it("translates Pipedrive's left_message into left_live_message and treats support_call as a call", () => {
    const call = ok(toCrmEngagement(byId(activities, 605), { callLog: logs[1] ?? null }));
    expect(call).toMatchObject({
      type: 'call',
      outcome: 'left_live_message',
      durationSeconds: 45,
      activityType: 'support_call',
    });
  });

  it('marks a done meeting completed with its end time, and reads empty strings as unset', () => {
    const meeting = ok(toCrmEngagement(byId(activities, 603), { callLog: null }));
    expect(meeting).toMatchObject({ outcome: 'completed', endAt: '2026-01-12T15:00:00.000Z', direction: null });
    const email = ok(toCrmEngagement(byId(activities, 602), { callLog: null }));
    expect(email).toMatchObject({ type: 'email', occurredAt: '2026-01-06T00:00:00.000Z', direction: 'outbound' });
    const task = ok(toCrmEngagement(byId(activities, 604), { callLog: null }));
    expect(task).toMatchObject({ type: 'task', done: false, leadIds: ['3f1c2a9e-4b7d-4c1a-9f0e-2d6b8a7c5e41'] });
  });

  it('maps a v1 note with its naive UTC times', () => {
    expect(ok(toCrmNote(dataOf('v1/notes')[0]))).toMatchObject({
      type: 'note',
      occurredAt: '2026-01-12T15:05:00.000Z',
      dealIds: ['101'],
      ownerId: '7',
    });
  });
});

describe('Pipedrive people mappers', () => {
  it('maps a person with the primary email and custom fields by hash key', () => {
    expect(ok(toCrmContact(dataOf('api/v2/persons')[0]))).toMatchObject({
      externalId: '501',
      email: 'jane@acme.example',
      companyIds: ['301'],
      lifecycle: [],
      properties: { [HASH_REFERRER]: null },
    });
  });

  it('maps an organization with its industry label and no customer-since of its own', () => {
    const company = ok(toCrmCompany(dataOf('api/v2/organizations')[0], { industries: new Map([['31', 'Software']]) }));
    expect(company).toMatchObject({ industry: 'Software', customerSince: null, properties: {} });
  });

  it('keeps deactivated users as archived owners', () => {
    expect(dataOf('v1/users').map((u) => ok(toCrmOwner(u)))).toEqual([
      { externalId: '7', name: 'Alice Martin', email: 'alice@example.com', archived: false, teamId: null },
      { externalId: '8', name: 'Dave Old', email: 'dave@example.com', archived: true, teamId: null },
    ]);
  });
});
