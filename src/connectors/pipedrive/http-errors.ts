/**
 * Reading Pipedrive answers that went wrong: the JSON error envelope (pipedrive-api.md §2), the rate-limit
 * headers (§3.2) and the HTML page Cloudflare serves when 429s were ignored (§1).
 */
import { type ErrorBody, errorBodySchema } from './types';

/** Lower-cased string headers of an axios answer. */
export function headersOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  const source =
    'toJSON' in raw && typeof raw.toJSON === 'function' ? (raw.toJSON as () => unknown).call(raw) : (raw as object);
  for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
    if (typeof v === 'string') out[k.toLowerCase()] = v;
    else if (typeof v === 'number') out[k.toLowerCase()] = String(v);
  }
  return out;
}

/** The error envelope, or the start of a non-JSON body as the message. */
export function errorBodyOf(data: unknown): ErrorBody {
  if (typeof data === 'string') {
    try {
      return errorBodyOf(JSON.parse(data));
    } catch {
      return { error: isHtml(data) ? 'HTML page instead of JSON' : data.slice(0, 200) };
    }
  }
  const parsed = errorBodySchema.safeParse(data);
  return parsed.success ? parsed.data : {};
}

/** The provider's message: `error`, plus the `code` of plan-limit answers. */
export function errorMessageOf(body: ErrorBody, status: number): string {
  const message = body.error ?? `HTTP ${status}`;
  return body.code ? `${message} (${body.code})` : message;
}

export function isHtml(data: unknown): boolean {
  return typeof data === 'string' && /^\s*<(!doctype|html)/i.test(data);
}

/** `Retry-After` in seconds or as an HTTP date, in ms. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** `x-ratelimit-reset`: time left in the burst window, in seconds (§3.2, unit inferred). */
export function parseWindowReset(value: string | undefined): number | null {
  if (value === undefined) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1_000 : null;
}

/** A short description of a thrown value, never a request config (which holds the token header). */
export function errorSummary(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const line = code !== null && code !== 'undefined' ? `${code} ${text}` : text;
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
