/** Calls, emails, meetings, notes and tasks (hubspot-api.md §10): their short property lists, then links. */
import type { CrmEngagement } from '../../domain/records';
import type { HubSpotContext } from './context';
import { ENGAGEMENT_PROPERTIES, type EngagementObjectType, toCrmEngagement } from './mappers/engagement';
import { identify } from './paging';
import type { ObjectHandler } from './stream';

/** The handler of one engagement object type; its short property list rides on the walk, no batch read. */
export function engagementsHandler(ctx: HubSpotContext, type: EngagementObjectType): ObjectHandler<CrmEngagement> {
  const properties = [...ENGAGEMENT_PROPERTIES[type]];
  return {
    hubspotType: type,
    modifiedProperty: 'hs_lastmodifieddate',
    walkProperties: async () => properties,
    needsBatchRead: false,
    fullShape: async () => ({ properties, propertiesWithHistory: [] }),
    // Portals without leads would answer the lead pair with an error: skip it there.
    associationTargets: async (signal) =>
      (await ctx.hasLeads(signal)) ? ['deals', 'contacts', 'companies', 'leads'] : ['deals', 'contacts', 'companies'],
    async map(records, links) {
      return records.map((raw) => {
        const id = identify(raw, 'hs_lastmodifieddate').id ?? '';
        return toCrmEngagement(type, raw, {
          dealIds: links.get('deals')?.get(id) ?? [],
          contactIds: links.get('contacts')?.get(id) ?? [],
          companyIds: links.get('companies')?.get(id) ?? [],
          leadIds: links.get('leads')?.get(id) ?? [],
        });
      });
    },
  };
}
