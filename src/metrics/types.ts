/**
 * The rows the KPI engine consumes and produces. Input rows are the narrowest provider-neutral rows the store can
 * produce by SQL: instants are epoch ms (UTC), money is already in the reporting currency (`lib/money.ts`), ids
 * are provider ids. Collections are `Iterable`s that may be iterated more than once (an array, or an object whose
 * iterator re-runs a streaming query): `computeKpis` may walk them more than once (work shared by several
 * KPIs is computed once per run, see shared.ts) and keeps only small per-bucket / per-customer state, never every
 * row. Optional bounded views (`dealsIn`, `engagementsIn`) let a KPI read only the slice it needs.
 */
import type { PeriodLabel, PeriodSpec } from '../lib/periods';

export type DealStatus = 'open' | 'won' | 'lost';

/** One visit of a deal to an open stage (won/lost are status changes, not stages). */
export interface StageVisitRow {
  dealId: string;
  pipelineId: string;
  stageId: string;
  enteredAt: number;
  /** Null while the deal is still in the stage. */
  exitedAt: number | null;
}

/** One change of a deal's status (creation as `open` may be omitted). */
export interface StatusChangeRow {
  dealId: string;
  status: DealStatus;
  at: number;
}

/** One deal, current state. `visits` and `statusChanges` are needed by history-based KPIs only (see docs). */
export interface DealRow {
  id: string;
  /** Current pipeline. */
  pipelineId: string;
  /** Current open stage, or the last open stage of a closed deal. */
  stageId: string | null;
  status: DealStatus;
  createdAt: number;
  /** Last win of a currently won deal (a re-won deal counts at its last win). */
  wonAt: number | null;
  lostAt: number | null;
  /** Current amount in the reporting currency; null when the amount or its exchange rate is missing. */
  amountReporting: number | null;
  /** The deal's own win probability 0..1 (overrides the stage's). */
  probability: number | null;
  /** Expected close date `YYYY-MM-DD` of an open deal. */
  closeDate: string | null;
  lostReason: string | null;
  /** Neutral or raw source value, mapped to inbound/outbound by `KpiConfig.sourceDirections`. */
  source: string | null;
  /** Industry of the deal's company. */
  industry: string | null;
  /** Current owner. */
  ownerId: string | null;
  /** Owner when the deal was created (deal cohort KPIs). */
  ownerAtCreation: string | null;
  /** Owner when the current status (won/lost) was set (period KPIs on closes). */
  ownerAtClose: string | null;
  /** Primary company. */
  companyId: string | null;
  /** Associated contacts, primary first. */
  contactIds: readonly string[];
  /** Custom properties the config names (the referrer property). */
  properties?: Readonly<Record<string, string | null>>;
  /** Deleted or merged away: excluded from every KPI. */
  deletedAt?: number | null;
  /** Open-stage visits in time order, for funnels, as-of replays and qualified-stage entry. */
  visits?: readonly StageVisitRow[];
  /** Status changes in time order, for as-of replays. */
  statusChanges?: readonly StatusChangeRow[];
}

/** A stage of a pipeline with its order (pipelines in scope only). */
export interface StageRow {
  pipelineId: string;
  stageId: string;
  /** Position in the pipeline, ascending. */
  order: number;
  probability: number | null;
}

/** An owner (rep) and its primary team. */
export interface OwnerRow {
  id: string;
  teamId: string | null;
}

export interface CompanyRow {
  id: string;
  createdAt: number;
  industry: string | null;
  ownerId: string | null;
  deletedAt?: number | null;
}

export interface ContactRow {
  id: string;
  /** Primary company. */
  companyId: string | null;
  createdAt: number;
  ownerId: string | null;
  /** When the contact entered the `lead` lifecycle stage (HubSpot fallback of leads_created). */
  leadStageAt?: number | null;
  deletedAt?: number | null;
}

export interface LeadRow {
  id: string;
  createdAt: number;
  ownerId: string | null;
  source: string | null;
  contactId: string | null;
  companyId: string | null;
  /** Deals the lead converted into. */
  dealIds: readonly string[];
  convertedAt: number | null;
  deletedAt?: number | null;
}

/** Calls, emails and meetings (notes and tasks are ignored by every KPI). */
export interface EngagementRow {
  id: string;
  type: 'call' | 'email' | 'meeting' | 'note' | 'task';
  /** Calls: null is treated as outbound (Pipedrive call logs carry no direction). */
  direction: 'inbound' | 'outbound' | 'forwarded' | null;
  outcome: string | null;
  durationSeconds: number | null;
  at: number;
  endAt: number | null;
  ownerId: string | null;
  /** Pipedrive activity done / HubSpot task completed. */
  done: boolean | null;
  activityType: string | null;
  dealIds: readonly string[];
  contactIds: readonly string[];
  companyIds: readonly string[];
  deletedAt?: number | null;
}

