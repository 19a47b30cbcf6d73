/** Contacts: modified on `lastmodifieddate`, lifecycle history, custom properties, links to companies. */
import type { CrmContact } from '../../domain/records';
import type { HubSpotContext } from './context';
import { CONTACT_HISTORY_PROPERTIES, CONTACT_PROPERTIES, toCrmContact } from './mappers/contact';
import { identify } from './paging';
import type { ObjectHandler } from './stream';

const TARGETS = ['companies'];

/** The contacts handler. */
export function contactsHandler(ctx: HubSpotContext): ObjectHandler<CrmContact> {
  return {
    hubspotType: 'contacts',
    // Contacts are the one object whose modified property has no `hs_` prefix (hubspot-api.md §5).
    modifiedProperty: 'lastmodifieddate',
    walkProperties: async () => ['hs_object_id', 'lastmodifieddate'],
    needsBatchRead: true,
    async fullShape(signal) {
      const custom = await ctx.customProperties('contacts', signal);
      return {
        properties: [...new Set([...CONTACT_PROPERTIES, ...custom])],
        propertiesWithHistory: [...CONTACT_HISTORY_PROPERTIES],
      };
    },
    associationTargets: async () => TARGETS,
    async map(records, links, signal) {
      const customProperties = await ctx.customProperties('contacts', signal);
      return records.map((raw) => {
        const id = identify(raw, 'lastmodifieddate').id ?? '';
        return toCrmContact(raw, { customProperties, companyIds: links.get('companies')?.get(id) ?? [] });
      });
    },
  };
}
