/**
 * The list endpoints every stream reads, as data (path, paging style, page size, sort and `updated_since`
 * spelling), and the one function that calls them. Page size is always the maximum: a call costs the same tokens
 * whatever its `limit` (pipedrive-api.md §3.1).
 */
import type { PipedriveHttp } from './client';
import { type PagingStyle, paginate, type Query } from './paging';
import { type ListEnvelope, listEnvelopeSchema } from './types';

export interface ListEndpoint {
  path: string;
  /** Family for `stats().callsByKind`. */
  family: string;
  style: PagingStyle;
  limit: number;
  /** Sorting (ascending update time, so watermarks advance page by page) and `include_fields`. */
  query: Query;
  /** The `updated_since` parameter for a whole second, or null for lists without one. */
  since: ((sec: number) => Query) | null;
  /** Provider documentation of the call. */
  doc: string;
}

/** RFC 3339 in whole seconds: `updated_since` answers 400 to fractional seconds (§4, §10). */
export function rfc3339Seconds(sec: number): string {
  return new Date(sec * 1_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const v2Since = (sec: number): Query => ({ updated_since: rfc3339Seconds(sec) });
const V2_SORT: Query = { sort_by: 'update_time', sort_direction: 'asc' };
const DEAL_FIELDS: Query = { include_fields: 'first_won_time,source_lead_id' };

/** The list endpoints (§4, §6). v1 leads and notes sort with `sort=update_time ASC` and take ISO `updated_since`. */
export const ENDPOINTS = {
  deals: {
    path: '/api/v2/deals',
    family: 'deals',
    style: 'cursor',
    limit: 500,
    query: { ...V2_SORT, ...DEAL_FIELDS },
    since: v2Since,
    doc: 'https://developers.pipedrive.com/docs/api/v1/Deals#getDeals',
  },
  deletedDeals: {
    path: '/api/v2/deals',
    family: 'deals-deleted',
    style: 'cursor',
    limit: 500,
    query: { ...V2_SORT, status: 'deleted' },
    since: v2Since,
    doc: 'https://developers.pipedrive.com/docs/api/v1/Deals#getDeals',
  },
  archivedDeals: {
    path: '/api/v2/deals/archived',
    family: 'deals-archived',
    style: 'cursor',
    limit: 500,
    query: { ...V2_SORT, ...DEAL_FIELDS },
    since: v2Since,
    doc: 'https://developers.pipedrive.com/docs/api/v1/Deals#getArchivedDeals',
  },
  persons: {
    path: '/api/v2/persons',
    family: 'persons',
    style: 'cursor',
    limit: 500,
    query: V2_SORT,
    since: v2Since,
    doc: 'https://developers.pipedrive.com/docs/api/v1/Persons#getPersons',
  },
  organizations: {
    path: '/api/v2/organizations',
    family: 'organizations',
    style: 'cursor',
    limit: 500,
    query: V2_SORT,
    since: v2Since,
    doc: 'https://developers.pipedrive.com/docs/api/v1/Organizations#getOrganizations',
  },
  activities: {
    path: '/api/v2/activities',
    family: 'activities',
    style: 'cursor',
    limit: 500,
    query: V2_SORT,
    since: v2Since,
    doc: 'https://developers.pipedrive.com/docs/api/v1/Activities#getActivities',
  },
  leads: {
    path: '/v1/leads',
    family: 'leads',
    style: 'offset',
    limit: 500,
    query: { sort: 'update_time ASC' },
    since: v2Since,
    doc: 'https://developers.pipedrive.com/docs/api/v1/Leads#getLeads',
  },
  archivedLeads: {
    path: '/v1/leads/archived',
    family: 'leads-archived',
    style: 'offset',
    limit: 500,
    query: { sort: 'update_time ASC' },
    since: v2Since,
    doc: 'https://developers.pipedrive.com/docs/api/v1/Leads#getArchivedLeads',
  },
  notes: {
    path: '/v1/notes',
    family: 'notes',
    style: 'offset',
    limit: 500,
    query: { sort: 'update_time ASC' },
    since: v2Since,
    doc: 'https://developers.pipedrive.com/docs/api/v1/Notes#getNotes',
  },
  callLogs: {
    path: '/v1/callLogs',
    family: 'call-logs',
    style: 'offset',
    // Call logs page by 50 at most (§2).
    limit: 50,
    query: {},
    since: null,
    doc: 'https://developers.pipedrive.com/docs/api/v1/CallLogs#getUserCallLogs',
  },
  pipelines: {
    path: '/api/v2/pipelines',
    family: 'pipelines',
    style: 'cursor',
    limit: 500,
    query: {},
    since: null,
    doc: 'https://developers.pipedrive.com/docs/api/v1/Pipelines#getPipelines',
  },
  stages: {
    path: '/api/v2/stages',
    family: 'stages',
    style: 'cursor',
    limit: 500,
    query: {},
    since: null,
    doc: 'https://developers.pipedrive.com/docs/api/v1/Stages#getStages',
  },
  dealFields: {
    path: '/api/v2/dealFields',
    family: 'fields',
    style: 'cursor',
    limit: 500,
    query: {},
    since: null,
    doc: 'https://developers.pipedrive.com/docs/api/v1/DealFields#getDealFields',
  },
  organizationFields: {
    path: '/api/v2/organizationFields',
    family: 'fields',
    style: 'cursor',
    limit: 500,
    query: {},
    since: null,
    doc: 'https://developers.pipedrive.com/docs/api/v1/OrganizationFields#getOrganizationFields',
  },
} as const satisfies Record<string, ListEndpoint>;

/** One page of a list endpoint: its base query, the paging parameters and (optionally) `updated_since`. */
export function listPage(
  http: PipedriveHttp,
  endpoint: ListEndpoint,
  paging: Query,
  since: number | null,
  extra: Query = {},
  signal?: AbortSignal,
): Promise<ListEnvelope> {
  const sinceQuery = since !== null && endpoint.since !== null ? endpoint.since(since) : {};
  return http.get({
    family: endpoint.family,
    path: endpoint.path,
    query: { ...endpoint.query, ...extra, ...sinceQuery, limit: endpoint.limit, ...paging },
    schema: listEnvelopeSchema,
    signal,
  });
}

/** Every record of a list endpoint (no `updated_since`), in pages. */
export function listAll(
  http: PipedriveHttp,
  endpoint: ListEndpoint,
  extra: Query = {},
  signal?: AbortSignal,
): AsyncGenerator<unknown[]> {
  return paginate({
    style: endpoint.style,
    list: (paging) => listPage(http, endpoint, paging, null, extra, signal),
    signal,
  });
}

/** Collects `listAll` into one array (small catalog lists). */
export async function collectAll(
  http: PipedriveHttp,
  endpoint: ListEndpoint,
  extra: Query = {},
  signal?: AbortSignal,
): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const page of listAll(http, endpoint, extra, signal)) out.push(...page);
  return out;
}
