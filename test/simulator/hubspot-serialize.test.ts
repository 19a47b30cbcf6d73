import { describe, expect, it } from 'vitest';
import { dealHistories, foldDeal } from '../../src/simulator/fold.js';
import { createHubSpotIds, HUBSPOT_ID_BASES } from '../../src/simulator/hubspot/ids.js';
import { Store } from '../../src/simulator/hubspot/store.js';
import { fixtureModel, T } from './hubspot-fixture.js';

function setup() {
  const model = fixtureModel();
  const ids = createHubSpotIds(model);
  const store = new Store(model, ids);
  store.refresh();
  return { model, ids, store };
}

describe('fold', () => {
  it('folds a won deal to its last values with the win instant as closedAt', () => {
    const { model } = setup();
    const s = foldDeal(model.deals[0]!, 'EUR');
    expect(s).toMatchObject({ pipeline: 'sales', stage: 'demo', status: 'won', amount: 1000, currency: 'EUR' });
    expect(s.closedAt).toBe(T('2026-02-09T09:00:00Z'));
    expect(s.firstWonAt).toBe(T('2026-02-09T09:00:00Z'));
    expect(s.createdAt).toBe(T('2026-01-05T09:00:00Z'));
  });

  it('clears closedAt on reopen and takes the second loss time', () => {
    const { model } = setup();
    const s = foldDeal(model.deals[2]!, 'EUR');
    expect(s.status).toBe('lost');
    expect(s.closedAt).toBe(T('2026-02-27T08:00:00Z'));
    expect(s.lostReason).toBe('timing');
    expect(s.currency).toBe('EUR');
    const h = dealHistories(model.deals[2]!, 'EUR');
    expect(h.status.map((c) => c.value)).toEqual(['open', 'lost', 'open', 'lost']);
    expect(h.stage).toHaveLength(1);
  });

  it('refuses a timeline whose first event lacks an owner', () => {
    const { model } = setup();
    const bad = { ...model.deals[0]!, timeline: [{ at: 1, pipeline: 'sales', stage: 'qualify' }] };
    expect(() => foldDeal(bad, 'EUR')).toThrow(/d1/);
  });
});

describe('ids', () => {
  it('maps scenario ids by position and back', () => {
    const { ids } = setup();
    expect(ids.toHubSpot('deals', 'd1')).toBe(String(HUBSPOT_ID_BASES.deals + 1));
    expect(ids.toHubSpot('deals', 'd2')).toBe('40000000002');
    expect(ids.fromHubSpot('deals', '40000000002')).toBe('d2');
    expect(ids.fromHubSpot('deals', '30000000001')).toBeUndefined();
    expect(ids.toHubSpot('engagements', 'e3')).toBe('60000000003');
    expect(ids.ownerId('bob')).toBe('100000002');
    expect(ids.userFromOwnerId('100000002')).toBe('bob');
    expect(ids.pipelineId('sales')).toBe('default');
    expect(ids.pipelineId('renewals')).toBe('800000001');
    expect(ids.pipelineFromHubSpot('800000001')).toBe('renewals');
    expect(ids.wonStageId('sales')).toBe('closedwon');
    expect(ids.lostStageId('renewals')).toBe('710001999');
    expect(ids.stageId('sales', 'demo')).toBe('710000002');
  });
});

