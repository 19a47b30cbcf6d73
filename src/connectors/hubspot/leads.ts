/** Leads (object 0-136, Sales Hub Pro / Enterprise only; hubspot-api.md §17). */
import type { CrmLead } from '../../domain/records';
import { CrmAuthError, CrmResponseError } from '../../lib/errors';
import type { HubSpotContext } from './context';
import { LEAD_PROPERTIES, toCrmLead } from './mappers/lead';
import type { ObjectsApi } from './objects';
import { identify } from './paging';
import type { ObjectHandler } from './stream';

const TARGETS = ['contacts', 'companies', 'deals'];

/** The leads handler: the walk's properties are all the mapper needs, so no batch read. */
export function leadsHandler(ctx: HubSpotContext): ObjectHandler<CrmLead> {
  const properties = async (signal?: AbortSignal) => [
    ...LEAD_PROPERTIES,
    ...(await ctx.leadQualifiedProperties(signal)),
  ];
  return {
    hubspotType: 'leads',
    modifiedProperty: 'hs_lastmodifieddate',
    walkProperties: properties,
    needsBatchRead: false,
    fullShape: async (signal) => ({ properties: await properties(signal), propertiesWithHistory: [] }),
    // Lead batch read cannot return associations; listings embed them and v4 batch read reads them (§17).
    associationTargets: async () => TARGETS,
    async map(records, links, signal) {
      const qualifiedEnteredProperties = await ctx.leadQualifiedProperties(signal);
      return records.map((raw) => {
        const id = identify(raw, 'hs_lastmodifieddate').id ?? '';
        return toCrmLead(raw, {
          contactIds: links.get('contacts')?.get(id) ?? [],
          companyIds: links.get('companies')?.get(id) ?? [],
          dealIds: links.get('deals')?.get(id) ?? [],
          qualifiedEnteredProperties,
        });
      });
    },
  };
}

/**
 * Probes the leads object with a one-record list: 403 or 404 means the portal has no leads (the exact answer of
 * such portals is unverified, hubspot-api.md §17).
 * https://developers.hubspot.com/docs/api-reference/crm-leads-v3/guide — `GET /crm/v3/objects/leads`
 */
export async function probeLeads(objects: ObjectsApi, signal?: AbortSignal): Promise<boolean> {
  try {
    await objects.list('leads', { limit: 1, properties: ['hs_object_id'], signal });
    return true;
  } catch (error) {
    if (error instanceof CrmAuthError && error.status === 403) return false;
    if (error instanceof CrmResponseError && (error.status === 404 || error.status === 400)) return false;
    throw error;
  }
}
