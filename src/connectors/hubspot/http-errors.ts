/**
 * Reading failures thrown by the official client: `ApiException` (`code`, `body`, `headers`) from generated APIs,
 * `HttpStatusError` from `client.apiRequest`, and plain errors (network, unparsable bodies) with no status.
 */
import type { Client } from '@hubspot/api-client';
import type { z } from 'zod';
import { errorBodySchema } from './types';

export type ErrorBody = z.infer<typeof errorBodySchema>;

/** An HTTP failure of `client.apiRequest`, shaped like the generated APIs' `ApiException` (`code`, `body`, `headers`). */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(
    readonly code: number,
    readonly body: unknown,
    readonly headers: Record<string, string>,
  ) {
    super(`HTTP ${code}`);
  }
}

/**
 * Sends a raw request through `client.apiRequest` (same decorators, none configured) and returns the parsed JSON.
 * Unlike the generated APIs it does not throw on HTTP errors, so this does, in the same shape.
 */
export async function sendApiRequest(client: Client, opts: { method: 'GET' | 'POST'; path: string }): Promise<unknown> {
  const response = await client.apiRequest(opts);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const text = await response.text();
  if (!(headers['content-type'] ?? '').includes('json')) {
    // Like the generated APIs: no JSON content type is not an HTTP answer we can read (a proxy page...).
    throw new Error(`HTTP ${response.status} without a JSON body`);
  }
  const body: unknown = text === '' ? {} : JSON.parse(text);
  if (!response.ok) throw new HttpStatusError(response.status, body, headers);
  return body;
}

/** `ApiException.code` (the HTTP status) when the error carries one. */
export function httpStatusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = (error as { code: unknown }).code;
  return typeof code === 'number' && code >= 100 && code < 600 ? code : null;
}

export function errorBodyOf(error: unknown): ErrorBody {
  if (typeof error !== 'object' || error === null || !('body' in error)) return {};
  let body = (error as { body: unknown }).body;
  if (typeof body === 'string') {
    const text = body;
    try {
      body = JSON.parse(text);
    } catch {
      return { message: text.slice(0, 300) };
    }
  }
  const parsed = errorBodySchema.safeParse(body);
  return parsed.success ? parsed.data : {};
}

export function headersOf(error: unknown): Record<string, string> {
  if (typeof error !== 'object' || error === null || !('headers' in error)) return {};
  const headers = (error as { headers: unknown }).headers;
  if (typeof headers !== 'object' || headers === null) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

export function requiredScopes(body: ErrorBody): string[] {
  const scopes = new Set<string>();
  for (const item of body.errors ?? []) {
    for (const key of ['requiredGranularScopes', 'requiredScopes']) {
      const value = item.context?.[key];
      if (Array.isArray(value)) for (const s of value) if (typeof s === 'string') scopes.add(s);
    }
  }
  return [...scopes];
}

/** `Retry-After` in seconds or as an HTTP date. */
export function parseRetryAfter(value: string | undefined): number | null {
  if (value === undefined) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

export function errorSummary(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
