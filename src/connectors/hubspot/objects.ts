/**
 * Generic CRM object endpoints (list, search, batch read, property definitions), shared by every object type.
 */
import type { Client } from '@hubspot/api-client';
import type { HubSpotHttp } from './client';
import {
  batchResponseSchema,
  type ListResponse,
  listResponseSchema,
  propertiesResponseSchema,
  type SearchBody,
  type SearchResponse,
  searchResponseSchema,
} from './types';

/** The client's optional array parameters: leave them out rather than send an empty list. */
const nonEmpty = (values: string[] | undefined): string[] | undefined =>
  values !== undefined && values.length > 0 ? values : undefined;

type SearchRequest = Parameters<Client['crm']['objects']['searchApi']['doSearch']>[1];
type BatchReadRequest = Parameters<Client['crm']['objects']['batchApi']['read']>[1];

/** Batch read caps (hubspot-api.md §6): 100 inputs, 50 when histories are requested. */
const BATCH_READ_MAX = 100;
const BATCH_READ_HISTORY_MAX = 50;

export interface ListOptions {
  after?: string | undefined;
  limit: number;
  /** In the query string: check `listQueryLength` first, long lists end in 414 (hubspot-api.md §4). */
  properties: string[];
  /** Histories cap the page at 50 (hubspot-api.md §4). */
  propertiesWithHistory?: string[] | undefined;
  /** Object types whose links are embedded (first page of links only, hubspot-api.md §4, §9). */
  associations?: string[] | undefined;
  archived?: boolean;
  signal?: AbortSignal | undefined;
}

export interface BatchReadOptions {
  properties: string[];
  propertiesWithHistory: string[];
  signal?: AbortSignal | undefined;
}

/** Generic object calls over one `HubSpotHttp`. */
export class ObjectsApi {
  constructor(private readonly http: HubSpotHttp) {}

  /** https://developers.hubspot.com/docs/api-reference/search/guide — `POST /crm/v3/objects/{type}/search` */
  search(type: string, body: SearchBody, signal?: AbortSignal): Promise<SearchResponse> {
    return this.http.request({
      kind: 'search',
      family: 'search',
      method: 'POST',
      path: `/crm/v3/objects/${type}/search`,
      schema: searchResponseSchema,
      // `sorts` are typed string[] by the client but must be objects on the wire (hubspot-api.md §5).
      send: (c) => c.crm.objects.searchApi.doSearch(type, body as unknown as SearchRequest),
      signal,
    });
  }

  /** https://developers.hubspot.com/docs/guides/crm/using-object-apis — `GET /crm/v3/objects/{type}` */
  list(type: string, o: ListOptions): Promise<ListResponse> {
    return this.http.request({
      kind: 'burst',
      family: o.archived ? 'list-archived' : 'list',
      method: 'GET',
      path: `/crm/v3/objects/${type}`,
      schema: listResponseSchema,
      send: (c) =>
        c.crm.objects.basicApi.getPage(
          type,
          o.limit,
          o.after,
          o.properties,
          nonEmpty(o.propertiesWithHistory),
          nonEmpty(o.associations),
          o.archived ?? false,
        ),
      signal: o.signal,
    });
  }

  /**
   * Length of a listing's path and query string as the client sends it (arrays as repeated keys, hubspot-api.md
   * §0), without the base URL and `after`: callers keep it well under the ~8 KB that answers 414.
   */
  listQueryLength(type: string, o: Omit<ListOptions, 'after' | 'signal'>): number {
    const param = (key: string, values: readonly string[] | undefined) =>
      (values ?? []).reduce((n, v) => n + key.length + 2 + encodeURIComponent(v).length, 0);
    return (
      `/crm/v3/objects/${type}?limit=${o.limit}&archived=false`.length +
      param('properties', o.properties) +
      param('propertiesWithHistory', o.propertiesWithHistory) +
      param('associations', o.associations)
    );
  }

  /**
   * https://developers.hubspot.com/docs/guides/crm/using-object-apis — `POST /crm/v3/objects/{type}/batch/read`.
   * Properties go in the POST body, so hundreds of custom properties never make a 414. Missing ids (207) are
   * left out; results come back unordered.
   */
  async batchRead(type: string, ids: string[], o: BatchReadOptions): Promise<unknown[]> {
    const size = o.propertiesWithHistory.length > 0 ? BATCH_READ_HISTORY_MAX : BATCH_READ_MAX;
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
    // Chunks go out side by side: the limiter, not one round trip at a time, sets the pace.
    const responses = await Promise.all(
      chunks.map((chunk) => {
        const body = {
          inputs: chunk.map((id) => ({ id })),
          properties: o.properties,
          propertiesWithHistory: o.propertiesWithHistory,
        };
        return this.http.request({
          kind: 'burst',
          family: 'batch-read',
          method: 'POST',
          path: `/crm/v3/objects/${type}/batch/read`,
          schema: batchResponseSchema,
          send: (c) => c.crm.objects.batchApi.read(type, body as BatchReadRequest, false),
          signal: o.signal,
        });
      }),
    );
    return responses.flatMap((r) => r.results);
  }

  /**
   * The CRM's own count: a filter-free search with limit 1 answers `total`.
   * https://developers.hubspot.com/docs/api-reference/search/guide
   */
  async count(type: string, signal?: AbortSignal): Promise<number> {
    const body: SearchBody = { filterGroups: [], sorts: [], properties: ['hs_object_id'], limit: 1 };
    return (await this.search(type, body, signal)).total;
  }

  /**
   * Names of the account's own (not HubSpot-defined) properties of a type.
   * https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide — `GET /crm/v3/properties/{type}`
   */
  async customProperties(type: string, signal?: AbortSignal): Promise<string[]> {
    const response = await this.http.request({
      kind: 'burst',
      family: 'properties',
      method: 'GET',
      path: `/crm/v3/properties/${type}`,
      schema: propertiesResponseSchema,
      send: (c) => c.crm.properties.coreApi.getAll(type, false),
      signal,
    });
    return response.results.filter((p) => p.hubspotDefined !== true && p.archived !== true).map((p) => p.name);
  }

  /** All property names of a type matching `pattern` (e.g. lead stage-entered dates, which we must not build). */
  async propertyNames(type: string, pattern: RegExp, signal?: AbortSignal): Promise<string[]> {
    const response = await this.http.request({
      kind: 'burst',
      family: 'properties',
      method: 'GET',
      path: `/crm/v3/properties/${type}`,
      schema: propertiesResponseSchema,
      send: (c) => c.crm.properties.coreApi.getAll(type, false),
      signal,
    });
    return response.results.map((p) => p.name).filter((name) => pattern.test(name));
  }
}
