/**
 * v1 leads -> `CrmLead` (pipedrive-api.md §6). Leads are first-class records. Converting a lead marks it deleted
 * and gives the new deal `source_lead_id`; a lead known only through its deal is rebuilt from that deal (title,
 * owner, person, organization and channel move over on conversion) with the creation time remembered from when
 * the lead was seen live, else the deal's.
 */
import type { CrmLead } from '../../../domain/records';
import { dealSchema, leadSchema } from '../types';
import { type MapResult, mapWith, type OptionLabels, optionLabel, ref, toInstant } from './common';

export interface LeadContext {
  /** Option labels of the deal field `channel` (leads use deal fields, §6). */
  channels: OptionLabels;
}

/** Maps one v1 lead (ISO times with milliseconds), or says why it goes to quarantine. */
export function toCrmLead(raw: unknown, ctx: LeadContext): MapResult<CrmLead> {
  return mapWith(leadSchema, raw, (l) => ({
    externalId: l.id,
    title: l.title,
    createdAt: toInstant(l.add_time, 'add_time'),
    ownerId: ref(l.owner_id),
    source: optionLabel(ctx.channels, l.channel) ?? l.source_name,
    contactIds: l.person_id == null ? [] : [String(l.person_id)],
    companyIds: l.organization_id == null ? [] : [String(l.organization_id)],
    dealIds: [],
    convertedAt: null,
    modifiedAt: toInstant(l.update_time, 'update_time'),
  }));
}

export interface ConvertedLeadContext extends LeadContext {
  /** Creation second of the lead when it was seen live. */
  createdSec: number | null;
}

/** The lead a deal was converted from (`source_lead_id`), or null for a deal that did not come from a lead. */
export function convertedLeadOf(rawDeal: unknown, ctx: ConvertedLeadContext): MapResult<CrmLead> | null {
  const parsed = dealSchema.safeParse(rawDeal);
  if (!parsed.success || parsed.data.source_lead_id === null) return null;
  return mapWith(dealSchema, rawDeal, (d) => {
    const convertedAt = toInstant(d.add_time, 'add_time');
    return {
      externalId: d.source_lead_id ?? '',
      title: d.title,
      createdAt: ctx.createdSec === null ? convertedAt : new Date(ctx.createdSec * 1_000).toISOString(),
      ownerId: ref(d.owner_id),
      source: optionLabel(ctx.channels, d.channel),
      contactIds: d.person_id == null ? [] : [String(d.person_id)],
      companyIds: d.org_id == null ? [] : [String(d.org_id)],
      dealIds: [String(d.id)],
      convertedAt,
      // The conversion is the lead's last change: stable across runs, so re-syncs write nothing new.
      modifiedAt: convertedAt,
    };
  });
}
