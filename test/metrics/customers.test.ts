import { describe, expect, it } from 'vitest';
import { withKpiDefaults } from '../../src/metrics/config';
import {
  cac,
  customerLifetimeValue,
  daysToCustomer,
  prospectToCustomerRate,
  referral6mRate,
  secondPurchase90dRate,
} from '../../src/metrics/customers';
import { deal, pick, quickstart, quickstartCtx, t } from './fixtures';

describe('customer lifetime value', () => {
  it('averages won amount per customer to date: acme 1000, globex 1800 -> mean and median 1400', () => {
    const rows = customerLifetimeValue(quickstart(), withKpiDefaults(), quickstartCtx());
    expect(pick(rows, 'historical_mean').value).toBe(1400);
    expect(pick(rows, 'historical_median').value).toBe(1400);
    expect(pick(rows, 'predictive').setup).toEqual(['kpis.grossMargin', 'kpis.customerLifetimeYears']);
  });

  it('predicts order value × purchases per year × lifetime × margin over the last 365 days', () => {
    // 2 purchases by 2 customers: AOV 1400, 1 purchase a year; × 3 years × 0.5 margin = 2100.
    const config = withKpiDefaults({ grossMargin: 0.5, customerLifetimeYears: 3 });
    const row = pick(customerLifetimeValue(quickstart(), config, quickstartCtx()), 'predictive');
    expect(row.value).toBeCloseTo(2100, 9);
    expect(row.window).toBe('last-365d');
  });
});

describe('customer conversion cohorts', () => {
  it('measures days to customer from the first touch: acme 70 d, globex 84 d 1 h', () => {
    const rows = daysToCustomer(quickstart(), withKpiDefaults(), quickstartCtx({ period: '2026-02' }));
    expect(pick(rows, 'median').value).toBeCloseTo((70 + 84 + 1 / 24) / 2, 9);
    expect(pick(rows, 'mean').value).toBeCloseTo((70 + 84 + 1 / 24) / 2, 9);
  });

  it('marks the prospect cohort provisional while its 180 days have not elapsed', () => {
    // Four companies created in December 2025; acme and globex became customers -> 2 / 4.
    const row = pick(
      prospectToCustomerRate(quickstart(), withKpiDefaults(), quickstartCtx({ period: '2025-12' })),
      'rate',
    );
    expect(row.value).toBe(0.5);
    expect(row.n).toBe(4);
    expect(row.flags).toEqual(expect.arrayContaining(['provisional', 'low_sample']));
  });

  it('counts a second purchase within 90 days, but not one within 24 h of the first', () => {
    const win = (id: string, company: string, at: string) =>
      deal({
        id,
        companyId: company,
        createdAt: t(at) - 86_400_000,
        status: 'won',
        wonAt: t(at),
        amountReporting: 100,
      });
    const deals = [
      win('a1', 'a', '2025-10-01T10:00:00Z'),
      win('a2', 'a', '2025-10-01T20:00:00Z'), // same purchase (10 h later)
      win('b1', 'b', '2025-10-05T10:00:00Z'),
      win('b2', 'b', '2025-12-20T10:00:00Z'), // 76 days later: a second purchase
    ];
    const row = pick(
      secondPurchase90dRate(
        { deals, stages: [{ pipelineId: 'sales', stageId: 's', order: 0, probability: null }] },
        withKpiDefaults(),
        quickstartCtx({ period: '2025-Q4' }),
      ),
      'rate',
    );
    expect(row.value).toBe(0.5);
    expect(row.flags).not.toContain('provisional');
  });

  it('credits a referral through the configured property and needs it otherwise', () => {
    expect(
      pick(referral6mRate(quickstart(), withKpiDefaults(), quickstartCtx({ period: '2026-02' })), 'rate').setup,
    ).toContain('kpis.referrerProperty');
    const input = quickstart();
    const referred = deal({
      id: 'r1',
      createdAt: t('2026-03-01T09:00:00Z'),
      stageId: 'qualify',
      properties: { referred_by: 'acme' },
    });
    const config = withKpiDefaults({
      referrerProperty: 'referred_by',
      stageRoles: { sales: { qualified: 'qualify' } },
    });
    const row = pick(
      referral6mRate({ ...input, deals: [...input.deals, referred] }, config, quickstartCtx({ period: '2026-02' })),
      'rate',
    );
    // Cohort: acme (credited by r1) and globex -> 1 / 2, provisional until 183 days after the wins.
    expect(row.value).toBe(0.5);
    expect(row.flags).toContain('provisional');
  });
});

describe('customer acquisition cost', () => {
  it('divides the month’s spend by its new customers and compares with the mean CLV', () => {
    // February: 5000 spend, acme and globex first won -> 2500; CLV 1400 / 2500 = 0.56.
    const rows = cac(
      quickstart(),
      withKpiDefaults({ spend: [{ month: '2026-02', amount: 5000 }] }),
      quickstartCtx({ period: '2026-02' }),
    );
    expect(pick(rows, 'cac').value).toBe(2500);
    expect(pick(rows, 'clv_to_cac').value).toBeCloseTo(0.56, 12);
    expect(pick(rows, 'cac').flags).toContain('low_sample');
  });

  it('needs the spend of every month the period covers', () => {
    const rows = cac(
      quickstart(),
      withKpiDefaults({ spend: [{ month: '2026-02', amount: 5000 }] }),
      quickstartCtx({ period: '2026-Q1' }),
    );
    expect(pick(rows, 'cac').setup).toEqual(['kpis.spend[2026-01]', 'kpis.spend[2026-03]']);
  });
});
