/**
 * The small HTTP vocabulary shared by the Pipedrive route families: parsed requests, replies, route table
 * entries, the success envelope, and query-parameter parsing with Pipedrive-style 400s.
 */
import { badRequest, validationFailed } from './errors.js';
import type { Store } from './store.js';

/** A parsed request; `params` holds the route's `:name` segments. */
export interface SimRequest {
  method: string;
  /** The canonical path (`/api/v1/...` already folded onto `/v1/...`). */
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
}

/** A handler's answer; the server adds headers and serializes the body. */
export interface SimReply {
  status: number;
  body: unknown;
}

/** Page caps (pipedrive-api.md §2); tests may shrink them through `pageSizes`. */
export interface PipedrivePageSizes {
  /** v2 lists and the v1 changelog: max `limit`. @defaultValue 500 */
  v2Max: number;
  /** v2 default `limit`. @defaultValue 100 */
  v2Default: number;
  /** v1 offset lists: max `limit`. @defaultValue 500 */
  v1Max: number;
  /** v1 default `limit`. @defaultValue 100 */
  v1Default: number;
  /** `/v1/callLogs` max and default `limit`. @defaultValue 50 */
  callLogsMax: number;
}

export const DEFAULT_PAGE_SIZES: Readonly<PipedrivePageSizes> = {
  v2Max: 500,
  v2Default: 100,
  v1Max: 500,
  v1Default: 100,
  callLogsMax: 50,
};

/** What every handler can reach. */
export interface RouteContext {
  store: Store;
  sizes: PipedrivePageSizes;
}

export type Handler = (req: SimRequest, ctx: RouteContext) => SimReply;

/** A route: `pattern` segments starting with `:` capture. v1 routes are written with the `/v1` prefix. */
export interface Route {
  method: 'GET';
  pattern: string;
  handler: Handler;
}

/** The success envelope of both versions. */
export function ok(data: unknown, additionalData?: unknown): SimReply {
  const body: Record<string, unknown> = { success: true, data };
  if (additionalData !== undefined) body.additional_data = additionalData;
  return { status: 200, body };
}

/** Values of a query parameter sent as repeated keys and/or comma lists. */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** An integer query parameter in [min, max], or undefined when absent; anything else is a 400. */
export function optionalInt(query: URLSearchParams, name: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw) || n < min || n > max) {
    throw validationFailed(`"${name}" must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

/** `limit` in [1, max] with a default; above the max is a 400 rather than a silent clamp (tested choice). */
export function limitParam(query: URLSearchParams, fallback: number, max: number): number {
  return optionalInt(query, 'limit', 1, max) ?? fallback;
}

/** `true`/`false`/`1`/`0`, or undefined when absent. */
export function optionalBool(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw validationFailed(`"${name}" must be a boolean, got "${raw}"`);
}

const RFC3339_WHOLE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;
const RFC3339_FRACTION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+(Z|[+-]\d{2}:\d{2})$/;

/**
 * An RFC 3339 instant with whole seconds (`updated_since`, `updated_until` on v2). Fractional seconds are
 * rejected as the live API does (pipedrive-api.md §4, §10): a connector must truncate its watermark.
 */
export function rfc3339Param(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (RFC3339_FRACTION.test(raw)) {
    throw validationFailed(`"${name}" must be an RFC 3339 date-time without fractional seconds, got "${raw}"`);
  }
  const ms = RFC3339_WHOLE.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) throw validationFailed(`"${name}" must be an RFC 3339 date-time, got "${raw}"`);
  return ms;
}

/** An ISO 8601 instant, milliseconds allowed (v1 leads `updated_since`). */
export function isoParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw.includes('T') ? raw : raw.replace(' ', 'T') + 'Z') : NaN;
  if (Number.isNaN(ms)) throw badRequest(`Invalid ${name}: ${raw}`);
  return ms;
}

/** One value of an enumeration, or a 400 naming the allowed values. */
export function enumParam<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[], fallback: T) {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw validationFailed(`"${name}" must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** A comma list whose every value is allowed, or a 400. */
export function enumList<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T[] {
  const values = listParam(query, name);
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v)) {
      throw validationFailed(`"${name}" must be a comma list of ${allowed.join(', ')}, got "${v}"`);
    }
  }
  return values as T[];
}

/** The integer path parameter `:id`, or a 400. */
export function idParam(req: SimRequest): number {
  const raw = req.params.id ?? '';
  if (!/^\d+$/.test(raw)) throw badRequest(`Invalid id: ${raw}`);
  return Number(raw);
}
