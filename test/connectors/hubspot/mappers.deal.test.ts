import { describe, expect, it } from 'vitest';
import type { MapResult } from '../../../src/connectors/hubspot/mappers/common';
import { toCrmDeal } from '../../../src/connectors/hubspot/mappers/deal';
import { stageIndexOf, toCrmPipeline } from '../../../src/connectors/hubspot/mappers/pipeline';
import type { CrmDeal, CrmPipeline } from '../../../src/domain/records';
import { byId, resultsOf } from './fixture';

const pipelines: CrmPipeline[] = resultsOf('GET', 'crm/v3/pipelines/deals').map((raw) => {
  const result = toCrmPipeline(raw);
  if (!result.ok) throw new Error(result.reason);
  return result.record;
});
const stages = stageIndexOf(pipelines);
const deals = resultsOf('POST', 'crm/v3/objects/deals/batch/read');
const ctx = { stages, customProperties: ['referred_by'], contactIds: [] as string[], companyIds: [] as string[] };

function mapped(id: string, extra: Partial<typeof ctx> = {}): CrmDeal {
  const result: MapResult<CrmDeal> = toCrmDeal(byId(deals, id), { ...ctx, ...extra });
  if (!result.ok) throw new Error(result.reason);
  return result.record;
}

const C = '2024-01-10T08:00:00.000Z';

describe('HubSpot pipeline mapper', () => {
  it('reads won and lost roles from the closed flag and probability strings, never from labels', () => {
    const renewals = pipelines.find((p) => p.externalId === '7204332');
    expect(renewals?.stages.map((s) => [s.externalId, s.role, s.probability])).toEqual([
      ['13001', 'open', 0.3],
      ['13002', 'won', 1],
      ['13003', 'lost', 0],
    ]);
  });
});

