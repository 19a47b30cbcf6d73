/**
 * The one place that talks HTTP to HubSpot: wraps the official `@hubspot/api-client` and adds our own limiter,
 * retry and error classification (hubspot-api.md §0–§3).
 *
 * The official client's retry and limiter decorators live in a process-wide singleton that every `new Client()`
 * overwrites, so we never pass `numberOfApiCallRetries` or `limiterOptions`: with neither set the client sends each
 * call exactly once and every attempt below is one real HTTP request.
 */
import { Client } from '@hubspot/api-client';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { CrmAuthError, CrmRateLimitError, CrmResponseError, describeHttpFailure } from '../../lib/errors';
import type { ConnectorStats } from '../types';
import {
  type ErrorBody,
  errorBodyOf,
  errorSummary,
  headersOf,
  httpStatusOf,
  parseRetryAfter,
  requiredScopes,
} from './http-errors';
import type { RateLimiter, RequestKind, Sleep } from './limiter';

/** The logger subset we use; a pino logger fits. */
export interface HubSpotLog {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface RetryPolicy {
  /** Attempts for 5xx and network failures, the first one included. @defaultValue 5 */
  maxAttempts: number;
  /** 429 waits before giving up with `CrmRateLimitError`. @defaultValue 8 */
  maxRateLimitWaits: number;
  /** First backoff for 5xx / network failures; doubles per attempt, plus up to 50 % jitter. @defaultValue 500 */
  baseBackoffMs: number;
  /** A request that has not answered by then counts as a dropped connection. @defaultValue 60_000 */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  maxRateLimitWaits: 8,
  baseBackoffMs: 500,
  requestTimeoutMs: 60_000,
};

export interface HubSpotHttpOptions {
  baseUrl: string;
  token: string;
  /** Where the token came from (an env var name), named in auth errors instead of the token. */
  tokenSource?: string;
  limiter: RateLimiter;
  sleep: Sleep;
  clock: () => number;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  log?: HubSpotLog;
  /** The account's time zone, once known: the daily limit resets at its midnight. */
  timeZone?: () => string | null;
}

/** One endpoint call: `send` issues exactly one HTTP request through the official client. */
export interface RequestSpec<T> {
  kind: RequestKind;
  /** Endpoint family for `stats().callsByKind` (`search`, `list`, `batch-read`, `associations`...). */
  family: string;
  method: 'GET' | 'POST';
  /** Path without query string, for error messages. */
  path: string;
  schema: z.ZodType<T>;
  send: (client: Client) => Promise<unknown>;
  signal?: AbortSignal | undefined;
}

type Verdict = { action: 'retry'; delayMs: number; rateLimited: boolean } | { action: 'throw'; error: Error };

/** Wraps the official client with limiter, retries and the project's error vocabulary. */
export class HubSpotHttp {
  private readonly client: Client;
  private readonly retry: RetryPolicy;
  private readonly counters: ConnectorStats = { apiCalls: 0, retries: 0, rateLimited: 0, callsByKind: {} };

