/**
 * SimModel -> HubSpot record JSON: the full property map of each record (every value a string or null, as the
 * live API sends them) and property histories. Deals are here; the other types are in serialize-records.ts.
 */
import { fieldHistory, foldDealSteps, type SimDealStep } from '../fold.js';
import type { SimDeal, SimDealState, SimModel } from '../model.js';
import type { HubSpotIds, IdCollection } from './ids.js';

/** A record's properties as served: strings, or null for known-but-unset. */
export type HsProps = Record<string, string | null>;

/** One property history entry as served (timestamps are ISO strings on the wire). */
export interface HsHistoryEntry {
  value: string;
  timestamp: string;
  sourceType: string;
}

/** Property name -> changes, oldest first (the route reverses them to newest first). */
export type HsHistories = Record<string, { at: number; value: string | null; sourceType: string }[]>;

/** A serialized record: what list, get, batch read and search serve (search from an indexed copy). */
export interface HsDoc {
  id: string;
  pos: number;
  props: HsProps;
  createdAt: number;
  updatedAt: number;
  archivedAt: number | null;
  merged: boolean;
  writtenAtWallMs: number;
}

/** Cross-record lookups a record's serialization needs; built once per model version by the store. */
export interface SerializeContext {
  model: SimModel;
  ids: HubSpotIds;
  /** HubSpot ids of the records merged into a given record. */
  mergedIds(collection: IdCollection, scenarioId: string): string[];
  /** Neutral source of a contact (earliest lead, else first deal naming it). */
  contactSource(contactId: string): string | null;
  /** Company lifecycle changes derived from its deals (oldest first). */
  companyLifecycle(companyId: string): { at: number; stage: string }[];
  /** Folded deal steps, cached per version. */
  dealSteps(deal: SimDeal): SimDealStep[];
}

export const iso = (ms: number): string => new Date(ms).toISOString();
export const str = (v: number | null | undefined): string | null =>
  v === null || v === undefined ? null : String(Number(v.toFixed(10)));
export const bool = (v: boolean): string => (v ? 'true' : 'false');

const SOURCE_MAP: Record<string, [string, string | null]> = {
  organic_search: ['ORGANIC_SEARCH', null],
  paid_search: ['PAID_SEARCH', null],
  paid_social: ['PAID_SOCIAL', null],
  social: ['SOCIAL_MEDIA', null],
  email: ['EMAIL_MARKETING', null],
  referral: ['REFERRALS', null],
  direct: ['DIRECT_TRAFFIC', null],
  offline: ['OFFLINE', 'CRM_UI'],
  prospecting: ['OFFLINE', 'PROSPECTING'],
  import: ['OFFLINE', 'IMPORT'],
};

/**
 * `hs_analytics_source` and `hs_analytics_source_data_1` of a neutral source (scenarios.md table). An unknown
 * source becomes OTHER_CAMPAIGNS with the neutral name kept in data_1, so it is not lost.
 */
export function analyticsSource(source: string | null): { source: string | null; detail: string | null } {
  if (source === null) return { source: null, detail: null };
  const hit = SOURCE_MAP[source];
  return hit ? { source: hit[0], detail: hit[1] } : { source: 'OTHER_CAMPAIGNS', detail: source };
}

/** Enumeration internal value of a free label (`Health care` -> `HEALTH_CARE`), as HubSpot's industry values. */
export function enumValue(label: string): string {
  return label
    .trim()
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase();
}

/**
 * Custom property value: a scenario id of a company or contact (a referrer) becomes that record's HubSpot id
 * (companies win when an id names both); other values are stringified.
 */
export function customValue(ctx: SerializeContext, v: string | number | boolean | null): string | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return bool(v);
  if (typeof v === 'number') return String(v);
  return ctx.ids.toHubSpot('companies', v) ?? ctx.ids.toHubSpot('contacts', v) ?? v;
}

export function mergedValue(ctx: SerializeContext, c: IdCollection, id: string): string | null {
  const merged = ctx.mergedIds(c, id);
  return merged.length === 0 ? null : merged.join(';');
}

const owner = (ctx: SerializeContext, userId: string | null): string | null =>
  userId === null ? null : (ctx.ids.ownerId(userId) ?? null);

