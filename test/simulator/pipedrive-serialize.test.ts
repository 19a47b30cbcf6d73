/** Units: the id mapping, wire formats, deal and changelog serialization, and the store view (projection). */
import { describe, expect, it } from 'vitest';
import { foldDealSteps } from '../../src/simulator/fold.js';
import { buildContext } from '../../src/simulator/pipedrive/context.js';
import { rfc3339, v1Time } from '../../src/simulator/pipedrive/format.js';
import { createPipedriveIds, customFieldKey } from '../../src/simulator/pipedrive/ids.js';
import { changelogRow, dealChanges, serializeDeal } from '../../src/simulator/pipedrive/serialize-deals.js';
import { pipedriveView } from '../../src/simulator/views/pipedrive.js';
import { pipedriveModel, T } from './pipedrive-fixture.js';

function context() {
  const model = pipedriveModel();
  const ids = createPipedriveIds(model);
  return { model, ids, ctx: buildContext(model, ids, (d) => foldDealSteps(d, model.account.currency)) };
}

describe('id mapping', () => {
  it('maps positions to disjoint integer ranges and back', () => {
    const { ids } = context();
    expect(ids.toPipedrive('deals', 'd1')).toBe(300_000_001);
    expect(ids.toPipedrive('contacts', 'tom')).toBe(100_000_002);
    expect(ids.toPipedrive('companies', 'acme')).toBe(200_000_001);
    expect(ids.fromPipedrive('deals', 300_000_004)).toBe('d4');
    expect(ids.fromPipedrive('deals', 100_000_001)).toBeUndefined();
    expect(ids.userId('bob')).toBe(12_000_002);
    expect(ids.pipelineId('renewals')).toBe(2);
    expect(ids.stageId('sales', 'demo')).toBe(1002);
    expect(ids.stageId('renewals', 'due')).toBe(2001);
    expect(ids.atPosition('notes', 3)).toBe(500_000_004);
  });

  it('gives leads reversible v4-shaped UUIDs and calls string log ids', () => {
    const { ids } = context();
    const uuid = ids.leadId('l2');
    expect(uuid).toBe('00000000-0000-4000-8000-000000000002');
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids.leadPosition(uuid ?? '')).toBe(1);
    expect(ids.callLogId(0)).toBe(`CA${(400_000_001).toString(16).padStart(30, '0')}`);
  });

  it('derives custom field keys as 40 hex per entity and name, the same on every run', () => {
    const key = customFieldKey('deal', 'referred_by');
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect(customFieldKey('deal', 'referred_by')).toBe(key);
    expect(customFieldKey('organization', 'referred_by')).not.toBe(key);
  });
});

describe('wire formats', () => {
  it('floors instants to whole seconds: RFC 3339 on v2, naive UTC on v1', () => {
    expect(rfc3339(T('2026-01-05T09:00:01.999Z'))).toBe('2026-01-05T09:00:01Z');
    expect(v1Time(T('2026-01-05T10:00:00+01:00'))).toBe('2026-01-05 09:00:00');
  });
});

