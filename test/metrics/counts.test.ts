import { describe, expect, it } from 'vitest';
import { prospectingEmails, voicemails } from '../../src/metrics/activity';
import { withKpiDefaults } from '../../src/metrics/config';
import { leadConversionRate, leadsCreated } from '../../src/metrics/customers';
import { inboundOutboundSplit } from '../../src/metrics/revenue';
import type { LeadRow } from '../../src/metrics/types';
import { pick, quickstart, quickstartCtx, t } from './fixtures';

describe('activity counts on the quickstart', () => {
  it('counts February’s email to ann at initech, never a customer, as one prospecting email', () => {
    expect(
      pick(prospectingEmails(quickstart(), withKpiDefaults(), quickstartCtx({ period: '2026-02' })), 'count').value,
    ).toBe(1);
  });

  it('counts no voicemail in January (a connected call and a no-answer)', () => {
    expect(pick(voicemails(quickstart(), withKpiDefaults(), quickstartCtx({ period: '2026-01' })), 'count').value).toBe(
      0,
    );
  });
});

describe('inbound vs outbound', () => {
  it('splits February by direction: inbound won 1000 of d1/d3, outbound won d2’s 1800', () => {
    const rows = inboundOutboundSplit(quickstart(), withKpiDefaults(), quickstartCtx({ period: '2026-02' }));
    expect(pick(rows, 'won_amount', { direction: 'inbound' }).value).toBe(1000);
    expect(pick(rows, 'win_rate', { direction: 'inbound' }).value).toBe(0.5);
    expect(pick(rows, 'won_amount', { direction: 'outbound' }).value).toBe(1800);
    // Created in February: d3 (referral, 1500) and d4 (paid search, 800), both inbound.
    expect(pick(rows, 'deals_created', { direction: 'inbound' }).value).toBe(2);
    expect(pick(rows, 'pipeline_created', { direction: 'inbound' }).value).toBe(2300);
  });
});

describe('leads', () => {
  const lead = (id: string, createdAt: string, dealIds: string[], source: string): LeadRow => ({
    id,
    createdAt: t(createdAt),
    ownerId: 'alice',
    source,
    contactId: null,
    companyId: null,
    dealIds,
    convertedAt: null,
  });
  // l1 converted into d1 (won 9 Feb, 38 days later), l2 into d3 (lost), l3 nothing.
  const leads = [
    lead('l1', '2026-01-02T08:00:00Z', ['d1'], 'organic_search'),
    lead('l2', '2026-01-20T08:00:00Z', ['d3'], 'referral'),
    lead('l3', '2026-01-25T08:00:00Z', [], 'prospecting'),
  ];

  it('counts leads created in the period, by direction', () => {
    const rows = leadsCreated(
      { ...quickstart(), leads },
      withKpiDefaults(),
      quickstartCtx({ period: '2026-01', segmentBy: ['direction'] }),
    );
    expect(pick(rows, 'count').value).toBe(3);
    expect(pick(rows, 'count', { direction: 'inbound' }).value).toBe(2);
  });

  it('converts 1 of 3 January leads into a win within 180 days, provisional until July', () => {
    const row = pick(
      leadConversionRate({ ...quickstart(), leads }, withKpiDefaults(), quickstartCtx({ period: '2026-01' })),
      'rate',
    );
    expect(row.value).toBeCloseTo(1 / 3, 12);
    expect(row.flags).toEqual(expect.arrayContaining(['provisional', 'low_sample']));
  });

  it('falls back to contacts entering the lead lifecycle stage when there are no lead records', () => {
    const input = quickstart();
    const contacts = (input.contacts ? [...input.contacts] : []).map((c) =>
      c.id === 'jane' ? { ...c, leadStageAt: t('2026-01-03T09:00:00Z') } : c,
    );
    // jane's first deal on or after 3 Jan is d1, won 9 Feb: converted.
    const rows = leadConversionRate({ ...input, contacts }, withKpiDefaults(), quickstartCtx({ period: '2026-01' }));
    expect(pick(rows, 'rate').value).toBe(1);
  });
});
