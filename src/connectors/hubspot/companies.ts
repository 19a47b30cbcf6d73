/** Companies: ids from search/list, then batch read with lifecycle history. */
import type { CrmCompany } from '../../domain/records';
import type { HubSpotContext } from './context';
import { COMPANY_HISTORY_PROPERTIES, COMPANY_PROPERTIES, toCrmCompany } from './mappers/company';
import type { ObjectHandler } from './stream';

/** The companies handler. */
export function companiesHandler(ctx: HubSpotContext): ObjectHandler<CrmCompany> {
  return {
    hubspotType: 'companies',
    modifiedProperty: 'hs_lastmodifieddate',
    walkProperties: async () => ['hs_object_id', 'hs_lastmodifieddate'],
    needsBatchRead: true,
    async readByIds(ids, signal) {
      const custom = await ctx.customProperties('companies', signal);
      return ctx.objects.batchRead('companies', ids, {
        properties: [...new Set([...COMPANY_PROPERTIES, ...custom])],
        propertiesWithHistory: [...COMPANY_HISTORY_PROPERTIES],
        signal,
      });
    },
    async map(records, signal) {
      const customProperties = await ctx.customProperties('companies', signal);
      return records.map((raw) => toCrmCompany(raw, { customProperties }));
    },
  };
}
