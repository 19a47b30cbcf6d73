/** HubSpot contact -> `CrmContact` (hubspot-api.md §11; contacts use `lastmodifieddate`). */
import type { CrmContact } from '../../../domain/records';
import {
  customPropsOf,
  lifecycleOf,
  type MapResult,
  mapWith,
  mergedIdsOf,
  modifiedAtOf,
  prop,
  requiredInstant,
} from './common';

export const CONTACT_PROPERTIES = [
  'firstname',
  'lastname',
  'email',
  'hubspot_owner_id',
  'createdate',
  'lastmodifieddate',
  'lifecyclestage',
  'associatedcompanyid',
  'hs_analytics_source',
  'hs_merged_object_ids',
  'hs_object_id',
] as const;

export const CONTACT_HISTORY_PROPERTIES = ['lifecyclestage'] as const;

export interface ContactContext {
  customProperties: readonly string[];
  /** Associated company ids, primary first. */
  companyIds: readonly string[];
}

/** Maps one contact payload, or says why it goes to quarantine. */
export function toCrmContact(raw: unknown, ctx: ContactContext): MapResult<CrmContact> {
  return mapWith(raw, (obj) => {
    const createdAt = requiredInstant(obj, 'createdate');
    const name = [prop(obj, 'firstname'), prop(obj, 'lastname')].filter((p) => p !== null).join(' ');
    // `associatedcompanyid` is the primary company; put it first even if the association read missed it.
    const primary = prop(obj, 'associatedcompanyid');
    const companyIds =
      primary === null ? [...ctx.companyIds] : [primary, ...ctx.companyIds.filter((id) => id !== primary)];
    return {
      externalId: obj.id,
      name: name === '' ? null : name,
      email: prop(obj, 'email'),
      companyIds,
      ownerId: prop(obj, 'hubspot_owner_id'),
      createdAt,
      lifecycle: lifecycleOf(obj, createdAt),
      source: prop(obj, 'hs_analytics_source'),
      properties: customPropsOf(obj, ctx.customProperties),
      modifiedAt: modifiedAtOf(obj, 'lastmodifieddate'),
      mergedIds: mergedIdsOf(obj),
    };
  });
}
