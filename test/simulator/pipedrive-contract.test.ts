/**
 * Contract test: the official `pipedrive` npm client (33.x) against the simulator, through its typed v1 and v2
 * API classes (base path = the simulator + `/v1` or `/api/v2`, token as `apiKey`, sent as `x-api-token`). It
 * resolves with the parsed body and rejects with the error body, so every endpoint a connector needs is read
 * here and its fields are checked against the types pipedrive-api.md documents.
 */
import { v1, v2 } from 'pipedrive';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type PipedriveSimulator, startPipedriveSimulator } from '../../src/simulator/pipedrive/server.js';
import { pipedriveModel } from './pipedrive-fixture.js';

let sim: PipedriveSimulator;
let c1: v1.Configuration;
let c2: v2.Configuration;

beforeAll(async () => {
  sim = await startPipedriveSimulator({ model: pipedriveModel() });
  c1 = new v1.Configuration({ apiKey: sim.token, basePath: `${sim.baseUrl}/v1` });
  c2 = new v2.Configuration({ apiKey: sim.token, basePath: `${sim.baseUrl}/api/v2` });
});
afterAll(async () => {
  await sim.close();
});

const rfc3339 = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
const v1Time = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
const isoMs = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const id = z.number().int().positive();
const hashKey = z.string().regex(/^[0-9a-f]{40}$/);
const v2Paging = z.object({ next_cursor: z.string().nullable() });
const v1Paging = z.object({
  pagination: z.object({ start: z.number(), limit: z.number(), more_items_in_collection: z.boolean() }),
});

const deal = z.object({
  id,
  title: z.string(),
  owner_id: id,
  creator_user_id: id,
  value: z.number(),
  currency: z.string().length(3),
  status: z.enum(['open', 'won', 'lost']),
  pipeline_id: id,
  stage_id: id,
  person_id: id.nullable(),
  org_id: id.nullable(),
  add_time: rfc3339,
  update_time: rfc3339,
  stage_change_time: rfc3339.nullable(),
  won_time: rfc3339.nullable(),
  lost_time: rfc3339.nullable(),
  close_time: rfc3339.nullable(),
  local_won_date: date.nullable(),
  expected_close_date: date.nullable(),
  probability: z.number().nullable(),
  lost_reason: z.string().nullable(),
  origin: z.string(),
  channel: id.nullable(),
  visible_to: z.number().int(),
  is_deleted: z.boolean(),
  is_archived: z.boolean(),
  custom_fields: z.record(hashKey, z.union([z.string(), z.number(), z.null()])).nullable(),
});

describe('official client, API v2', () => {
  it('lists deals with include_fields and pages by cursor', async () => {
    const api = new v2.DealsApi(c2);
    const page = await api.getDeals({ limit: 2, include_fields: 'first_won_time,source_lead_id' as 'first_won_time' });
    expect(page.success).toBe(true);
    z.array(deal.extend({ first_won_time: rfc3339.nullable(), source_lead_id: z.string().uuid().nullable() })).parse(
      page.data,
    );
    expect(page.data?.[0]?.source_lead_id).toBe(sim.ids.leadId('l1'));
    const next = page.additional_data?.next_cursor;
    expect(typeof next).toBe('string');
    const rest = await api.getDeals({ limit: 2, cursor: next as string });
    v2Paging.parse(rest.additional_data);
    expect(rest.additional_data?.next_cursor).toBeNull();
    expect(rest.data?.map((d) => d.id)).toEqual([300000003, 300000004]);
  });

  it('reads deleted deals, archived deals and one deal', async () => {
    const api = new v2.DealsApi(c2);
    const deleted = await api.getDeals({ status: 'deleted' });
    expect(deleted.data?.map((d) => [d.id, d.is_deleted])).toEqual([[300000005, true]]);
    const archived = await api.getArchivedDeals({ updated_since: '2026-01-01T00:00:00Z' });
    z.array(deal).parse(archived.data);
    expect(archived.data?.[0]?.is_archived).toBe(true);
    const one = await api.getDeal({ id: 300000002 });
    expect(deal.parse(one.data).probability).toBe(35);
  });

  it('reads activities, persons and organizations', async () => {
    const activities = await new v2.ActivitiesApi(c2).getActivities({ include_fields: 'attendees' });
    const activity = z.object({
      id,
      type: z.string(),
      owner_id: id,
      done: z.boolean(),
      due_date: date,
      due_time: z.string().regex(/^\d{2}:\d{2}$/),
      add_time: rfc3339,
      update_time: rfc3339,
      deal_id: id.nullable(),
      person_id: id.nullable(),
      participants: z.array(z.object({ person_id: id, primary: z.boolean() })),
      attendees: z.array(z.object({ person_id: id })),
    });
    z.array(activity).parse(activities.data);
    expect(activities.data?.map((a) => a.type)).toEqual(['call', 'meeting', 'task', 'support_call', 'meeting', 'call']);
    const persons = await new v2.PersonsApi(c2).getPersons({ org_id: 200000002 });
    z.array(z.object({ id, name: z.string(), owner_id: id, org_id: id, add_time: rfc3339 })).parse(persons.data);
    const orgs = await new v2.OrganizationsApi(c2).getOrganizations({ sort_by: 'update_time', sort_direction: 'desc' });
    z.array(z.object({ id, name: z.string(), industry: id.nullable(), update_time: rfc3339 })).parse(orgs.data);
    expect(orgs.data).toHaveLength(2);
  });

  it('reads pipelines, stages and field definitions with hash keys and channel options', async () => {
    const pipelines = await new v2.PipelinesApi(c2).getPipelines();
    expect(pipelines.data?.map((p) => p.name)).toEqual(['New business', 'Renewals']);
    const stages = await new v2.StagesApi(c2).getStages({ pipeline_id: 1 });
    z.array(z.object({ id, pipeline_id: id, order_nr: z.number(), deal_probability: z.number() })).parse(stages.data);
    const fields = await new v2.DealFieldsApi(c2).getDealFields({ limit: 500 });
    const channel = fields.data?.find((f) => f.field_code === 'channel');
    expect(channel?.options?.map((o) => o.label)).toContain('Outbound prospecting');
    const custom = fields.data?.filter((f) => f.is_custom_field) ?? [];
    expect(custom.map((f) => hashKey.parse(f.field_code))).toHaveLength(2);
    const orgFields = await new v2.OrganizationFieldsApi(c2).getOrganizationFields();
    expect(orgFields.data?.find((f) => f.field_code === 'industry')?.options).toEqual([
      { id: 1, label: 'Software' },
      { id: 2, label: 'Health care' },
    ]);
  });
});

