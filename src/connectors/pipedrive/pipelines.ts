/** Pipelines and their stages (pipedrive-api.md §4), plus the field option labels the mappers need. */
import type { CrmPipeline } from '../../domain/records';
import type { PipedriveHttp, PipedriveLog } from './client';
import type { OptionLabels } from './mappers/common';
import { toCrmPipelines } from './mappers/pipeline';
import { collectAll, ENDPOINTS, type ListEndpoint } from './objects';
import { fieldSchema } from './types';

/**
 * Every pipeline with its stages; a payload that fails validation is logged and left out.
 * https://developers.pipedrive.com/docs/api/v1/Pipelines#getPipelines — `GET /api/v2/pipelines` (5 tokens)
 * https://developers.pipedrive.com/docs/api/v1/Stages#getStages — `GET /api/v2/stages` (5 tokens)
 */
export async function fetchPipelines(
  http: PipedriveHttp,
  log?: PipedriveLog,
  signal?: AbortSignal,
): Promise<CrmPipeline[]> {
  const rawPipelines = await collectAll(http, ENDPOINTS.pipelines, {}, signal);
  const rawStages = await collectAll(http, ENDPOINTS.stages, {}, signal);
  const pipelines: CrmPipeline[] = [];
  for (const result of toCrmPipelines(rawPipelines, rawStages)) {
    if (result.ok) pipelines.push(result.record);
    else log?.warn({ reason: result.reason }, 'pipedrive pipeline or stage skipped');
  }
  return pipelines.sort((a, b) => a.displayOrder - b.displayOrder || Number(a.externalId) - Number(b.externalId));
}

/**
 * Option id -> label of one field (`channel` of deals, `industry` of organizations).
 * https://developers.pipedrive.com/docs/api/v1/DealFields#getDealFields — `GET /api/v2/dealFields` (10 tokens)
 * https://developers.pipedrive.com/docs/api/v1/OrganizationFields#getOrganizationFields — `GET /api/v2/organizationFields`
 */
export async function fetchOptionLabels(
  http: PipedriveHttp,
  endpoint: ListEndpoint,
  fieldCode: string,
  signal?: AbortSignal,
): Promise<OptionLabels> {
  const labels = new Map<string, string>();
  for (const raw of await collectAll(http, endpoint, {}, signal)) {
    const parsed = fieldSchema.safeParse(raw);
    if (!parsed.success || parsed.data.field_code !== fieldCode) continue;
    for (const option of parsed.data.options ?? []) labels.set(String(option.id), option.label);
  }
  return labels;
}

export const CHANNEL_FIELD = { endpoint: ENDPOINTS.dealFields, code: 'channel' } as const;
export const INDUSTRY_FIELD = { endpoint: ENDPOINTS.organizationFields, code: 'industry' } as const;
