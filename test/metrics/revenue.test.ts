import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/lib/time';
import { withKpiDefaults } from '../../src/metrics/config';
import { leadsNeeded } from '../../src/metrics/funnel';
import { pipelineCoverage } from '../../src/metrics/pipeline';
import { salesVelocity, velocity, wonRevenue } from '../../src/metrics/revenue';
import type { DealRow, LeadRow } from '../../src/metrics/types';
import { deal, PARIS, pick, stagesOf, t, visits } from './fixtures';

describe('sales velocity', () => {
  it('applies the formula: 50 × 1,000 × 0.20 ÷ 12 = 833.33 per day', () => {
    expect(velocity(50, 1000, 0.2, 12)).toBeCloseTo(833.33, 2);
    expect(velocity(50, 1000, 0.2, 0)).toBeNull();
  });

  it('computes it from rows over the trailing 90 days, overall and per direction', () => {
    const now = t('2026-03-31T18:00:00Z');
    const wonAt = now - 10 * DAY_MS;
    const deals: DealRow[] = [];
    // 5 inbound wins of 1000, 12 days each; 10 inbound + 10 outbound losses; 30 inbound + 20 outbound open deals.
    for (let i = 0; i < 5; i += 1) {
      deals.push(
        deal({
          id: `w${i}`,
          createdAt: wonAt - 12 * DAY_MS,
          status: 'won',
          wonAt,
          amountReporting: 1000,
          source: 'organic_search',
        }),
      );
    }
    for (let i = 0; i < 20; i += 1) {
      deals.push(
        deal({
          id: `l${i}`,
          createdAt: wonAt - 30 * DAY_MS,
          status: 'lost',
          lostAt: wonAt,
          source: i < 10 ? 'organic_search' : 'prospecting',
        }),
      );
    }
    for (let i = 0; i < 50; i += 1) {
      deals.push(
        deal({
          id: `o${i}`,
          createdAt: now - 200 * DAY_MS,
          stageId: 's1',
          source: i < 30 ? 'organic_search' : 'prospecting',
        }),
      );
    }
    // An old win outside the window changes nothing.
    deals.push(
      deal({
        id: 'old',
        createdAt: now - 300 * DAY_MS,
        status: 'won',
        wonAt: now - 91 * DAY_MS,
        amountReporting: 99999,
      }),
    );
    const rows = salesVelocity({ deals, stages: stagesOf('sales', ['s1']) }, withKpiDefaults(), {
      now,
      timeZone: PARIS,
    });
    const overall = pick(rows, 'velocity');
    expect(overall.window).toBe('last-90d');
    expect(overall.value).toBeCloseTo(833.33, 2);
    expect(pick(rows, 'win_rate').value).toBeCloseTo(0.2, 12);
    // Inbound: 30 × 1000 × 5/15 ÷ 12 = 833.33; outbound won nothing: no average deal, no velocity.
    expect(pick(rows, 'velocity', { direction: 'inbound' }).value).toBeCloseTo(833.33, 2);
    expect(pick(rows, 'velocity', { direction: 'outbound' }).value).toBeNull();
  });
});

// Fiscal year from April: FY2027 = 1 April 2026 – 31 March 2027; now = 1 October 2026, 00:00 in Paris.
const NOW = t('2026-10-01T00:00:00+02:00');
const APRIL = { fiscalYearStartMonth: 4 };
const ctx = { now: NOW, timeZone: PARIS };

function fyDeals(): DealRow[] {
  const won = (id: string, owner: string, at: string): DealRow =>
    deal({
      id,
      createdAt: t(at) - 10 * DAY_MS,
      status: 'won',
      wonAt: t(at),
      amountReporting: 10000,
      ownerId: owner,
      ownerAtClose: owner,
      ownerAtCreation: owner,
    });
  return [
    won('w1', 'alice', '2026-05-11T10:00:00Z'),
    won('w2', 'alice', '2026-06-11T10:00:00Z'),
    won('w3', 'bob', '2026-08-11T10:00:00Z'),
  ];
}
const SALES = stagesOf('sales', ['s1']);
const owners = [
  { id: 'alice', teamId: 'east' },
  { id: 'bob', teamId: 'west' },
];

