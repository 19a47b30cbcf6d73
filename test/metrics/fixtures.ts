/**
 * Hand-built metric rows. `quickstart()` transcribes /work/shared/docs/examples/quickstart.yaml (six deals, four
 * engagements, Europe/Paris, now 2026-03-31T18:00Z) into the rows the store would produce; `deal()` makes one deal
 * row with sensible defaults for the smaller stories.
 */
import { reportingAmount } from '../../src/lib/money';
import { parseInstant } from '../../src/lib/time';
import { type KpiConfig, withKpiDefaults } from '../../src/metrics/config';
import type { DealRow, EngagementRow, KpiContext, KpiInput, StageRow, StageVisitRow } from '../../src/metrics/types';

export const t = parseInstant;

/** Visits from a list of [stage, enteredAt] in order; the last one ends at `end` (null = still there). */
export function visits(
  dealId: string,
  pipelineId: string,
  steps: [string, string][],
  end: string | null,
): StageVisitRow[] {
  return steps.map(([stageId, at], i) => {
    const next = steps[i + 1];
    return {
      dealId,
      pipelineId,
      stageId,
      enteredAt: t(at),
      exitedAt: next ? t(next[1]) : end === null ? null : t(end),
    };
  });
}

/** A deal row; override what the story needs. */
export function deal(partial: Partial<DealRow> & { id: string; createdAt: number }): DealRow {
  return {
    pipelineId: 'sales',
    stageId: null,
    status: 'open',
    wonAt: null,
    lostAt: null,
    amountReporting: null,
    probability: null,
    closeDate: null,
    lostReason: null,
    source: null,
    industry: null,
    ownerId: 'alice',
    ownerAtCreation: 'alice',
    ownerAtClose: null,
    companyId: null,
    contactIds: [],
    ...partial,
  };
}

export function stagesOf(pipelineId: string, ids: string[], probabilities: (number | null)[] = []): StageRow[] {
  return ids.map((stageId, order) => ({ pipelineId, stageId, order, probability: probabilities[order] ?? null }));
}

export const QUICKSTART_NOW = t('2026-03-31T18:00:00Z');
export const PARIS = 'Europe/Paris';

/** Money as the store would convert it: the scenario's constant USD rate 0.9. */
const eur = (amount: number, currency: 'EUR' | 'USD', status: DealRow['status'], wonAt: number | null) =>
  reportingAmount({ amount, currency, status, wonAt, lostAt: null }, QUICKSTART_NOW, {
    reportingCurrency: 'EUR',
    rates: [{ currency: 'USD', rate: 0.9 }],
  });