describe('deal serialization', () => {
  it('keeps a won deal in its last open stage with won_time, first_won_time and the source lead', () => {
    const { model, ctx } = context();
    const d = serializeDeal(ctx, model.deals[0]!, 0);
    expect(d.json).toMatchObject({
      id: 300_000_001,
      status: 'won',
      stage_id: 1002,
      pipeline_id: 1,
      won_time: '2026-02-09T09:00:00Z',
      lost_time: null,
      close_time: '2026-02-09T09:00:00Z',
      local_won_date: '2026-02-09',
      add_time: '2026-01-05T09:00:00Z',
      stage_change_time: '2026-01-12T09:00:00Z',
      origin: 'WebForms',
      person_id: 100_000_001,
      org_id: 200_000_001,
    });
    expect(d.extras.first_won_time).toBe('2026-02-09T09:00:00Z');
    expect(d.extras.source_lead_id).toBe('00000000-0000-4000-8000-000000000001');
    // custom fields keyed by hash; a referrer company is served as its organization id
    expect(d.json.custom_fields).toEqual({
      [customFieldKey('deal', 'priority')]: 3,
      [customFieldKey('deal', 'referred_by')]: 200_000_002,
    });
  });

  it('serves probability as a percentage, no amount as value 0, and the channel option of the source', () => {
    const { model, ctx } = context();
    const d2 = serializeDeal(ctx, model.deals[1]!, 1).json;
    expect(d2.probability).toBe(35);
    expect(d2.currency).toBe('USD');
    const d4 = serializeDeal(ctx, model.deals[3]!, 3).json;
    expect(d4.value).toBe(0);
    expect(d4.channel).toBeNull();
    expect(d4.expected_close_date).toBe('2026-04-30');
    const prospect = ctx.channelOptions.find((o) => o.label === 'Outbound prospecting');
    expect(d2.origin).toBe('Prospector');
    expect(d2.channel).toBe(prospect?.id);
    // unknown source: a channel option of that name
    const d3 = serializeDeal(ctx, model.deals[2]!, 2).json;
    expect(ctx.channelOptions.find((o) => o.id === d3.channel)?.label).toBe('mystery_source');
  });

  it('writes the changelog as string values with naive UTC times, reopen and loss included', () => {
    const { model, ctx } = context();
    const rows = dealChanges(ctx, model.deals[2]!).map(changelogRow);
    expect(rows.map((r) => [r.field_key, r.old_value, r.new_value, r.time])).toEqual([
      ['status', 'open', 'lost', '2026-02-10 08:00:00'],
      ['lost_reason', null, 'price', '2026-02-10 08:00:00'],
      ['status', 'lost', 'open', '2026-02-12 08:00:00'],
      ['lost_reason', 'price', null, '2026-02-12 08:00:00'],
      ['status', 'open', 'lost', '2026-02-27 08:00:00'],
      ['lost_reason', null, 'timing', '2026-02-27 08:00:00'],
    ]);
    expect(rows[0]).toMatchObject({ actor_user_id: 12_000_001, change_source: 'app', is_bulk_update_flag: false });
  });
});

describe('pipedrive view', () => {
  const view = pipedriveView(pipedriveModel());

  it('projects deals: one person and one org, 0 amount as none, archived kept, deletions marked', () => {
    const d7 = view.deals.find((d) => d.id === '300000007');
    expect(d7).toMatchObject({ deleted: false, status: 'won', stageId: null, contactIds: ['100000002'] });
    expect(view.deals.find((d) => d.id === '300000004')?.amount).toBeNull();
    expect(view.deals.find((d) => d.id === '300000005')?.deleted).toBe(true);
    expect(view.deals.find((d) => d.id === '300000006')?.deleted).toBe(true);
    const d3 = view.deals.find((d) => d.id === '300000003');
    expect(d3?.history.status.map((h) => h.value)).toEqual(['open', 'lost', 'open', 'lost']);
    expect(d3?.visits).toEqual([
      { pipelineId: '2', stageId: '2001', enteredAt: T('2026-02-02T08:00:00Z'), exitedAt: T('2026-02-10T08:00:00Z') },
      { pipelineId: '2', stageId: '2001', enteredAt: T('2026-02-12T08:00:00Z'), exitedAt: T('2026-02-27T08:00:00Z') },
    ]);
  });

  it('projects engagements: notes apart, inbound emails dropped, calls outbound with neutral outcomes', () => {
    const byId = new Map(view.engagements.map((e) => [e.id, e]));
    expect(byId.has('400000002')).toBe(false); // inbound email
    expect(byId.get('500000004')?.type).toBe('note');
    const call = byId.get('400000008');
    expect(call).toMatchObject({
      direction: 'outbound',
      outcome: 'left_live_message',
      durationSeconds: 42,
      dealIds: ['300000004'],
      contactIds: ['100000001', '100000002'],
      companyIds: ['200000002'],
      occurredAt: T('2026-03-05T10:30:00Z'),
      ownerId: '12000002',
    });
    expect(byId.get('400000003')?.outcome).toBe('completed');
    expect(byId.get('400000007')?.outcome).toBeNull();
  });

  it('has no lifecycle, gives unowned records to the admin, and knows converted leads through their deal', () => {
    expect(view.contacts.every((c) => c.lifecycle.length === 0)).toBe(true);
    expect(view.companies.find((c) => c.id === '200000002')?.ownerId).toBe('12000001');
    // Conversion deleted the lead in Pipedrive: a first sync knows it through the deal's source_lead_id.
    expect(view.leads.find((l) => l.id.endsWith('1'))).toMatchObject({ deleted: false, dealIds: ['300000001'] });
    expect(view.leads.find((l) => l.id.endsWith('2'))).toMatchObject({
      deleted: false,
      createdAt: T('2026-03-20T08:00:00.250Z'),
    });
    expect(view.owners).toEqual([
      { id: '12000001', archived: false },
      { id: '12000002', archived: false },
      { id: '12000003', archived: true },
    ]);
  });
});
