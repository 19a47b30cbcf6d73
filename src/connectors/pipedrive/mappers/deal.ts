/**
 * v2 deal (+ its changelog when read) -> `CrmDeal` (pipedrive-api.md §4, §5). Won and lost are the deal's
 * `status`; the deal keeps its last open stage, so `stageId` is always the stage Pipedrive reports.
 */
import type { CrmDeal, DealStatus } from '../../../domain/records';
import { type ChangelogRow, dealSchema, type PipedriveDeal } from '../types';
import {
  customProperties,
  dateOnly,
  instantOrNull,
  type MapResult,
  mapWith,
  type OptionLabels,
  optionLabel,
  ref,
  toInstant,
} from './common';
import { dealHistory } from './history';
import type { StageIndex } from './pipeline';

export interface DealContext {
  stages: StageIndex;
  /** Option labels of the deal field `channel` (the marketing channel: our `source`). */
  channels: OptionLabels;
  /** The deal's changelog rows, or null when it was not read (provisional history). */
  changelog: readonly ChangelogRow[] | null;
}

/** Maps one v2 deal, or says why it goes to quarantine. */
export function toCrmDeal(raw: unknown, ctx: DealContext): MapResult<CrmDeal> {
  return mapWith(dealSchema, raw, (deal) => mapDeal(deal, ctx));
}

function statusOf(deal: PipedriveDeal): DealStatus {
  return deal.status === 'won' || deal.status === 'lost' ? deal.status : 'open';
}

function mapDeal(deal: PipedriveDeal, ctx: DealContext): CrmDeal {
  const status = statusOf(deal);
  const history = dealHistory(deal, ctx.changelog, ctx.stages);
  const lastStatusAt = history.fieldChanges.filter((c) => c.field === 'status').at(-1)?.at ?? null;
  return {
    externalId: String(deal.id),
    name: deal.title,
    pipelineId: String(deal.pipeline_id),
    stageId: ref(deal.stage_id),
    status,
    // Pipedrive has no empty value: 0 is how a deal without an amount comes back (left out of value KPIs).
    amount: deal.value === 0 || deal.value === undefined ? null : deal.value,
    currency: deal.currency,
    // Pipedrive converts nothing: the KPI engine applies the configured rate table.
    amountHome: null,
    // `probability` is the deal's own percentage; null when the stage's applies.
    probability: status === 'open' && deal.probability != null ? deal.probability / 100 : null,
    createdAt: toInstant(deal.add_time, 'add_time'),
    wonAt: status === 'won' ? (instantOrNull(deal.won_time, 'won_time') ?? lastStatusAt) : null,
    lostAt: status === 'lost' ? (instantOrNull(deal.lost_time, 'lost_time') ?? lastStatusAt) : null,
    closeDate: status === 'open' ? dateOnly(deal.expected_close_date, 'expected_close_date') : null,
    lostReason: deal.lost_reason,
    // origin + channel (scenarios.md "Sources"): the channel label is the source, origin the detail.
    source: optionLabel(ctx.channels, deal.channel),
    sourceDetail: deal.origin,
    ownerId: ref(deal.owner_id),
    companyIds: deal.org_id == null ? [] : [String(deal.org_id)],
    contactIds: deal.person_id == null ? [] : [String(deal.person_id)],
    properties: customProperties(deal.custom_fields),
    modifiedAt: toInstant(deal.update_time, 'update_time'),
    mergedIds: [],
    stageVisits: history.stageVisits,
    fieldChanges: history.fieldChanges,
  };
}

/**
 * A short fingerprint of the fields whose history we keep (stage, pipeline, status, value, currency, owner,
 * expected close date, plus probability and lost reason, which records.ts tracks too). A deal whose fingerprint
 * is unchanged since its last changelog read has no new history: its changelog (20 tokens) is not read again.
 */
export function dealFingerprint(raw: unknown): string | null {
  const parsed = dealSchema.safeParse(raw);
  if (!parsed.success) return null;
  const d = parsed.data;
  const text = [
    d.stage_id,
    d.pipeline_id,
    d.status,
    d.value,
    d.currency,
    d.owner_id,
    d.expected_close_date,
    d.probability,
    d.lost_reason,
  ]
    .map((v) => (v === null || v === undefined ? '' : String(v)))
    .join('\u0001');
  // FNV-1a, 32 bits: a change detector, not a security feature.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
