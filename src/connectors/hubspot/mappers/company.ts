/** HubSpot company -> `CrmCompany` (hubspot-api.md §11). */
import type { CrmCompany } from '../../../domain/records';
import {
  customPropsOf,
  instantProp,
  lifecycleOf,
  type MapResult,
  mapWith,
  mergedIdsOf,
  modifiedAtOf,
  prop,
  requiredInstant,
} from './common';

export const COMPANY_PROPERTIES = [
  'name',
  'domain',
  'industry',
  'hubspot_owner_id',
  'createdate',
  'hs_lastmodifieddate',
  'lifecyclestage',
  'hs_v2_date_entered_customer',
  'hs_lifecyclestage_customer_date',
  'hs_analytics_source',
  'hs_merged_object_ids',
  'hs_object_id',
] as const;

export const COMPANY_HISTORY_PROPERTIES = ['lifecyclestage'] as const;

export interface CompanyContext {
  customProperties: readonly string[];
}

/** Maps one company payload, or says why it goes to quarantine. */
export function toCrmCompany(raw: unknown, ctx: CompanyContext): MapResult<CrmCompany> {
  return mapWith(raw, (obj) => {
    const createdAt = requiredInstant(obj, 'createdate');
    return {
      externalId: obj.id,
      name: prop(obj, 'name'),
      industry: prop(obj, 'industry'),
      ownerId: prop(obj, 'hubspot_owner_id'),
      createdAt,
      // The v2 stage-calculated property replaces the legacy one; fall back for portals still on it.
      customerSince:
        instantProp(obj, 'hs_v2_date_entered_customer') ?? instantProp(obj, 'hs_lifecyclestage_customer_date'),
      lifecycle: lifecycleOf(obj, createdAt),
      source: prop(obj, 'hs_analytics_source'),
      properties: customPropsOf(obj, ctx.customProperties),
      modifiedAt: modifiedAtOf(obj, 'hs_lastmodifieddate'),
      mergedIds: mergedIdsOf(obj),
    };
  });
}
