/**
 * Organizations: the v2 list, ascending by update time from the watermark. Customer-since is left to the KPI
 * engine (deals' first win), as Pipedrive has none.
 * https://developers.pipedrive.com/docs/api/v1/Organizations#getOrganizations — `GET /api/v2/organizations` (10)
 */
import type { CrmCompany } from '../../domain/records';
import type { PipedriveContext } from './context';
import { toCrmCompany } from './mappers/company';
import { ENDPOINTS } from './objects';
import type { ObjectHandler } from './stream';

/** The companies (organizations) handler. */
export function companiesHandler(ctx: PipedriveContext): ObjectHandler<CrmCompany> {
  return {
    phases: [{ name: 'live', endpoint: ENDPOINTS.organizations }],
    async map(raws, _phase, _state, signal) {
      const industries = raws.length > 0 ? await ctx.industries(signal) : new Map<string, string>();
      return { results: raws.map((raw) => ({ result: toCrmCompany(raw, { industries }), raw })) };
    },
  };
}
