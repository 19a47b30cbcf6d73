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

type SearchRequest = Parameters<Client['crm']['objects']['searchApi']['doSearch']>[1];
type BatchReadRequest = Parameters<Client['crm']['objects']['batchApi']['read']>[1];

/** Batch read caps (hubspot-api.md §6): 100 inputs, 50 when histories are requested. */
const BATCH_READ_MAX = 100;
const BATCH_READ_HISTORY_MAX = 50;

export interface ListOptions {
  after?: string | undefined;
  limit: number;
  /** Kept short (a handful of names): long lists in a query string end in 414 (hubspot-api.md §4). */
  properties: string[];
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
        c.crm.objects.basicApi.getPage(type, o.limit, o.after, o.properties, undefined, undefined, o.archived ?? false),
      signal: o.signal,
    });
  }

  /**
   * https://developers.hubspot.com/docs/guides/crm/using-object-apis — `POST /crm/v3/objects/{type}/batch/read`.
   * Properties go in the POST body, so hundreds of custom properties never make a 414. Missing ids (207) are
   * left out; results come back unordered.
   */
  async batchRead(type: string, ids: string[], o: BatchReadOptions): Promise<unknown[]> {
    const size = o.propertiesWithHistory.length > 0 ? BATCH_READ_HISTORY_MAX : BATCH_READ_MAX;
    const out: unknown[] = [];
    for (let i = 0; i < ids.length; i += size) {
      const body = {
        inputs: ids.slice(i, i + size).map((id) => ({ id })),
        properties: o.properties,
        propertiesWithHistory: o.propertiesWithHistory,
      };
      const response = await this.http.request({
        kind: 'burst',
        family: 'batch-read',
        method: 'POST',
        path: `/crm/v3/objects/${type}/batch/read`,
        schema: batchResponseSchema,
        send: (c) => c.crm.objects.batchApi.read(type, body as BatchReadRequest, false),
        signal: o.signal,
      });
      out.push(...response.results);
    }
    return out;
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
