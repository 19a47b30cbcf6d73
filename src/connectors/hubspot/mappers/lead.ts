/** HubSpot lead (object `0-136`) -> `CrmLead` (hubspot-api.md §17). */
import type { CrmLead } from '../../../domain/records';
import { instantProp, type MapResult, mapWith, modifiedAtOf, prop, toInstant } from './common';

export const LEAD_PROPERTIES = [
  'hs_lead_name',
  'hs_pipeline',
  'hs_pipeline_stage',
  'hubspot_owner_id',
  'hs_createdate',
  'hs_lastmodifieddate',
  'hs_lead_source',
  'hs_analytics_source',
  'hs_lead_is_qualified',
  'hs_object_id',
] as const;

export interface LeadContext {
  contactIds: readonly string[];
  companyIds: readonly string[];
  dealIds: readonly string[];
  /** The portal's `hs_v2_date_entered_<qualified stage>` property names (discovered, never built). */
  qualifiedEnteredProperties: readonly string[];
}

/**
 * Maps one lead payload. Converted = linked to a deal (HubSpot has no conversion flag); the conversion time is
 * the qualified stage's entered date when the portal has one, else null (the store can fall back to the deal's
 * creation time).
 */
export function toCrmLead(raw: unknown, ctx: LeadContext): MapResult<CrmLead> {
  return mapWith(raw, (obj) => {
    const createdAt = instantProp(obj, 'hs_createdate') ?? toInstant(obj.createdAt, 'createdAt');
    const qualifiedAt =
      ctx.qualifiedEnteredProperties.map((name) => instantProp(obj, name)).find((v) => v !== null) ?? null;
    return {
      externalId: obj.id,
      title: prop(obj, 'hs_lead_name'),
      createdAt,
      ownerId: prop(obj, 'hubspot_owner_id'),
      // No default lead-source property is confirmed (hubspot-api.md §17): a portal's own `hs_lead_source`
      // when set, else the analytics source HubSpot keeps on every object.
      source: prop(obj, 'hs_lead_source') ?? prop(obj, 'hs_analytics_source'),
      contactIds: [...ctx.contactIds],
      companyIds: [...ctx.companyIds],
      dealIds: [...ctx.dealIds],
      convertedAt: ctx.dealIds.length > 0 ? qualifiedAt : null,
      modifiedAt: modifiedAtOf(obj, 'hs_lastmodifieddate'),
    };
  });
}
