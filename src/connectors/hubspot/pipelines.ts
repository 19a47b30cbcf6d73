/** Deal pipelines and their stages (hubspot-api.md §7). */
import type { CrmPipeline } from '../../domain/records';
import type { HubSpotHttp, HubSpotLog } from './client';
import { toCrmPipeline } from './mappers/pipeline';
import { pipelinesResponseSchema } from './types';

/**
 * Every deal pipeline, archived ones included; a pipeline that fails validation is logged and left out.
 * https://developers.hubspot.com/docs/api/crm/pipelines — `GET /crm/v3/pipelines/deals`
 */
export async function fetchDealPipelines(
  http: HubSpotHttp,
  log?: HubSpotLog,
  signal?: AbortSignal,
): Promise<CrmPipeline[]> {
  const response = await http.request({
    kind: 'burst',
    family: 'pipelines',
    method: 'GET',
    path: '/crm/v3/pipelines/deals',
    schema: pipelinesResponseSchema,
    send: (c) => c.crm.pipelines.pipelinesApi.getAll('deals'),
    signal,
  });
  const pipelines: CrmPipeline[] = [];
  for (const raw of response.results) {
    const result = toCrmPipeline(raw);
    if (result.ok) pipelines.push(result.record);
    else log?.warn({ reason: result.reason }, 'hubspot pipeline skipped');
  }
  return pipelines.sort((a, b) => a.displayOrder - b.displayOrder);
}
