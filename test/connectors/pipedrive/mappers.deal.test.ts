import { describe, expect, it } from 'vitest';
import type { MapResult } from '../../../src/connectors/pipedrive/mappers/common';
import { dealFingerprint, toCrmDeal } from '../../../src/connectors/pipedrive/mappers/deal';
import { stageIndexOf, toCrmPipelines } from '../../../src/connectors/pipedrive/mappers/pipeline';
import type { ChangelogRow } from '../../../src/connectors/pipedrive/types';
import type { CrmDeal, CrmPipeline } from '../../../src/domain/records';
import { byId, dataOf, HASH_MONEY, HASH_REFERRER } from './fixture';

const pipelines: CrmPipeline[] = toCrmPipelines(dataOf('api/v2/pipelines'), dataOf('api/v2/stages')).map((r) => {
  if (!r.ok) throw new Error(r.reason);
  return r.record;
});
const stages = stageIndexOf(pipelines);
const channels = new Map([
  ['1', 'Organic search'],
  ['4', 'Referral'],
]);
const deals = dataOf('api/v2/deals');
const changelog = (id: number) => dataOf(`v1/deals/${id}/changelog`) as ChangelogRow[];

function mapped(id: number, rows: ChangelogRow[] | null = changelog(id)): CrmDeal {
  const result: MapResult<CrmDeal> = toCrmDeal(byId(deals, id), { stages, channels, changelog: rows });
  if (!result.ok) throw new Error(result.reason);
  return result.record;
}

const C = '2026-01-05T10:00:00.000Z';

describe('Pipedrive pipeline mapper', () => {
  it('orders stages by order_nr, reads probabilities as percentages and keeps every stage open', () => {
    expect(pipelines[0]?.stages.map((s) => [s.externalId, s.probability, s.role])).toEqual([
      ['10', 0.1, 'open'],
      ['11', 0.3, 'open'],
      ['12', 0.6, 'open'],
    ]);
    expect(stages.pipelineOf.get('20')).toBe('2');
  });
});