export { owner as ownerValue };

/** The deal's derived HubSpot values from one folded state. */
function dealStageOf(ctx: SerializeContext, s: SimDealState): string | null {
  if (s.status === 'won') return ctx.ids.wonStageId(s.pipeline) ?? null;
  if (s.status === 'lost') return ctx.ids.lostStageId(s.pipeline) ?? null;
  return ctx.ids.stageId(s.pipeline, s.stage) ?? null;
}
function probabilityOf(ctx: SerializeContext, s: SimDealState): number | null {
  if (s.status === 'won') return 1;
  if (s.status === 'lost') return 0;
  if (s.probability !== null) return s.probability;
  const stage = ctx.model.pipelines.find((p) => p.id === s.pipeline)?.stages.find((st) => st.id === s.stage);
  return stage?.probability ?? null;
}
/** HubSpot sets closedate to the win/loss instant; an open deal's is the expected date at UTC midnight. */
function closeDateOf(s: SimDealState): string | null {
  if (s.closedAt !== null) return iso(s.closedAt);
  return s.closeDate === null ? null : `${s.closeDate}T00:00:00.000Z`;
}

/** Every property of a deal. */
export function dealProps(ctx: SerializeContext, deal: SimDeal, hsId: string): HsProps {
  const steps = ctx.dealSteps(deal);
  const s = steps[steps.length - 1]!.state;
  const rate = s.currency === ctx.model.account.currency ? 1 : ctx.model.account.exchangeRates[s.currency];
  const src = analyticsSource(deal.source);
  const props: HsProps = {};
  for (const [k, v] of Object.entries(deal.properties)) props[k] = customValue(ctx, v);
  return Object.assign(props, {
    dealname: deal.name,
    pipeline: ctx.ids.pipelineId(s.pipeline) ?? null,
    dealstage: dealStageOf(ctx, s),
    amount: str(s.amount),
    deal_currency_code: s.currency,
    amount_in_home_currency: s.amount === null || rate === undefined ? null : str(s.amount * rate),
    closedate: closeDateOf(s),
    createdate: iso(s.createdAt),
    hs_lastmodifieddate: iso(deal.modifiedAt),
    hs_object_id: hsId,
    hubspot_owner_id: owner(ctx, s.owner),
    hs_is_closed: bool(s.status !== 'open'),
    hs_is_closed_won: bool(s.status === 'won'),
    hs_is_closed_lost: bool(s.status === 'lost'),
    hs_deal_stage_probability: str(probabilityOf(ctx, s)),
    closed_lost_reason: s.lostReason,
    hs_analytics_source: src.source,
    hs_analytics_source_data_1: src.detail,
    hs_merged_object_ids: mergedValue(ctx, 'deals', deal.id),
  });
}

/** Property histories a deal timeline yields; other deal properties get a single entry from the store. */
export function dealHistory(ctx: SerializeContext, deal: SimDeal): HsHistories {
  const steps = ctx.dealSteps(deal);
  const h = (select: (s: SimDealState) => string | null, sourceType = 'CRM_UI') =>
    fieldHistory(steps, select).map((c) => ({ ...c, sourceType }));
  return {
    dealstage: h((s) => dealStageOf(ctx, s)),
    pipeline: h((s) => ctx.ids.pipelineId(s.pipeline) ?? null),
    amount: h((s) => str(s.amount)),
    closedate: h(closeDateOf),
    hubspot_owner_id: h((s) => owner(ctx, s.owner)),
    deal_currency_code: h((s) => s.currency),
    hs_deal_stage_probability: h((s) => str(probabilityOf(ctx, s)), 'CALCULATED'),
    closed_lost_reason: h((s) => s.lostReason),
    hs_is_closed_won: h((s) => bool(s.status === 'won'), 'CALCULATED'),
    hs_is_closed: h((s) => bool(s.status !== 'open'), 'CALCULATED'),
  };
}

/** Folds with the account's home currency; the store caches the result per model version. */
export function foldForServing(model: SimModel, deal: SimDeal): SimDealStep[] {
  return foldDealSteps(deal, model.account.currency);
}