/** One month of sales + marketing spend for CAC (`month` = `YYYY-MM` in the account zone). */
export interface SpendRow {
  month: string;
  amount: number;
}

/**
 * Pre-aggregated closes: what `won_revenue`, `win_rate`, `avg_revenue_per_sale` and `sales_cycle_days` need when
 * the store groups by local day and segment instead of streaming deals. A per-deal fact has `count: 1`.
 */
export interface ClosedFactRow {
  /** The close instant, or the local midnight of the day the bucket covers (exact for calendar periods). */
  at: number;
  outcome: 'won' | 'lost';
  pipelineId: string;
  ownerId: string | null;
  source: string | null;
  industry: string | null;
  lostReason: string | null;
  count: number;
  /** Σ amount of the deals that have one. */
  amountSum: number;
  /** Deals with an amount. */
  amountCount: number;
  /** Cycle days of each won deal (medians need the values); empty for lost buckets. */
  cycleDays: readonly number[];
}

/**
 * A slice of `deals`: created in `[start, end)`, currently won with `wonAt` in `[start, end)`, or currently open.
 * A KPI asks for one only where it would skip every other deal anyway.
 */
export type DealRange = { by: 'created' | 'won'; start: number; end: number } | { by: 'open' };

/** Everything the engine may read. Only what a KPI needs must be present; absent collections count as empty. */
export interface KpiInput {
  deals: Iterable<DealRow>;
  /**
   * Optional: the `deals` of a range (same rows, same order) read by an index range scan; null when the store
   * cannot select the range exactly (a replay), then the engine filters `deals` (see metrics/slices.ts).
   */
  dealsIn?: (range: DealRange) => Iterable<DealRow> | null;
  stages: Iterable<StageRow>;
  owners?: Iterable<OwnerRow>;
  companies?: Iterable<CompanyRow>;
  contacts?: Iterable<ContactRow>;
  leads?: Iterable<LeadRow>;
  engagements?: Iterable<EngagementRow>;
  /**
   * Optional: the `engagements` with `start <= at < end`, in the same order, read by an index range scan. KPIs over
   * a bounded period use it when given (else they filter `engagements`); results are the same either way.
   */
  engagementsIn?: (interval: { start: number; end: number }) => Iterable<EngagementRow>;
  /** When given, replaces `deals` for the close-based period KPIs (see ClosedFactRow). */
  closedFacts?: Iterable<ClosedFactRow>;
}

export type SegmentKey = 'pipeline' | 'stage' | 'owner' | 'team' | 'source' | 'direction' | 'industry';

/** Flags a row may carry. */
export type KpiFlag =
  | 'low_sample'
  | 'provisional'
  | 'needs_setup'
  | 'target_met'
  | 'not_qualified'
  | 'lowest_rate'
  | 'largest_loss'
  | 'dropped';

/** One value of the KPI output, with the same keys as a scenario expectation. */
export interface KpiRow {
  kpi: string;
  measure: string;
  period?: PeriodLabel;
  window?: PeriodLabel;
  /** `{}` for the whole; else the segment values (`{ owner: 'alice' }`, `{ stage: 'demo' }`). */
  segment: Record<string, string>;
  value: number | null;
  /** count, ratio, days, per_day, per_week, a currency code... */
  unit: string;
  n: number;
  flags: KpiFlag[];
  /** The config keys to set when `needs_setup` is flagged. */
  setup?: string[];
  n_missing_amount?: number;
  n_missing_close_date?: number;
  n_missing_probability?: number;
}

/** Everything a KPI needs beside rows and config. */
export interface KpiContext {
  /** The as-of instant; no KPI reads the clock. */
  now: number;
  /** IANA zone periods are bucketed in. */
  timeZone: string;
  /** A period label, range or trailing window; absent = the KPI's default. */
  period?: PeriodSpec;
  /** Produce one row per value of each key, besides the whole. */
  segmentBy?: readonly SegmentKey[];
  /** Keep only rows whose segment values match (`{ pipeline: 'sales' }`). */
  filter?: Partial<Record<SegmentKey, string>>;
  /** Intermediates shared by the KPIs of one run over one input (`computeKpis` creates it; see shared.ts). */
  shared?: SharedWork;
}

/** Derived values keyed by what they depend on; one per (run, input). See shared.ts. */
export type SharedWork = Map<string, unknown>;