describe('serialize', () => {
  it('serves a won deal with HubSpot property values as strings', () => {
    const { store } = setup();
    const p = store.doc('deals', 0).props;
    expect(p).toMatchObject({
      dealname: 'Deal d1',
      pipeline: 'default',
      dealstage: 'closedwon',
      amount: '1000',
      deal_currency_code: 'EUR',
      amount_in_home_currency: '1000',
      closedate: '2026-02-09T09:00:00.000Z',
      createdate: '2026-01-05T09:00:00.000Z',
      hs_is_closed: 'true',
      hs_is_closed_won: 'true',
      hs_is_closed_lost: 'false',
      hs_deal_stage_probability: '1',
      hs_analytics_source: 'ORGANIC_SEARCH',
      hs_analytics_source_data_1: null,
      hs_object_id: '40000000001',
      hubspot_owner_id: '100000001',
      // d6 was merged into d1; globex is a company: served as its HubSpot id
      hs_merged_object_ids: '40000000006',
      referred_by: '20000000002',
      priority: '3',
    });
  });

  it('converts amounts to the home currency and keeps the deal probability override while open', () => {
    const { model, store } = setup();
    expect(store.doc('deals', 1).props.amount_in_home_currency).toBe('1800');
    expect(store.doc('deals', 1).props.hs_analytics_source).toBe('OFFLINE');
    expect(store.doc('deals', 1).props.hs_analytics_source_data_1).toBe('PROSPECTING');
    model.deals[1]!.timeline.pop();
    store.invalidate();
    expect(store.doc('deals', 1).props.hs_deal_stage_probability).toBe('0.35');
  });

  it('serves an open deal close date as UTC midnight and the stage probability', () => {
    const { store } = setup();
    const p = store.doc('deals', 3).props;
    expect(p.closedate).toBe('2026-04-30T00:00:00.000Z');
    expect(p.hs_deal_stage_probability).toBe('0.8');
    expect(p.dealstage).toBe('710000003');
    expect(p.amount).toBeNull();
    expect(p.hs_analytics_source).toBeNull();
  });

  it('maps unknown sources to OTHER_CAMPAIGNS and closes lost deals in their pipeline', () => {
    const { store } = setup();
    const p = store.doc('deals', 2).props;
    expect(p.hs_analytics_source).toBe('OTHER_CAMPAIGNS');
    expect(p.hs_analytics_source_data_1).toBe('mystery_source');
    expect(p.dealstage).toBe('710001999');
    expect(p.closed_lost_reason).toBe('timing');
    expect(p.hs_deal_stage_probability).toBe('0');
  });

  it('writes dealstage history newest first, going back to the open stage on reopen', () => {
    const { store } = setup();
    const h = store.history('deals', 2, ['dealstage', 'closedate', 'nope', 'dealname']);
    expect(h.dealstage?.map((e) => e.value)).toEqual(['710001999', '710001001', '710001999', '710001001']);
    expect(h.dealstage?.[0]).toEqual({
      value: '710001999',
      timestamp: '2026-02-27T08:00:00.000Z',
      sourceType: 'CRM_UI',
    });
    expect(h.closedate?.[0]?.value).toBe('2026-02-27T08:00:00.000Z');
    expect(h.closedate?.[h.closedate.length - 1]?.value).toBe('');
    expect(h).not.toHaveProperty('nope');
    expect(h.dealname).toHaveLength(1);
  });

  it('serves contacts, companies and leads with their calculated values', () => {
    const { store } = setup();
    expect(store.doc('contacts', 0).props).toMatchObject({
      firstname: 'Jane',
      lastname: 'Roux',
      associatedcompanyid: '20000000001',
      lifecyclestage: 'customer',
      lastmodifieddate: '2026-02-01T09:00:00.000Z',
      hs_analytics_source: 'PAID_SEARCH',
    });
    const acme = store.doc('companies', 0);
    expect(acme.props).toMatchObject({
      industry: 'SOFTWARE',
      lifecyclestage: 'customer',
      hs_v2_date_entered_customer: '2026-02-09T09:00:00.000Z',
    });
    expect(acme.updatedAt).toBe(T('2026-02-09T09:00:00Z'));
    expect(store.doc('companies', 1).props.industry).toBe('HEALTH_CARE');
    expect(store.doc('leads', 0).props).toMatchObject({
      hs_lead_name: 'Acme inbound',
      hs_pipeline_stage: 'qualified-stage-id',
    });
  });

  it('serves engagements with HubSpot enumerations', () => {
    const { store } = setup();
    expect(store.doc('calls', 0).props).toMatchObject({
      hs_call_direction: 'OUTBOUND',
      hs_call_disposition: 'f240bbac-87c9-4f6e-bf70-924b57d47db7',
      hs_call_duration: '300000',
      hs_call_status: 'COMPLETED',
      hs_activity_type: null,
    });
    expect(store.doc('calls', 5).props).toMatchObject({
      hs_call_status: 'NO_ANSWER',
      hs_activity_type: 'Support call',
    });
    expect(store.doc('emails', 1).props.hs_email_direction).toBe('INCOMING_EMAIL');
    expect(store.doc('meetings', 2).props.hs_meeting_outcome).toBe('COMPLETED');
    expect(store.doc('meetings', 6).props.hs_meeting_outcome).toBe('');
    expect(store.doc('tasks', 4).props.hs_task_status).toBe('COMPLETED');
  });

  it('notices a write through writtenAtWallMs without invalidate()', () => {
    const { model, store } = setup();
    expect(store.doc('deals', 3).props.amount).toBeNull();
    model.deals[3]!.timeline.push({ at: T('2026-03-05T09:00:00Z'), amount: 700 });
    model.deals[3]!.writtenAtWallMs = 42;
    store.refresh();
    expect(store.doc('deals', 3).props.amount).toBe('700');
  });
});