describe('won revenue against a target', () => {
  it('reports attainment, pro-rata pace and run-rate projection over a fiscal year starting in April', () => {
    // 183 of 365 days elapsed; won 30,000 of 120,000.
    const config = withKpiDefaults({ ...APRIL, targets: [{ annual: 120000 }] });
    const rows = wonRevenue({ deals: fyDeals(), stages: SALES, owners }, config, ctx);
    expect(pick(rows, 'amount').period).toBe('FYTD');
    expect(pick(rows, 'amount').value).toBe(30000);
    expect(pick(rows, 'attainment').period).toBe('FY2027');
    expect(pick(rows, 'attainment').value).toBeCloseTo(0.25, 12);
    expect(pick(rows, 'target_to_date').value).toBeCloseTo((120000 * 183) / 365, 6);
    expect(pick(rows, 'pace').value).toBeCloseTo((30000 * 365) / (120000 * 183), 9);
    expect(pick(rows, 'projection').value).toBeCloseTo((30000 * 365) / 183, 6);
  });

  it('uses monthly weights for pace and projection', () => {
    // Weights 1 for April–September, 2 for October–March: 6 of 18 elapsed -> target to date 40,000.
    const weights = [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2];
    const config = withKpiDefaults({ ...APRIL, targets: [{ annual: 120000, monthlyWeights: weights }] });
    const rows = wonRevenue({ deals: fyDeals(), stages: SALES, owners }, config, ctx);
    expect(pick(rows, 'target_to_date').value).toBeCloseTo(40000, 6);
    expect(pick(rows, 'pace').value).toBeCloseTo(0.75, 12);
    expect(pick(rows, 'projection').value).toBeCloseTo(90000, 6);
  });

  it('applies per-team and per-rep targets to the segment they name', () => {
    const config = withKpiDefaults({
      ...APRIL,
      targets: [{ annual: 120000 }, { teamId: 'east', annual: 80000 }, { ownerId: 'bob', annual: 20000 }],
    });
    const rows = wonRevenue({ deals: fyDeals(), stages: SALES, owners }, config, {
      ...ctx,
      segmentBy: ['team', 'owner'],
    });
    expect(pick(rows, 'attainment', { team: 'east' }).value).toBeCloseTo(0.25, 12);
    expect(pick(rows, 'attainment', { owner: 'bob' }).value).toBeCloseTo(0.5, 12);
    expect(rows.some((r) => r.measure === 'attainment' && r.segment.owner === 'alice')).toBe(false);
  });

  it('answers needs_setup for attainment without a target', () => {
    const row = pick(wonRevenue({ deals: fyDeals(), stages: SALES }, withKpiDefaults(APRIL), ctx), 'attainment');
    expect(row.value).toBeNull();
    expect(row.setup).toEqual(['kpis.targets']);
  });
});

describe('pipeline coverage', () => {
  const stages = stagesOf('sales', ['s1'], [0.2]);
  const open = [
    deal({
      id: 'o1',
      createdAt: t('2026-09-01T10:00:00Z'),
      stageId: 's1',
      amountReporting: 50000,
      probability: 0.5,
      closeDate: '2027-03-31',
    }),
    deal({
      id: 'o2',
      createdAt: t('2026-09-01T10:00:00Z'),
      stageId: 's1',
      amountReporting: 30000,
      closeDate: '2027-04-01',
    }),
    deal({ id: 'o3', createdAt: t('2026-09-01T10:00:00Z'), stageId: 's1', amountReporting: 7000 }),
  ];

  it('divides weighted value closing by fiscal-year end by the target left', () => {
    // o1 counts at its own 0.5: 25,000 ÷ (120,000 − 30,000); o2 closes after FY end; o3 has no close date.
    const config = withKpiDefaults({ ...APRIL, targets: [{ annual: 120000 }] });
    const rows = pipelineCoverage({ deals: [...fyDeals(), ...open], stages }, config, ctx);
    expect(pick(rows, 'weighted').value).toBeCloseTo(25000 / 90000, 12);
    expect(pick(rows, 'unweighted').value).toBeCloseTo(50000 / 90000, 12);
    expect(pick(rows, 'weighted').n_missing_close_date).toBe(1);
  });

  it('gives null with target_met once the target is reached', () => {
    const config = withKpiDefaults({ ...APRIL, targets: [{ annual: 20000 }] });
    const row = pick(pipelineCoverage({ deals: [...fyDeals(), ...open], stages }, config, ctx), 'weighted');
    expect(row.value).toBeNull();
    expect(row.flags).toContain('target_met');
  });
});

