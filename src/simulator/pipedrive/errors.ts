/**
 * Pipedrive error bodies (pipedrive-api.md §1-§3): the JSON envelope `{ success: false, error, error_info, data:
 * null, additional_data: null }`, `errorCode` on 401 and 429, and the HTML pages an edge sends (Cloudflare 403
 * after ignored 429s, 5xx faults). Handlers throw {@link PipedriveHttpError}.
 */

/** A JSON object body as sent on the wire. */
export type JsonObject = Record<string, unknown>;

/** The hint Pipedrive puts in `error_info`. */
export const ERROR_INFO = 'Please check developers.pipedrive.com for more information about Pipedrive API.';

/** Thrown by handlers to answer with an error status and a Pipedrive-shaped body. */
export class PipedriveHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(typeof body.error === 'string' ? body.error : `HTTP ${status}`);
    this.name = 'PipedriveHttpError';
  }
}

/** The common error envelope. */
export function errorEnvelope(error: string, extra: JsonObject = {}): JsonObject {
  return { success: false, error, error_info: ERROR_INFO, data: null, additional_data: null, ...extra };
}

/** 400; v2 validation failures name `ERR_SCHEMA_VALIDATION_FAILED` as the live API does (third-party reports). */
export function badRequest(message: string): PipedriveHttpError {
  return new PipedriveHttpError(400, errorEnvelope(message));
}

export function validationFailed(message: string): PipedriveHttpError {
  return badRequest(`ERR_SCHEMA_VALIDATION_FAILED: ${message}`);
}

export function notFound(what = 'Resource'): PipedriveHttpError {
  return new PipedriveHttpError(404, errorEnvelope(`${what} not found`));
}

/** The v1 spec's 401 example, exactly (pipedrive-api.md §1). */
export function unauthorized(): PipedriveHttpError {
  return new PipedriveHttpError(401, { success: false, error: 'unauthorized access', errorCode: 401 });
}

/** The 429 message (its text is unverified: pipedrive-api.md §3.3). */
export const RATE_LIMIT_MESSAGE = 'Request over limit';

/** 429 for the burst window, the daily budget and injected faults alike: Pipedrive documents no difference. */
export function rateLimited(retryAfterSeconds?: number | string): PipedriveHttpError {
  const headers: Record<string, string> = {};
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  return new PipedriveHttpError(429, errorEnvelope(RATE_LIMIT_MESSAGE, { errorCode: 429 }), headers);
}

export function serverError(status = 500): PipedriveHttpError {
  return new PipedriveHttpError(status, errorEnvelope('An internal server error occurred'));
}

/** The Cloudflare page an api_token integration gets after ignoring 429s (pipedrive-api.md §3.3): HTML, not JSON. */
export function cloudflareBlockPage(): string {
  return '<!DOCTYPE html>\n<html><head><title>Attention Required! | Cloudflare</title></head><body><h1>Sorry, you have been blocked</h1><p>You are unable to access pipedrive.com</p></body></html>\n';
}

/** What an edge answers when the origin fails: HTML, not JSON. */
export function htmlErrorPage(status: number): string {
  return `<!DOCTYPE html>\n<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>\n`;
}
