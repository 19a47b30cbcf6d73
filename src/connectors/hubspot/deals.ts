/** Deals: property histories, custom properties, links to contacts and companies, and the deal mapper. */
import type { CrmDeal } from '../../domain/records';
import type { HubSpotContext } from './context';
import { DEAL_HISTORY_PROPERTIES, DEAL_PROPERTIES, toCrmDeal } from './mappers/deal';
import { identify } from './paging';
import type { ObjectHandler } from './stream';

const TARGETS = ['contacts', 'companies'];

/** The deals handler: histories need batch read after a search (≤ 50 ids), custom properties are discovered once. */
export function dealsHandler(ctx: HubSpotContext): ObjectHandler<CrmDeal> {
  return {
    hubspotType: 'deals',
    modifiedProperty: 'hs_lastmodifieddate',
    walkProperties: async () => ['hs_object_id', 'hs_lastmodifieddate'],
    needsBatchRead: true,
    async fullShape(signal) {
      const custom = await ctx.customProperties('deals', signal);
      return {
        properties: [...new Set([...DEAL_PROPERTIES, ...custom])],
        propertiesWithHistory: [...DEAL_HISTORY_PROPERTIES],
      };
    },
    associationTargets: async () => TARGETS,
    async map(records, links, signal) {
      const stages = await ctx.stageIndex(signal);
      const customProperties = await ctx.customProperties('deals', signal);
      return records.map((raw) => {
        const id = identify(raw, 'hs_lastmodifieddate').id ?? '';
        return toCrmDeal(raw, {
          stages,
          customProperties,
          contactIds: links.get('contacts')?.get(id) ?? [],
          companyIds: links.get('companies')?.get(id) ?? [],
        });
      });
    },
  };
}
