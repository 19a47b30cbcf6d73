/**
 * HubSpot error bodies (hubspot-api.md §1-§3). Handlers throw {@link HubSpotHttpError}; the server fills in the
 * request's correlation id, so every error body carries the same `correlationId` as its header.
 */

/** A JSON object body as sent on the wire. */
export type JsonObject = Record<string, unknown>;

/** Thrown by handlers to answer with an error status and a HubSpot-shaped body. */
export class HubSpotHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
    this.name = 'HubSpotHttpError';
  }
}

/** The three 429 policies; the message strings are the ones the official client's retry rule keys on. */
export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

const RATE_MESSAGES: Record<RateLimitPolicy, string> = {
  TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
  SECONDLY: 'You have reached your secondly limit.',
  DAILY: 'You have reached your daily limit.',
};

/** `correlationId` is a placeholder the server replaces with the response's id. */
export function errorBody(message: string, category: string | undefined, extra: JsonObject = {}): JsonObject {
  const body: JsonObject = { status: 'error', message, correlationId: '' };
  if (category !== undefined) body.category = category;
  return Object.assign(body, extra);
}

/** 400 VALIDATION_ERROR; query-parameter problems name the parameter in `errors[].in`/`context`. */
export function validationError(message: string, param?: { name: string; value: string }): HubSpotHttpError {
  const extra: JsonObject = {};
  if (param) {
    extra.subCategory = 'INVALID_PARAMETER';
    extra.errors = [
      { message, in: 'query', subCategory: 'INVALID_PARAMETER', context: { [param.name]: [param.value] } },
    ];
  }
  return new HubSpotHttpError(400, errorBody(message, 'VALIDATION_ERROR', extra));
}

export function notFound(message = 'Object not found.  objectId are usually numeric.'): HubSpotHttpError {
  return new HubSpotHttpError(404, errorBody(message, 'OBJECT_NOT_FOUND'));
}

/**
 * Request lines past this many characters are refused, as HubSpot's edge does (reports at ~8 k and ~16 k,
 * hubspot-api.md §4): listing hundreds of properties in a query string must fail here first.
 */
export const MAX_REQUEST_URI_CHARS = 8_192;

export function uriTooLong(): HubSpotHttpError {
  return new HubSpotHttpError(414, errorBody('Request-URI Too Long', 'VALIDATION_ERROR'));
}

/** 401 for a missing or unknown token; HubSpot adds `X-HubSpot-Auth-Failure` and no rate-limit headers. */
export function unauthorized(): HubSpotHttpError {
  const message =
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';
  return new HubSpotHttpError(401, errorBody(message, 'INVALID_AUTHENTICATION'), {
    'X-HubSpot-Auth-Failure': '401 Unauthorized',
  });
}

/**
 * 429 body: `errorType`/`policyName`, no `category` (as in HubSpot's documented example).
 * @param retryAfterSeconds adds a `Retry-After` header (HubSpot does not document one; faults use both forms)
 */
export function rateLimited(policy: RateLimitPolicy, retryAfterSeconds?: number): HubSpotHttpError {
  const body: JsonObject = {
    status: 'error',
    message: RATE_MESSAGES[policy],
    errorType: 'RATE_LIMIT',
    correlationId: '',
    policyName: policy,
    groupName: policy === 'SECONDLY' ? 'publicapi:crm-search' : 'publicapi:private-app',
  };
  const headers: Record<string, string> = {};
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  return new HubSpotHttpError(429, body, headers);
}

export function serverError(status = 500): HubSpotHttpError {
  return new HubSpotHttpError(status, errorBody('internal error', undefined));
}

/** What a CDN edge answers with when HubSpot's origin fails: HTML, not JSON. */
export function htmlErrorPage(status: number): string {
  return `<!DOCTYPE html>\n<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>\n`;
}