describe('Pipedrive deal mapper', () => {
  it('builds open-stage visits and field history from the changelog of a deal that skipped a stage and won', () => {
    const deal = mapped(101);
    expect(deal).toMatchObject({
      externalId: '101',
      name: 'Acme pilot',
      pipelineId: '1',
      // Pipedrive keeps a won deal in its last open stage.
      stageId: '12',
      status: 'won',
      amount: 1200,
      currency: 'EUR',
      amountHome: null,
      createdAt: C,
      wonAt: '2026-02-01T09:00:00.000Z',
      lostAt: null,
      closeDate: null,
      source: 'Organic search',
      sourceDetail: 'WebForms',
      ownerId: '7',
      companyIds: ['301'],
      contactIds: ['501'],
      modifiedAt: '2026-02-01T09:00:05.000Z',
    });
    expect(deal.stageVisits).toEqual([
      { pipelineId: '1', stageId: '10', enteredAt: C, exitedAt: '2026-01-12T15:00:00.000Z' },
      { pipelineId: '1', stageId: '12', enteredAt: '2026-01-12T15:00:00.000Z', exitedAt: '2026-02-01T09:00:00.000Z' },
    ]);
    expect(deal.fieldChanges).toEqual([
      { field: 'amount', value: '1000', at: C },
      { field: 'amount', value: '1200', at: '2026-01-20T08:00:00.000Z' },
      { field: 'currency', value: 'EUR', at: C },
      { field: 'closeDate', value: '2026-03-31', at: C },
      { field: 'owner', value: '7', at: C },
      { field: 'pipeline', value: '1', at: C },
      { field: 'status', value: 'open', at: C },
      { field: 'status', value: 'won', at: '2026-02-01T09:00:00.000Z' },
    ]);
  });

  it('keeps custom fields under their exact 40-hex keys, subfields included', () => {
    expect(mapped(101).properties).toEqual({
      [HASH_REFERRER]: 'globex',
      [HASH_MONEY]: '500',
      [`${HASH_MONEY}_currency`]: 'EUR',
    });
  });

  it('records a pipeline move as the exit of the first pipeline and a visit in the other', () => {
    const deal = mapped(102);
    const moved = '2026-02-03T10:00:00.000Z';
    expect(deal.stageVisits).toEqual([
      { pipelineId: '1', stageId: '11', enteredAt: '2026-01-10T08:00:00.000Z', exitedAt: moved },
      { pipelineId: '2', stageId: '20', enteredAt: moved, exitedAt: null },
    ]);
    expect(deal.fieldChanges.filter((c) => ['pipeline', 'owner', 'probability'].includes(c.field))).toEqual([
      { field: 'owner', value: '8', at: '2026-01-10T08:00:00.000Z' },
      { field: 'owner', value: '7', at: '2026-01-11T08:00:00.000Z' },
      { field: 'pipeline', value: '1', at: '2026-01-10T08:00:00.000Z' },
      { field: 'pipeline', value: '2', at: moved },
      { field: 'probability', value: '0.75', at: moved },
    ]);
    expect(deal).toMatchObject({
      source: 'Referral',
      sourceDetail: 'ManuallyCreated',
      probability: 0.75,
      contactIds: [],
    });
  });

  it('closes the visit on a loss and opens a new one on reopen, in the stage the deal stayed in', () => {
    const deal = mapped(103);
    expect(deal.stageVisits).toEqual([
      { pipelineId: '1', stageId: '10', enteredAt: '2026-01-15T09:30:00.000Z', exitedAt: '2026-01-20T12:00:00.000Z' },
      { pipelineId: '1', stageId: '10', enteredAt: '2026-01-25T09:00:00.000Z', exitedAt: '2026-01-26T09:00:00.000Z' },
      { pipelineId: '1', stageId: '11', enteredAt: '2026-01-26T09:00:00.000Z', exitedAt: null },
    ]);
    expect(deal.fieldChanges.filter((c) => c.field === 'status' || c.field === 'lostReason')).toEqual([
      { field: 'status', value: 'open', at: '2026-01-15T09:30:00.000Z' },
      { field: 'status', value: 'lost', at: '2026-01-20T12:00:00.000Z' },
      { field: 'status', value: 'open', at: '2026-01-25T09:00:00.000Z' },
      { field: 'lostReason', value: 'Price', at: '2026-01-20T12:00:00.000Z' },
      { field: 'lostReason', value: null, at: '2026-01-25T09:00:00.000Z' },
    ]);
    // No value: no amount history; no channel: no source.
    expect(deal.fieldChanges.some((c) => c.field === 'amount')).toBe(false);
    expect(deal).toMatchObject({ amount: null, source: null, sourceDetail: 'API', status: 'open' });
  });

  it('gives a deal whose changelog is not read yet a provisional history that agrees with its current state', () => {
    const deal = mapped(101, null);
    expect(deal.stageVisits).toEqual([
      { pipelineId: '1', stageId: '12', enteredAt: C, exitedAt: '2026-02-01T09:00:00.000Z' },
    ]);
    expect(deal.fieldChanges.filter((c) => c.field === 'status')).toEqual([
      { field: 'status', value: 'open', at: C },
      { field: 'status', value: 'won', at: '2026-02-01T09:00:00.000Z' },
    ]);
  });

  it('sends a deal with an unreadable add_time to quarantine, naming the field', () => {
    const result = toCrmDeal(byId(deals, 104), { stages, channels, changelog: null });
    expect(result).toEqual({ ok: false, externalId: '104', reason: 'add_time: unparsable time "yesterday"' });
  });

  it('changes the fingerprint only when a tracked field changes', () => {
    const raw = byId(deals, 102) as Record<string, unknown>;
    const print = dealFingerprint(raw);
    expect(dealFingerprint({ ...raw, title: 'Renamed', update_time: '2026-03-01T00:00:00Z' })).toBe(print);
    for (const change of [{ stage_id: 21 }, { pipeline_id: 1 }, { status: 'won' }, { value: 1 }, { owner_id: 9 }]) {
      expect(dealFingerprint({ ...raw, ...change })).not.toBe(print);
    }
    expect(dealFingerprint({ ...raw, expected_close_date: '2026-04-30' })).not.toBe(print);
  });
});
