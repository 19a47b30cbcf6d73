/**
 * test/scenarios/quickstart.yaml transcribed by hand into domain records (deals with their visits and field
 * history, engagements), as a HubSpot sync would map them (`amountHome` converted at USD 0.9). Independent of the
 * simulator: a bug in the simulator or a connector cannot hide here. quickstart-store.ts stores them.
 */
import type { CrmDeal, CrmEngagement, CrmFieldChange, CrmStageVisit } from '../../src/domain/records';

export const QUICKSTART_NOW = Date.parse('2026-03-31T18:00:00Z');
export const PARIS = 'Europe/Paris';

export const iso = (s: string): string => new Date(Date.parse(s)).toISOString();

/** Visits from [stage, at] steps; the last ends at `end` (the close), or stays open. */
function visits(steps: [string, string][], end: string | null): CrmStageVisit[] {
  return steps.map(([stageId, at], i) => {
    const next = steps[i + 1];
    return { pipelineId: 'sales', stageId, enteredAt: iso(at), exitedAt: next ? iso(next[1]) : end && iso(end) };
  });
}

interface DealStory {
  id: string;
  company: string;
  contact: string;
  source: string;
  owner: string;
  amount: number;
  currency: string;
  steps: [string, string][];
  close?: { status: 'won' | 'lost'; at: string; reason?: string };
  closeDate?: string;
}

/** One deal from its story: current state, open-stage visits and the tracked-field history. */
export function quickstartDeal(s: DealStory): CrmDeal {
  const created = s.steps[0]?.[1] ?? '';
  const closeAt = s.close ? iso(s.close.at) : null;
  const changes: CrmFieldChange[] = [
    { field: 'status', value: 'open', at: iso(created) },
    { field: 'owner', value: s.owner, at: iso(created) },
    { field: 'amount', value: String(s.amount), at: iso(created) },
  ];
  if (s.close && closeAt) changes.push({ field: 'status', value: s.close.status, at: closeAt });
  if (s.close?.reason && closeAt) changes.push({ field: 'lostReason', value: s.close.reason, at: closeAt });
  return {
    externalId: s.id,
    name: s.id,
    pipelineId: 'sales',
    stageId: s.steps[s.steps.length - 1]?.[0] ?? null,
    status: s.close?.status ?? 'open',
    amount: s.amount,
    currency: s.currency,
    amountHome: s.currency === 'USD' ? s.amount * 0.9 : s.amount,
    probability: null,
    createdAt: iso(created),
    wonAt: s.close?.status === 'won' ? closeAt : null,
    lostAt: s.close?.status === 'lost' ? closeAt : null,
    closeDate: s.close ? (closeAt?.slice(0, 10) ?? null) : (s.closeDate ?? null),
    lostReason: s.close?.reason ?? null,
    source: s.source,
    sourceDetail: null,
    ownerId: s.owner,
    companyIds: [s.company],
    contactIds: [s.contact],
    properties: {},
    modifiedAt: closeAt ?? iso(created),
    mergedIds: [],
    stageVisits: visits(s.steps, closeAt),
    fieldChanges: changes,
  };
}

export const QUICKSTART_DEALS: CrmDeal[] = [
  quickstartDeal({
    id: 'd1',
    company: 'acme',
    contact: 'jane',
    source: 'organic_search',
    owner: 'alice',
    amount: 1000,
    currency: 'EUR',
    closeDate: '2026-02-28',
    steps: [
      ['qualify', '2026-01-05T09:00:00Z'],
      ['demo', '2026-01-12T09:00:00Z'],
      ['proposal', '2026-01-26T09:00:00Z'],
    ],
    close: { status: 'won', at: '2026-02-09T09:00:00Z' },
  }),
  quickstartDeal({
    id: 'd2',
    company: 'globex',
    contact: 'tom',
    source: 'prospecting',
    owner: 'bob',
    amount: 2000,
    currency: 'USD',
    steps: [
      ['qualify', '2026-01-20T10:00:00Z'],
      ['proposal', '2026-02-02T10:00:00Z'],
    ],
    close: { status: 'won', at: '2026-02-24T10:00:00Z' },
  }),
  quickstartDeal({
    id: 'd3',
    company: 'initech',
    contact: 'ann',
    source: 'referral',
    owner: 'alice',
    amount: 1500,
    currency: 'EUR',
    steps: [
      ['qualify', '2026-02-02T08:00:00Z'],
      ['demo', '2026-02-16T08:00:00Z'],
    ],
    close: { status: 'lost', at: '2026-02-27T08:00:00Z', reason: 'price' },
  }),
  quickstartDeal({
    id: 'd4',
    company: 'umbrella',
    contact: 'leo',
    source: 'paid_search',
    owner: 'bob',
    amount: 800,
    currency: 'EUR',
    steps: [
      ['qualify', '2026-02-10T09:00:00Z'],
      ['demo', '2026-03-02T09:00:00Z'],
    ],
  }),
  quickstartDeal({
    id: 'd5',
    company: 'acme',
    contact: 'jane',
    source: 'direct',
    owner: 'alice',
    amount: 500,
    currency: 'EUR',
    steps: [['qualify', '2026-03-03T09:00:00Z']],
  }),
  quickstartDeal({
    id: 'd6',
    company: 'globex',
    contact: 'tom',
    source: 'prospecting',
    owner: 'bob',
    amount: 1200,
    currency: 'EUR',
    steps: [
      ['qualify', '2026-03-10T09:00:00Z'],
      ['proposal', '2026-03-20T09:00:00Z'],
    ],
  }),
];

function engagement(
  e: Partial<CrmEngagement> & Pick<CrmEngagement, 'externalId' | 'type' | 'occurredAt'>,
): CrmEngagement {
  return {
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
    leadIds: [],
    modifiedAt: e.occurredAt,
    ...e,
  };
}

export const QUICKSTART_ENGAGEMENTS: CrmEngagement[] = [
  engagement({
    externalId: 'e1',
    type: 'call',
    occurredAt: iso('2026-01-06T09:00:00Z'),
    ownerId: 'alice',
    direction: 'outbound',
    outcome: 'connected',
    durationSeconds: 300,
    dealIds: ['d1'],
    contactIds: ['jane'],
    companyIds: ['acme'],
  }),
  engagement({
    externalId: 'e2',
    type: 'call',
    occurredAt: iso('2026-01-21T10:00:00Z'),
    ownerId: 'bob',
    direction: 'outbound',
    outcome: 'no_answer',
    durationSeconds: 0,
    contactIds: ['tom'],
    companyIds: ['globex'],
  }),
  engagement({
    externalId: 'e3',
    type: 'meeting',
    occurredAt: iso('2026-01-12T14:00:00Z'),
    endAt: iso('2026-01-12T15:00:00Z'),
    ownerId: 'alice',
    outcome: 'completed',
    dealIds: ['d1'],
    contactIds: ['jane'],
  }),
  engagement({
    externalId: 'e4',
    type: 'email',
    occurredAt: iso('2026-02-03T09:00:00Z'),
    ownerId: 'alice',
    direction: 'outbound',
    contactIds: ['ann'],
  }),
  // A note: stored, read by no KPI.
  engagement({
    externalId: 'n1',
    type: 'note',
    occurredAt: iso('2026-01-12T15:05:00Z'),
    ownerId: 'alice',
    dealIds: ['d1'],
  }),
];
