/** Companies: lifecycle history and custom properties; no links are read from this side. */
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
    async fullShape(signal) {
      const custom = await ctx.customProperties('companies', signal);
      return {
        properties: [...new Set([...COMPANY_PROPERTIES, ...custom])],
        propertiesWithHistory: [...COMPANY_HISTORY_PROPERTIES],
      };
    },
    // Deals, contacts, leads and engagements carry their company links; reading them twice would only cost calls.
    associationTargets: async () => [],
    async map(records, _links, signal) {
      const customProperties = await ctx.customProperties('companies', signal);
      return records.map((raw) => toCrmCompany(raw, { customProperties }));
    },
  };
}