describe('HubSpot deal mapper', () => {
  it('records a deal that skipped a stage as visiting only the stages it entered, then won', () => {
    const deal = mapped('101', { contactIds: ['9002', '9001'] });
    expect(deal).toEqual({
      externalId: '101',
      name: 'Acme pilot',
      pipelineId: 'default',
      // HubSpot keeps no open stage on a closed deal: the last open stage visited stands in.
      stageId: 'presentationscheduled',
      status: 'won',
      amount: 1500.5,
      currency: 'EUR',
      amountHome: 1650.55,
      probability: null,
      createdAt: C,
      wonAt: '2024-02-01T09:00:00.000Z',
      lostAt: null,
      closeDate: null,
      lostReason: null,
      source: 'ORGANIC_SEARCH',
      sourceDetail: 'google',
      ownerId: '11349275740',
      companyIds: [],
      contactIds: ['9002', '9001'],
      properties: { referred_by: '4242' },
      modifiedAt: '2024-02-01T09:00:01.123Z',
      mergedIds: [],
      stageVisits: [
        { pipelineId: 'default', stageId: 'appointmentscheduled', enteredAt: C, exitedAt: '2024-01-15T10:00:00.000Z' },
        {
          pipelineId: 'default',
          stageId: 'presentationscheduled',
          enteredAt: '2024-01-15T10:00:00.000Z',
          exitedAt: '2024-02-01T09:00:00.000Z',
        },
      ],
      fieldChanges: [
        { field: 'amount', value: '1000', at: C },
        { field: 'amount', value: '1500.5', at: '2024-01-20T08:00:00.000Z' },
        { field: 'currency', value: 'EUR', at: C },
        // The close date HubSpot writes on the win is the close time, not an expected date: left out.
        { field: 'closeDate', value: '2024-03-31', at: C },
        { field: 'closeDate', value: '2024-02-29', at: '2024-01-20T08:00:00.000Z' },
        { field: 'owner', value: '11349275740', at: C },
        { field: 'pipeline', value: 'default', at: C },
        { field: 'status', value: 'open', at: C },
        { field: 'status', value: 'won', at: '2024-02-01T09:00:00.000Z' },
        // Stage probabilities that follow the stage are not overrides: no probability rows.
      ],
    });
  });

  it('starts a new visit and a status change to open when a won deal is reopened, then re-won', () => {
    const deal = mapped('102');
    expect(deal.stageVisits).toEqual([
      { pipelineId: 'default', stageId: 'appointmentscheduled', enteredAt: C, exitedAt: '2024-02-01T09:00:00.000Z' },
      {
        pipelineId: 'default',
        stageId: 'qualifiedtobuy',
        enteredAt: '2024-02-10T09:00:00.000Z',
        exitedAt: '2024-03-01T12:00:00.000Z',
      },
    ]);
    expect(deal.fieldChanges.filter((c) => c.field === 'status')).toEqual([
      { field: 'status', value: 'open', at: C },
      { field: 'status', value: 'won', at: '2024-02-01T09:00:00.000Z' },
      { field: 'status', value: 'open', at: '2024-02-10T09:00:00.000Z' },
      { field: 'status', value: 'won', at: '2024-03-01T12:00:00.000Z' },
    ]);
    expect(deal.fieldChanges.filter((c) => c.field === 'closeDate').map((c) => c.value)).toEqual([
      '2024-02-15',
      '2024-03-15',
    ]);
    expect(deal.fieldChanges.filter((c) => c.field === 'owner').map((c) => c.value)).toEqual(['51', '52']);
    expect(deal.wonAt).toBe('2024-03-01T12:00:00.000Z');
    expect(deal.status).toBe('won');
  });

  it('follows a move to another pipeline with the new stage and a pipeline change', () => {
    const deal = mapped('103');
    expect(deal.pipelineId).toBe('7204332');
    expect(deal.stageId).toBe('13001');
    expect(deal.stageVisits).toEqual([
      { pipelineId: 'default', stageId: 'appointmentscheduled', enteredAt: C, exitedAt: '2024-01-20T10:00:00.000Z' },
      { pipelineId: '7204332', stageId: '13001', enteredAt: '2024-01-20T10:00:00.000Z', exitedAt: null },
    ]);
    expect(deal.fieldChanges.filter((c) => c.field === 'pipeline')).toEqual([
      { field: 'pipeline', value: 'default', at: C },
      { field: 'pipeline', value: '7204332', at: '2024-01-20T10:00:00.000Z' },
    ]);
  });

  it('keeps the deal currency beside the home-currency amount of a multi-currency account', () => {
    const deal = mapped('103');
    expect([deal.amount, deal.currency, deal.amountHome]).toEqual([5000, 'USD', 4600]);
    expect(deal.closeDate).toBe('2024-04-30');
    expect([deal.source, deal.sourceDetail]).toEqual(['OFFLINE', 'IMPORT']);
  });

  it('keeps only a probability that overrides the stage probability', () => {
    const deal = mapped('103');
    // 0.2 and 0.3 follow the stages (appointment 0.2, renewal due 0.3); 0.5 is the rep's own estimate.
    expect(deal.probability).toBe(0.5);
    expect(deal.fieldChanges.filter((c) => c.field === 'probability')).toEqual([
      { field: 'probability', value: '0.5', at: '2024-01-25T10:00:00.000Z' },
    ]);
  });

  it('lists the ids a deal absorbed from hs_merged_object_ids', () => {
    expect(mapped('103').mergedIds).toEqual(['201', '202']);
  });

  it('quarantines a deal whose amount does not parse, with the reason', () => {
    expect(toCrmDeal(byId(deals, '104'), ctx)).toEqual({
      ok: false,
      externalId: '104',
      reason: 'amount: unparsable number "12abc"',
    });
  });

  it('quarantines a deal without createdate', () => {
    expect(toCrmDeal(byId(deals, '105'), ctx)).toMatchObject({ ok: false, reason: 'missing createdate' });
  });

  it('quarantines a deal in a stage no pipeline knows', () => {
    expect(toCrmDeal(byId(deals, '106'), ctx)).toMatchObject({ ok: false, reason: 'unknown stage "99999"' });
  });

  it('quarantines a payload that is not a CRM object at all', () => {
    expect(toCrmDeal({ id: '7', properties: 'nope' }, ctx)).toMatchObject({ ok: false, externalId: '7' });
  });

  it('orders equal history timestamps as they happened: the API lists the later one first', () => {
    const raw = structuredClone(byId(deals, '103')) as {
      propertiesWithHistory: Record<string, { value: string; timestamp: string }[]>;
    };
    // Created in appointment and moved by a workflow to qualified in the same millisecond.
    raw.propertiesWithHistory.dealstage = [
      { value: 'qualifiedtobuy', timestamp: C },
      { value: 'appointmentscheduled', timestamp: C },
    ];
    raw.propertiesWithHistory.pipeline = [{ value: 'default', timestamp: C }];
    (raw as unknown as { properties: Record<string, string> }).properties.pipeline = 'default';
    const result = toCrmDeal(raw, ctx);
    expect(result.ok && result.record.stageVisits.map((v) => v.stageId)).toEqual([
      'appointmentscheduled',
      'qualifiedtobuy',
    ]);
  });
});