  constructor(private readonly options: HubSpotHttpOptions) {
    this.client = new Client({ accessToken: options.token, basePath: options.baseUrl.replace(/\/+$/, '') });
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  /** Sends the request (retrying as hubspot-api.md §3 says) and validates the JSON answer against `schema`. */
  async request<T>(spec: RequestSpec<T>): Promise<T> {
    let failures = 0;
    let rateLimitWaits = 0;
    for (;;) {
      spec.signal?.throwIfAborted();
      const release = await this.options.limiter.acquire(spec.kind, spec.signal);
      this.count(spec.family);
      let raw: unknown;
      try {
        const sent = spec.send(this.client);
        // The slot is held until the answer is back, even past our timeout (the request may still arrive).
        sent.then(release, release);
        raw = await this.withTimeout(sent);
      } catch (error) {
        spec.signal?.throwIfAborted();
        const verdict = this.classify(error, spec, failures + 1, rateLimitWaits + 1);
        if (verdict.action === 'throw') throw verdict.error;
        if (verdict.rateLimited) {
          rateLimitWaits += 1;
          this.counters.rateLimited += 1;
        } else {
          failures += 1;
        }
        this.counters.retries += 1;
        this.options.log?.warn(
          { endpoint: `${spec.method} ${spec.path}`, delayMs: verdict.delayMs, reason: errorSummary(error) },
          'hubspot request failed, retrying',
        );
        await this.options.sleep(verdict.delayMs, spec.signal);
        continue;
      }
      return this.validate(raw, spec);
    }
  }

  /** Requests actually sent, retries included. */
  stats(): ConnectorStats {
    return { ...this.counters, callsByKind: { ...this.counters.callsByKind } };
  }

  private count(family: string): void {
    this.counters.apiCalls += 1;
    this.counters.callsByKind[family] = (this.counters.callsByKind[family] ?? 0) + 1;
  }

  private validate<T>(raw: unknown, spec: RequestSpec<T>): T {
    // The client hands back class instances with `Date` fields; JSON round-tripping restores the wire format.
    const wire: unknown = raw === undefined ? undefined : JSON.parse(JSON.stringify(raw));
    const parsed = spec.schema.safeParse(wire);
    if (parsed.success) return parsed.data;
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new CrmResponseError(
      describeHttpFailure('hubspot', spec.method, spec.path, 200, `unexpected response shape: ${detail}`),
      200,
      spec.path,
      false,
    );
  }

  private async withTimeout<T>(promise: Promise<T>): Promise<T> {
    // The official client takes no abort signal: a hung request is abandoned (it may still finish in the
    // background) and retried like a dropped connection.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.retry.requestTimeoutMs} ms`)),
        this.retry.requestTimeoutMs,
      );
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private classify(error: unknown, spec: RequestSpec<unknown>, attempt: number, rateLimitWait: number): Verdict {
    const endpoint = `${spec.method} ${spec.path}`;
    const status = httpStatusOf(error);
    if (status === null) {
      // No HTTP status: dropped connection, timeout, a body without Content-Type or not JSON (hubspot-api.md §0).
      return this.transient(attempt, null, spec, errorSummary(error), error);
    }
    const body = errorBodyOf(error);
    const message = body.message ?? `HTTP ${status}`;
    const described = describeHttpFailure('hubspot', spec.method, spec.path, status, message);
    if (status === 401) {
      return {
        action: 'throw',
        error: new CrmAuthError(`HubSpot rejected the token in ${this.tokenSource()}: ${described}`, status, endpoint, {
          cause: error,
        }),
      };
    }
    if (status === 403) {
      const scopes = requiredScopes(body);
      const needs = scopes.length > 0 ? ` (needs one of: ${scopes.join(', ')})` : '';
      return {
        action: 'throw',
        error: new CrmAuthError(
          `HubSpot token in ${this.tokenSource()} is not allowed${needs}: ${described}`,
          status,
          endpoint,
          {
            cause: error,
          },
        ),
      };
    }
    if (status === 429) return this.rateLimited(error, body, spec, described, rateLimitWait);
    if (status >= 500) return this.transient(attempt, status, spec, message, error);
    return {
      action: 'throw',
      error: new CrmResponseError(described, status, endpoint, false, { cause: error }),
    };
  }

  private rateLimited(
    error: unknown,
    body: ErrorBody,
    spec: RequestSpec<unknown>,
    described: string,
    wait: number,
  ): Verdict {
    const endpoint = `${spec.method} ${spec.path}`;
    const headers = headersOf(error);
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    if (body.policyName === 'DAILY') {
      return {
        action: 'throw',
        error: new CrmRateLimitError(described, this.msUntilDailyReset(), endpoint, true, { cause: error }),
      };
    }
    let delayMs: number;
    if (body.policyName === 'TEN_SECONDLY_ROLLING') {
      // The whole rolling window, as HubSpot announces it (hubspot-api.md §3 headers); 10 s when absent.
      const interval = Number(headers['x-hubspot-ratelimit-interval-milliseconds']);
      delayMs = Math.max(retryAfterMs ?? 0, Number.isFinite(interval) && interval > 0 ? interval : 10_000);
    } else if (body.policyName === 'SECONDLY' || /secondly limit/i.test(body.message ?? '')) {
      delayMs = Math.max(retryAfterMs ?? 0, 1_000);
    } else {
      delayMs = retryAfterMs ?? 1_000 * wait;
    }
    if (wait > this.retry.maxRateLimitWaits) {
      return {
        action: 'throw',
        error: new CrmRateLimitError(described, delayMs, endpoint, false, { cause: error }),
      };
    }
    return { action: 'retry', delayMs, rateLimited: true };
  }

  private transient(
    attempt: number,
    status: number | null,
    spec: RequestSpec<unknown>,
    message: string,
    error: unknown,
  ): Verdict {
    if (attempt >= this.retry.maxAttempts) {
      const described = describeHttpFailure('hubspot', spec.method, spec.path, status, message);
      return {
        action: 'throw',
        error: new CrmResponseError(
          `${described} (after ${attempt} attempts)`,
          status,
          `${spec.method} ${spec.path}`,
          true,
          {
            cause: error,
          },
        ),
      };
    }
    const random = this.options.random ?? Math.random;
    const base = this.retry.baseBackoffMs * 2 ** (attempt - 1);
    return { action: 'retry', delayMs: Math.round(base * (1 + random() / 2)), rateLimited: false };
  }

  private msUntilDailyReset(): number {
    const zone = this.options.timeZone?.() ?? 'UTC';
    const now = DateTime.fromMillis(this.options.clock(), { zone });
    const midnight = (now.isValid ? now : DateTime.fromMillis(this.options.clock(), { zone: 'UTC' }))
      .plus({ days: 1 })
      .startOf('day');
    return Math.max(1_000, midnight.toMillis() - this.options.clock());
  }

  private tokenSource(): string {
    return this.options.tokenSource ?? 'the configured HubSpot token';
  }
}
