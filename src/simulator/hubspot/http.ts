/**
 * The small HTTP vocabulary shared by the route families: parsed requests, replies, route table entries,
 * query-parameter parsing with HubSpot-style 400s, and the page-size limits.
 */
import { type JsonObject, validationError } from './errors.js';
import type { RateLimiter } from './limits.js';
import type { SearchIndex } from './search-index.js';
import type { Store } from './store.js';

/** A parsed request; `params` holds the route's `:name` segments. */
export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  params: Record<string, string>;
}

/** A handler's answer; the server adds headers and serializes the body. */
export interface SimReply {
  status: number;
  body: unknown;
}

/** Page and batch caps (hubspot-api.md §4-§9); tests may shrink them through `pageSizes`. */
export interface HubSpotPageSizes {
  /** List endpoints: max `limit`. @defaultValue 100 */
  listMax: number;
  /** List endpoints with `propertiesWithHistory`: max `limit`. @defaultValue 50 */
  listHistoryMax: number;
  /** Batch read inputs. @defaultValue 100 */
  batchMax: number;
  /** Batch read inputs with `propertiesWithHistory`. @defaultValue 50 */
  batchHistoryMax: number;
  /** Search `limit`. @defaultValue 200 */
  searchMax: number;
  /** Search results reachable by paging. @defaultValue 10000 */
  searchCap: number;
  /** Associations v4 batch read inputs. @defaultValue 1000 */
  assocBatchInputs: number;
  /** Associations v4 page size per source. @defaultValue 500 */
  assocPage: number;
  /** Owners `limit`. @defaultValue 500 */
  ownersMax: number;
}

export const DEFAULT_PAGE_SIZES: Readonly<HubSpotPageSizes> = {
  listMax: 100,
  listHistoryMax: 50,
  batchMax: 100,
  batchHistoryMax: 50,
  searchMax: 200,
  searchCap: 10_000,
  assocBatchInputs: 1_000,
  assocPage: 500,
  ownersMax: 500,
};

/** What every handler can reach. */
export interface RouteContext {
  store: Store;
  sizes: HubSpotPageSizes;
  limiter: RateLimiter;
  searchIndex: SearchIndex;
  timeScale: number;
}

export type Handler = (req: SimRequest, ctx: RouteContext) => SimReply;

/** A route: `pattern` segments starting with `:` capture; `search` routes use the search bucket. */
export interface Route {
  method: 'GET' | 'POST';
  pattern: string;
  handler: Handler;
  search?: boolean;
}

export const ok = (body: unknown, status = 200): SimReply => ({ status, body });

/** Values of a query parameter sent as repeated keys and/or comma lists (the client repeats keys). */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** An integer query parameter in [min, max]; anything else is a 400 naming the parameter. */
export function intParam(query: URLSearchParams, name: string, fallback: number, max: number, min = 1): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw validationError(`${name} must be an integer between ${min} and ${max}, got ${raw}`, { name, value: raw });
  }
  return n;
}

export function boolParam(query: URLSearchParams, name: string): boolean {
  return query.get(name)?.toLowerCase() === 'true';
}

/** The body as a JSON object, or a 400. */
export function objectBody(req: SimRequest): JsonObject {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    throw validationError('Invalid input JSON: the request body must be a JSON object');
  }
  return req.body as JsonObject;
}

/** An optional array of strings in a body field, or a 400. */
export function stringArray(body: JsonObject, field: string): string[] {
  const v = body[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw validationError(`Invalid input JSON: ${field} must be an array of strings`);
  }
  return v as string[];
}
