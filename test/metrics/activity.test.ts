import { describe, expect, it } from 'vitest';
import { DAY_MS, WEEK_MS } from '../../src/lib/time';
import { conversationsToClose, emailsCallsCorrelation, neverEngagedRate } from '../../src/metrics/activity';
import { withKpiDefaults } from '../../src/metrics/config';
import type { EngagementRow } from '../../src/metrics/types';
import { deal, PARIS, pick, quickstart, quickstartCtx, stagesOf, t, visits } from './fixtures';

const call = (id: string, at: number, partial: Partial<EngagementRow> = {}): EngagementRow => ({
  id,
  type: 'call',
  at,
  direction: 'outbound',
  outcome: 'connected',
  durationSeconds: 120,
  endAt: null,
  ownerId: 'alice',
  done: null,
  activityType: null,
  dealIds: [],
  contactIds: [],
  companyIds: [],
  ...partial,
});

describe('conversations to close', () => {
  const stages = stagesOf('sales', ['qualify', 'demo', 'proposal']);
  const config = withKpiDefaults({ stageRoles: { sales: { qualified: 'demo' } } });

  it('needs the qualified stage configured', () => {
    const row = pick(
      conversationsToClose(quickstart(), withKpiDefaults(), quickstartCtx({ period: '2026-02' })),
      'median',
    );
    expect(row.setup).toEqual(['kpis.stageRoles.sales.qualified']);
  });

  it('counts conversations from the qualified stage to the win and flags a deal that skipped it', () => {
    // d1 entered demo on 12 Jan: e1 (6 Jan) is before, e3 (12 Jan 14:00) after -> 1.
    // d2 skipped demo but entered proposal (beyond) on 2 Feb: no conversation after -> 0. Median of [1, 0] = 0.5.
    const rows = conversationsToClose(quickstart(), config, quickstartCtx({ period: '2026-02' }));
    expect(pick(rows, 'median').value).toBe(0.5);
    expect(pick(rows, 'median').flags).not.toContain('not_qualified');
    expect(pick(rows, 'median').flags).toContain('low_sample');
  });

  it('counts from creation and flags not_qualified when the deal never entered the qualified stage', () => {
    const won = deal({
      id: 'x',
      createdAt: t('2026-01-05T09:00:00Z'),
      status: 'won',
      wonAt: t('2026-02-09T09:00:00Z'),
      contactIds: ['c1'],
      visits: visits('x', 'sales', [['qualify', '2026-01-05T09:00:00Z']], '2026-02-09T09:00:00Z'),
    });
    const engagements = [
      call('a', t('2026-01-06T09:00:00Z'), { contactIds: ['c1'] }),
      call('b', t('2026-01-07T09:00:00Z'), { dealIds: ['x'], contactIds: ['c1'] }),
    ];
    const rows = conversationsToClose(
      { deals: [won], stages, engagements },
      config,
      quickstartCtx({ period: '2026-02' }),
    );
    expect(pick(rows, 'median').value).toBe(2);
    expect(pick(rows, 'median').flags).toContain('not_qualified');
  });

  it('fits a trend slope over the monthly medians of the last complete months with wins', () => {
    // Wins in Oct, Nov, Dec 2025 with 1, 2, 3 conversations: slope 1 per month.
    const deals = [1, 2, 3].map((k) =>
      deal({
        id: `m${k}`,
        createdAt: t(`2025-${9 + k}-01T09:00:00Z`),
        status: 'won',
        wonAt: t(`2025-${9 + k}-20T09:00:00Z`),
        stageId: 'qualify',
      }),
    );
    const engagements = deals.flatMap((d, i) =>
      Array.from({ length: i + 1 }, (_, j) =>
        call(`${d.id}-${j}`, d.createdAt + (j + 1) * DAY_MS, { dealIds: [d.id] }),
      ),
    );
    const now = t('2026-01-10T12:00:00Z');
    const rows = conversationsToClose({ deals, stages, engagements }, config, { now, timeZone: PARIS });
    expect(pick(rows, 'trend_slope').value).toBeCloseTo(1, 12);
    expect(pick(rows, 'median').period).toBe('2025-12');
    expect(pick(rows, 'median').flags).toContain('not_qualified');
  });
});

describe('emails and calls correlation', () => {
  const now = t('2026-03-31T18:00:00Z');
  it('hides r and slope below 8 rep-weeks, with low_sample', () => {
    const engagements = [call('c', now - 2 * WEEK_MS)];
    const rows = emailsCallsCorrelation({ deals: [], stages: [], engagements }, withKpiDefaults(), {
      now,
      timeZone: PARIS,
    });
    expect(pick(rows, 'r').value).toBeNull();
    expect(pick(rows, 'r').flags).toContain('low_sample');
    expect(pick(rows, 'r').n).toBe(1);
  });

  it('correlates weekly prospecting emails with weekly prospect calls per rep', () => {
    // 8 rep-weeks: week k has k emails and 2k calls -> r = 1, slope 2 calls per email.
    const engagements: EngagementRow[] = [];
    for (let k = 1; k <= 8; k += 1) {
      const at = now - k * WEEK_MS;
      for (let i = 0; i < k; i += 1) engagements.push(call(`e${k}-${i}`, at, { type: 'email', outcome: null }));
      for (let i = 0; i < 2 * k; i += 1) engagements.push(call(`c${k}-${i}`, at));
    }
    const rows = emailsCallsCorrelation({ deals: [], stages: [], engagements }, withKpiDefaults(), {
      now,
      timeZone: PARIS,
    });
    expect(pick(rows, 'r').value).toBeCloseTo(1, 12);
    expect(pick(rows, 'slope').value).toBeCloseTo(2, 12);
    expect(pick(rows, 'r').window).toBe('last-12w');
  });
});

describe('never engaged rate', () => {
  it('shares contacts first touched in the period that never engaged within 30 days, provisional while open', () => {
    // Quickstart, January: jane (e1 connected -> engaged by itself), tom (e2 no answer, never engaged).
    const rows = neverEngagedRate(quickstart(), withKpiDefaults(), quickstartCtx({ period: '2026-01' }));
    expect(pick(rows, 'rate').value).toBe(0.5);
    expect(pick(rows, 'rate').flags).not.toContain('provisional');
    const march = neverEngagedRate(
      {
        ...quickstart(),
        engagements: [call('m', t('2026-03-20T09:00:00Z'), { outcome: 'no_answer', contactIds: ['leo'] })],
      },
      withKpiDefaults(),
      quickstartCtx({ period: '2026-03' }),
    );
    expect(pick(march, 'rate').flags).toContain('provisional');
  });
});
