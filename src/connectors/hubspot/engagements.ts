/** Calls, emails, meetings, notes and tasks (hubspot-api.md §10): search/list with their properties, then links. */
import type { CrmEngagement } from '../../domain/records';
import { type AssociationIndex, readAssociations } from './associations';
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
    readByIds: (ids, signal) => ctx.objects.batchRead(type, ids, { properties, propertiesWithHistory: [], signal }),
    async map(records, signal) {
      const ids = records.flatMap((r) => identify(r, 'hs_lastmodifieddate').id ?? []);
      const deals = await readAssociations(ctx.http, type, 'deals', ids, signal);
      const contacts = await readAssociations(ctx.http, type, 'contacts', ids, signal);
      const companies = await readAssociations(ctx.http, type, 'companies', ids, signal);
      // Portals without leads would answer the lead pair with an error: skip it there.
      const leads: AssociationIndex = (await ctx.hasLeads(signal))
        ? await readAssociations(ctx.http, type, 'leads', ids, signal)
        : new Map();
      return records.map((raw) => {
        const id = identify(raw, 'hs_lastmodifieddate').id ?? '';
        return toCrmEngagement(type, raw, {
          dealIds: deals.get(id) ?? [],
          contactIds: contacts.get(id) ?? [],
          companyIds: companies.get(id) ?? [],
          leadIds: leads.get(id) ?? [],
        });
      });
    },
  };
}