describe('leads needed', () => {
  // Cohort (created May–August, matured): 12 reached s1, 6 reached s2, 3 won -> rates 0.5 and 0.5.
  function funnelDeals(): DealRow[] {
    const out: DealRow[] = fyDeals().map((d) => ({
      ...d,
      visits: visits(
        d.id,
        'sales',
        [
          ['s1', new Date(d.createdAt).toISOString()],
          ['s2', new Date(d.createdAt + DAY_MS).toISOString()],
        ],
        new Date(d.wonAt ?? 0).toISOString(),
      ),
    }));
    for (let i = 0; i < 9; i += 1) {
      const created = '2026-07-01T10:00:00Z';
      const steps: [string, string][] =
        i < 3
          ? [
              ['s1', created],
              ['s2', '2026-07-02T10:00:00Z'],
            ]
          : [['s1', created]];
      out.push(
        deal({
          id: `l${i}`,
          createdAt: t(created),
          status: 'lost',
          lostAt: t('2026-07-05T10:00:00Z'),
          visits: visits(`l${i}`, 'sales', steps, '2026-07-05T10:00:00Z'),
        }),
      );
    }
    return out;
  }
  // 10 leads created in April–June 2026; 4 became deals within 90 days (w1 30 d, w2 61 d, l0 and l1 30 d) -> 0.4.
  const converted = ['w1', 'w2', 'l0', 'l1'];
  const leads: LeadRow[] = Array.from({ length: 10 }, (_, i) => ({
    id: `lead${i}`,
    createdAt: t(i >= 2 && i < 4 ? '2026-06-01T10:00:00Z' : '2026-04-01T10:00:00Z'),
    ownerId: 'alice',
    source: null,
    contactId: null,
    companyId: null,
    dealIds: i < 4 ? [converted[i] as string] : [],
    convertedAt: null,
  }));

  it('runs the funnel backwards from the target left to leads per week', () => {
    // won_needed = ceil(90,000 ÷ 10,000) = 9; s2: 9 ÷ 0.5 = 18; s1: 18 ÷ 0.5 = 36; leads = 36 ÷ 0.4 = 90;
    // weeks left = 182 days ÷ 7 − 10-day median cycle ÷ 7 = 24.571; 90 ÷ 24.571 = 3.6628 per week.
    const config = withKpiDefaults({ ...APRIL, targets: [{ annual: 120000 }] });
    const rows = leadsNeeded({ deals: funnelDeals(), stages: stagesOf('sales', ['s1', 's2']), leads }, config, ctx);
    expect(pick(rows, 'won_needed').value).toBe(9);
    expect(pick(rows, 'deals_needed', { stage: 's2' }).value).toBeCloseTo(18, 9);
    expect(pick(rows, 'deals_needed', { stage: 's1' }).value).toBeCloseTo(36, 9);
    expect(pick(rows, 'lead_to_deal_rate').value).toBeCloseTo(0.4, 12);
    expect(pick(rows, 'leads').value).toBeCloseTo(90, 9);
    expect(pick(rows, 'per_week').value).toBeCloseTo(90 / (26 - 10 / 7), 9);
  });

  it('needs 0 leads once the target is met, whatever the rates', () => {
    const config = withKpiDefaults({ ...APRIL, targets: [{ annual: 10000 }] });
    const rows = leadsNeeded({ deals: fyDeals(), stages: stagesOf('sales', ['s1']) }, config, ctx);
    expect(pick(rows, 'leads').value).toBe(0);
    expect(pick(rows, 'won_needed').value).toBe(0);
  });
});