describe('official client, API v1', () => {
  it('reads the changelog and the flow with naive UTC times and string values', async () => {
    const api = new v1.DealsApi(c1);
    const log = await api.getDealChangelog({ id: 300000001 });
    z.array(
      z.object({
        field_key: z.string(),
        old_value: z.string().nullable(),
        new_value: z.string().nullable(),
        time: v1Time,
      }),
    ).parse(log.data);
    expect(log.data?.map((r) => r.field_key)).toEqual(['status', 'stage_id']);
    const flow = await api.getDealUpdates({ id: 300000001, items: 'dealChange' });
    const last = flow.data?.[flow.data.length - 1];
    expect(last).toMatchObject({ object: 'dealChange', data: { field_key: 'add_time', old_value: null } });
    v1Paging.parse(flow.additional_data);
  });

  it('reads users (inactive too), me with its time zone, and currencies', async () => {
    const users = await new v1.UsersApi(c1).getUsers();
    z.array(
      z.object({ id, name: z.string(), active_flag: z.boolean(), created: v1Time, timezone_name: z.string() }),
    ).parse(users.data);
    expect(users.data?.map((u) => u.active_flag)).toEqual([true, true, false]);
    const me = await new v1.UsersApi(c1).getCurrentUser();
    expect(me.data).toMatchObject({ id: 12000001, timezone_name: 'Europe/Paris', company_id: 7654321 });
    const currencies = await new v1.CurrenciesApi(c1).getCurrencies({ term: 'dollar' });
    expect(currencies.data?.map((c) => c.code)).toEqual(['USD', 'CAD', 'AUD']);
  });

  it('reads leads, archived leads, call logs and notes with offset paging', async () => {
    const leads = await new v1.LeadsApi(c1).getLeads({ limit: 10 });
    z.array(z.object({ id: z.string().uuid(), title: z.string(), add_time: isoMs, origin: z.string() })).parse(
      leads.data,
    );
    v1Paging.parse(leads.additional_data);
    expect((await new v1.LeadsApi(c1).getArchivedLeads()).data).toEqual([]);
    const logs = await new v1.CallLogsApi(c1).getUserCallLogs({ limit: 50 });
    z.array(
      z.object({
        id: z.string(),
        activity_id: id,
        outcome: z.enum(['connected', 'no_answer', 'left_message', 'left_voicemail', 'wrong_number', 'busy']),
        duration: z.string().regex(/^\d+$/),
        start_time: v1Time,
      }),
    ).parse(logs.data);
    expect(logs.data?.map((l) => l.outcome)).toEqual(['connected', 'no_answer', 'left_message']);
    const notes = await new v1.NotesApi(c1).getNotes();
    expect(notes.data?.[0]).toMatchObject({ id: 500000004, deal_id: 300000001 });
  });

  it('reads v1 field definitions and activity types', async () => {
    const fields = await new v1.DealFieldsApi(c1).getDealFields({ start: 0, limit: 100 });
    const channel = fields.data?.find((f) => f.key === 'channel');
    expect(channel?.field_type).toBe('enum');
    expect(fields.data?.filter((f) => f.edit_flag).every((f) => hashKey.safeParse(f.key).success)).toBe(true);
    const org = await new v1.OrganizationFieldsApi(c1).getOrganizationFields();
    expect(org.data?.some((f) => f.key === 'industry')).toBe(true);
    const types = await new v1.ActivityTypesApi(c1).getActivityTypes();
    expect(types.data?.map((t) => t.key_string)).toContain('support_call');
  });
});

describe('official client errors', () => {
  it('rejects with the 401, 404 and 429 bodies', async () => {
    const bad = new v2.DealsApi(new v2.Configuration({ apiKey: 'wrong', basePath: `${sim.baseUrl}/api/v2` }));
    await expect(bad.getDeals()).rejects.toEqual({ success: false, error: 'unauthorized access', errorCode: 401 });
    await expect(new v2.DealsApi(c2).getDeal({ id: 1 })).rejects.toMatchObject({
      success: false,
      error: 'Deal not found',
    });
    sim.faults.add({ path: '/api/v2/deals', kind: 'rate-limit', retryAfterSeconds: 2 });
    await expect(new v2.DealsApi(c2).getDeals()).rejects.toMatchObject({ errorCode: 429, error: 'Request over limit' });
  });
});
