/** Contacts: ids from search/list (on `lastmodifieddate`), batch read with lifecycle history, companies. */
import type { CrmContact } from '../../domain/records';
import { readAssociations } from './associations';
import type { HubSpotContext } from './context';
import { CONTACT_HISTORY_PROPERTIES, CONTACT_PROPERTIES, toCrmContact } from './mappers/contact';
import { identify } from './paging';
import type { ObjectHandler } from './stream';

/** The contacts handler. */
export function contactsHandler(ctx: HubSpotContext): ObjectHandler<CrmContact> {
  return {
    hubspotType: 'contacts',
    // Contacts are the one object whose modified property has no `hs_` prefix (hubspot-api.md §5).
    modifiedProperty: 'lastmodifieddate',
    walkProperties: async () => ['hs_object_id', 'lastmodifieddate'],
    needsBatchRead: true,
    async readByIds(ids, signal) {
      const custom = await ctx.customProperties('contacts', signal);
      return ctx.objects.batchRead('contacts', ids, {
        properties: [...new Set([...CONTACT_PROPERTIES, ...custom])],
        propertiesWithHistory: [...CONTACT_HISTORY_PROPERTIES],
        signal,
      });
    },
    async map(records, signal) {
      const customProperties = await ctx.customProperties('contacts', signal);
      const ids = records.flatMap((r) => identify(r, 'lastmodifieddate').id ?? []);
      const companies = await readAssociations(ctx.http, 'contacts', 'companies', ids, signal);
      return records.map((raw) => {
        const id = identify(raw, 'lastmodifieddate').id ?? '';
        return toCrmContact(raw, { customProperties, companyIds: companies.get(id) ?? [] });
      });
    },
  };
}
