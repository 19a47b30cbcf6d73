/** Deals: ids from search/list, then batch read with property histories, associations and the deal mapper. */
import type { CrmDeal } from '../../domain/records';
import { readAssociations } from './associations';
import type { HubSpotContext } from './context';
import { DEAL_HISTORY_PROPERTIES, DEAL_PROPERTIES, toCrmDeal } from './mappers/deal';
import { identify } from './paging';
import type { ObjectHandler } from './stream';

/** The deals handler: histories need batch read (≤ 50 ids), custom properties are discovered once. */
export function dealsHandler(ctx: HubSpotContext): ObjectHandler<CrmDeal> {
  return {
    hubspotType: 'deals',
    modifiedProperty: 'hs_lastmodifieddate',
    walkProperties: async () => ['hs_object_id', 'hs_lastmodifieddate'],
    needsBatchRead: true,
    async readByIds(ids, signal) {
      const custom = await ctx.customProperties('deals', signal);
      return ctx.objects.batchRead('deals', ids, {
        properties: [...new Set([...DEAL_PROPERTIES, ...custom])],
        propertiesWithHistory: [...DEAL_HISTORY_PROPERTIES],
        signal,
      });
    },
    async map(records, signal) {
      const stages = await ctx.stageIndex(signal);
      const customProperties = await ctx.customProperties('deals', signal);
      const ids = records.flatMap((r) => identify(r, 'hs_lastmodifieddate').id ?? []);
      const contacts = await readAssociations(ctx.http, 'deals', 'contacts', ids, signal);
      const companies = await readAssociations(ctx.http, 'deals', 'companies', ids, signal);
      return records.map((raw) => {
        const id = identify(raw, 'hs_lastmodifieddate').id ?? '';
        return toCrmDeal(raw, {
          stages,
          customProperties,
          contactIds: contacts.get(id) ?? [],
          companyIds: companies.get(id) ?? [],
        });
      });
    },
  };
}