export function quickstart(): KpiInput {
  const companyOf = { acme: 'Software', globex: 'Retail', initech: 'Software', umbrella: 'Health' } as const;
  const d = (
    id: string,
    company: keyof typeof companyOf,
    contact: string,
    source: string,
    owner: string,
    amount: number,
    currency: 'EUR' | 'USD',
    steps: [string, string][],
    close: { status: 'won' | 'lost'; at: string; reason?: string } | null,
    closeDate: string | null = null,
  ): DealRow => {
    const closedAt = close ? t(close.at) : null;
    const status = close?.status ?? 'open';
    const wonAt = status === 'won' ? closedAt : null;
    const first = steps[0] as [string, string];
    return deal({
      id,
      createdAt: t(first[1]),
      stageId: (steps[steps.length - 1] as [string, string])[0],
      status,
      wonAt,
      lostAt: status === 'lost' ? closedAt : null,
      amountReporting: eur(amount, currency, status, wonAt),
      closeDate,
      lostReason: close?.reason ?? null,
      source,
      industry: companyOf[company],
      ownerId: owner,
      ownerAtCreation: owner,
      ownerAtClose: close ? owner : null,
      companyId: company,
      contactIds: [contact],
      visits: visits(id, 'sales', steps, close?.at ?? null),
      statusChanges: close && closedAt !== null ? [{ dealId: id, status: close.status, at: closedAt }] : [],
    });
  };
  const deals = [
    d(
      'd1',
      'acme',
      'jane',
      'organic_search',
      'alice',
      1000,
      'EUR',
      [
        ['qualify', '2026-01-05T09:00:00Z'],
        ['demo', '2026-01-12T09:00:00Z'],
        ['proposal', '2026-01-26T09:00:00Z'],
      ],
      { status: 'won', at: '2026-02-09T09:00:00Z' },
      '2026-02-28',
    ),
    d(
      'd2',
      'globex',
      'tom',
      'prospecting',
      'bob',
      2000,
      'USD',
      [
        ['qualify', '2026-01-20T10:00:00Z'],
        ['proposal', '2026-02-02T10:00:00Z'],
      ],
      { status: 'won', at: '2026-02-24T10:00:00Z' },
      '2026-03-31',
    ),
    d(
      'd3',
      'initech',
      'ann',
      'referral',
      'alice',
      1500,
      'EUR',
      [
        ['qualify', '2026-02-02T08:00:00Z'],
        ['demo', '2026-02-16T08:00:00Z'],
      ],
      { status: 'lost', at: '2026-02-27T08:00:00Z', reason: 'price' },
    ),
    d(
      'd4',
      'umbrella',
      'leo',
      'paid_search',
      'bob',
      800,
      'EUR',
      [
        ['qualify', '2026-02-10T09:00:00Z'],
        ['demo', '2026-03-02T09:00:00Z'],
      ],
      null,
    ),
    d('d5', 'acme', 'jane', 'direct', 'alice', 500, 'EUR', [['qualify', '2026-03-03T09:00:00Z']], null),
    d(
      'd6',
      'globex',
      'tom',
      'prospecting',
      'bob',
      1200,
      'EUR',
      [
        ['qualify', '2026-03-10T09:00:00Z'],
        ['proposal', '2026-03-20T09:00:00Z'],
      ],
      null,
    ),
  ];
  const e = (partial: Partial<EngagementRow> & Pick<EngagementRow, 'id' | 'type' | 'at'>): EngagementRow => ({
    direction: null,
    outcome: null,
    durationSeconds: null,
    endAt: null,
    ownerId: null,
    done: null,
    activityType: null,
    dealIds: [],
    contactIds: [],
    companyIds: [],
    ...partial,
  });
  const engagements = [
    e({
      id: 'e1',
      type: 'call',
      at: t('2026-01-06T09:00:00Z'),
      ownerId: 'alice',
      direction: 'outbound',
      outcome: 'connected',
      durationSeconds: 300,
      dealIds: ['d1'],
      contactIds: ['jane'],
      companyIds: ['acme'],
    }),
    e({
      id: 'e2',
      type: 'call',
      at: t('2026-01-21T10:00:00Z'),
      ownerId: 'bob',
      direction: 'outbound',
      outcome: 'no_answer',
      durationSeconds: 0,
      contactIds: ['tom'],
      companyIds: ['globex'],
    }),
    e({
      id: 'e3',
      type: 'meeting',
      at: t('2026-01-12T14:00:00Z'),
      endAt: t('2026-01-12T15:00:00Z'),
      ownerId: 'alice',
      outcome: 'completed',
      dealIds: ['d1'],
      contactIds: ['jane'],
    }),
    e({
      id: 'e4',
      type: 'email',
      at: t('2026-02-03T09:00:00Z'),
      ownerId: 'alice',
      direction: 'outbound',
      contactIds: ['ann'],
    }),
  ];
  const companies = (['acme', 'globex', 'initech', 'umbrella'] as const).map((id, i) => ({
    id,
    createdAt: t(`2025-12-0${i + 1}T09:00:00Z`),
    industry: companyOf[id],
    ownerId: null,
  }));
  const contacts = [
    ['jane', 'acme'],
    ['tom', 'globex'],
    ['ann', 'initech'],
    ['leo', 'umbrella'],
  ].map(([id, companyId], i) => ({
    id: id as string,
    companyId: companyId as string,
    createdAt: t(`2025-12-0${i + 1}T09:05:00Z`),
    ownerId: null,
  }));
  return {
    deals,
    stages: stagesOf('sales', ['qualify', 'demo', 'proposal'], [0.2, 0.5, 0.8]),
    owners: [
      { id: 'alice', teamId: 'east' },
      { id: 'bob', teamId: 'west' },
    ],
    companies,
    contacts,
    engagements,
  };
}

export const quickstartConfig = (partial: Partial<KpiConfig> = {}): KpiConfig => withKpiDefaults(partial);

export const quickstartCtx = (extra: Partial<KpiContext> = {}): KpiContext => ({
  now: QUICKSTART_NOW,
  timeZone: PARIS,
  ...extra,
});

/** The single row matching kpi/measure/segment (JSON-equal), failing loudly when absent or ambiguous. */
export function pick(
  rows: readonly import('../../src/metrics/types').KpiRow[],
  measure: string,
  segment: Record<string, string> = {},
) {
  const found = rows.filter(
    (r) => r.measure === measure && JSON.stringify(sortKeys(r.segment)) === JSON.stringify(sortKeys(segment)),
  );
  if (found.length !== 1)
    throw new Error(
      `expected one row ${measure} ${JSON.stringify(segment)}, found ${found.length}: ${JSON.stringify(rows.map((r) => [r.measure, r.segment]))}`,
    );
  return found[0] as import('../../src/metrics/types').KpiRow;
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
