/**
 * The one place that talks HTTP to Pipedrive: axios with the `x-api-token` header, our own retries, the token
 * governor and the project's error vocabulary (pipedrive-api.md §1–§3). The official `pipedrive` client hides the
 * rate-limit headers and has no 429 handling (§10), hence axios.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import { CrmAuthError, CrmRateLimitError, CrmResponseError, describeHttpFailure } from '../../lib/errors';
import type { ConnectorStats } from '../types';
import { type TokenGovernor, tokenCost } from './governor';
import {
  errorBodyOf,
  errorMessageOf,
  errorSummary,
  headersOf,
  isHtml,
  parseRetryAfter,
  parseWindowReset,
} from './http-errors';
import type { Sleep } from './limiter';

/** The logger subset we use; a pino logger fits. */
export interface PipedriveLog {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface RetryPolicy {
  /** Attempts for 5xx, timeouts and dropped connections, the first one included. @defaultValue 5 */
  maxAttempts: number;
  /** 429 waits before giving up with a (non-daily) `CrmRateLimitError`. @defaultValue 6 */
  maxRateLimitWaits: number;
  /** First backoff; doubles per attempt, plus up to 50 % jitter. @defaultValue 500 */
  baseBackoffMs: number;
  /** A request that has not answered by then counts as a dropped connection. @defaultValue 60_000 */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  maxRateLimitWaits: 6,
  baseBackoffMs: 500,
  requestTimeoutMs: 60_000,
};

/** Pipedrive's minimum wait after a burst 429 (the window length, §3.3). */
const MIN_429_WAIT_MS = 2_000;

export interface PipedriveHttpOptions {
  baseUrl: string;
  token: string;
  /** Where the token came from (an env var name), named in auth errors instead of the token. */
  tokenSource?: string;
  governor: TokenGovernor;
  sleep: Sleep;
  clock: () => number;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  log?: PipedriveLog;
}

/** One GET: path without query string (it names the endpoint in errors and picks the token cost). */
export interface RequestSpec<T> {
  /** Endpoint family for `stats().callsByKind` (`deals`, `changelog`, `leads`...). */
  family: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  schema: z.ZodType<T>;
  signal?: AbortSignal | undefined;
}

type Verdict = { action: 'retry'; delayMs: number; rateLimited: boolean } | { action: 'throw'; error: Error };

/** axios plus governor, retries and errors; every attempt is one real request and is counted. */
export class PipedriveHttp {
  private readonly axios: AxiosInstance;
  private readonly retry: RetryPolicy;
  private readonly counters: Omit<ConnectorStats, 'tokens'> = {
    apiCalls: 0,
    retries: 0,
    rateLimited: 0,
    callsByKind: {},
  };

  constructor(private readonly options: PipedriveHttpOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.axios = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: this.retry.requestTimeoutMs,
      headers: { 'x-api-token': options.token, Accept: 'application/json' },
      // Every status is handled below; the raw text lets us tell JSON from a Cloudflare HTML page.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
    });
  }

  /** Sends the GET (retrying as §3.3 says) and validates the JSON answer against `schema`. */
  async get<T>(spec: RequestSpec<T>): Promise<T> {
    const endpoint = `GET ${spec.path}`;
    const cost = tokenCost('GET', spec.path);
    let failures = 0;
    let rateLimitWaits = 0;
    for (;;) {
      spec.signal?.throwIfAborted();
      const release = await this.options.governor.acquire(cost, endpoint, spec.signal);
      this.count(spec.family);
      let verdict: Verdict;
      try {
        const response = await this.axios
          .get<string>(spec.path, { params: spec.query, ...(spec.signal ? { signal: spec.signal } : {}) })
          .finally(release);
        const headers = headersOf(response.headers);
        this.options.governor.observe(headers);
        if (response.status >= 200 && response.status < 300) {
          const parsed = this.parse(response, spec, failures + 1);
          if (parsed.ok) return parsed.value;
          verdict = parsed.verdict;
        } else {
          verdict = this.classify(response, headers, spec, failures + 1, rateLimitWaits + 1);
        }
      } catch (error) {
        spec.signal?.throwIfAborted();
        // No answer: dropped connection, reset, timeout (§2 "5xx / timeouts: retry with backoff").
        verdict = this.transient(failures + 1, null, spec, errorSummary(error));
      }
      if (verdict.action === 'throw') throw verdict.error;
      if (verdict.rateLimited) {
        rateLimitWaits += 1;
        this.counters.rateLimited += 1;
      } else {
        failures += 1;
      }
      this.counters.retries += 1;
      this.options.log?.warn({ endpoint, delayMs: verdict.delayMs }, 'pipedrive request failed, retrying');
      await this.options.sleep(verdict.delayMs, spec.signal);
    }
  }

  /** Requests actually sent (retries included) and the governor's token figures. */
  stats(): ConnectorStats {
    return { ...this.counters, callsByKind: { ...this.counters.callsByKind }, tokens: this.options.governor.usage() };
  }

  private count(family: string): void {
    this.counters.apiCalls += 1;
    this.counters.callsByKind[family] = (this.counters.callsByKind[family] ?? 0) + 1;
  }

  private parse<T>(
    response: AxiosResponse<string>,
    spec: RequestSpec<T>,
    attempt: number,
  ): { ok: true; value: T } | { ok: false; verdict: Verdict } {
    let json: unknown;
    try {
      json = JSON.parse(response.data);
    } catch {
      // A 200 without a JSON body (an empty or truncated answer, a proxy page) is a bounded transient anomaly.
      return { ok: false, verdict: this.transient(attempt, response.status, spec, 'answer is not JSON') };
    }
    if (json === null) return { ok: false, verdict: this.transient(attempt, response.status, spec, 'null body') };
    const parsed = spec.schema.safeParse(json);
    if (parsed.success) return { ok: true, value: parsed.data };
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    const message = describeHttpFailure('pipedrive', 'GET', spec.path, response.status, `unexpected shape: ${detail}`);
    return { ok: false, verdict: { action: 'throw', error: new CrmResponseError(message, 200, spec.path, false) } };
  }

  private classify(
    response: AxiosResponse<string>,
    headers: Record<string, string>,
    spec: RequestSpec<unknown>,
    attempt: number,
    rateLimitWait: number,
  ): Verdict {
    const status = response.status;
    const endpoint = `GET ${spec.path}`;
    const body = errorBodyOf(response.data);
    const described = describeHttpFailure('pipedrive', 'GET', spec.path, status, errorMessageOf(body, status));
    if (status === 401 || status === 402 || status === 403) {
      // Never retried: a bad token, an inactive account (402), no permission or plan cap (403 JSON), or
      // Cloudflare's block after ignored 429s (403 HTML, §1).
      const why =
        status === 403 && isHtml(response.data)
          ? 'Pipedrive blocked the token (Cloudflare page after ignored 429s)'
          : status === 402
            ? 'the Pipedrive company account is not active'
            : status === 401
              ? `Pipedrive rejected the token in ${this.tokenSource()}`
              : `the Pipedrive token in ${this.tokenSource()} is not allowed`;
      return { action: 'throw', error: new CrmAuthError(`${why}: ${described}`, status, endpoint) };
    }
    if (status === 429) return this.rateLimited(headers, described, endpoint, rateLimitWait);
    if (status >= 500) return this.transient(attempt, status, spec, errorMessageOf(body, status));
    return { action: 'throw', error: new CrmResponseError(described, status, endpoint, false) };
  }

  /** §3.3: no remaining tokens means the day is over; otherwise wait as told and retry a bounded number of times. */
  private rateLimited(headers: Record<string, string>, described: string, endpoint: string, wait: number): Verdict {
    if (headers['x-daily-ratelimit-token-remaining'] === '0') {
      return {
        action: 'throw',
        error: new CrmRateLimitError(described, this.options.governor.msUntilReset(), endpoint, true),
      };
    }
    const delayMs = Math.max(
      parseRetryAfter(headers['retry-after'], this.options.clock()) ?? 0,
      parseWindowReset(headers['x-ratelimit-reset']) ?? 0,
      MIN_429_WAIT_MS,
    );
    if (wait > this.retry.maxRateLimitWaits) {
      // Keep hammering and Cloudflare answers 403 HTML (§1): hand the wait to the job instead.
      return { action: 'throw', error: new CrmRateLimitError(described, delayMs, endpoint, false) };
    }
    return { action: 'retry', delayMs, rateLimited: true };
  }

  private transient(attempt: number, status: number | null, spec: RequestSpec<unknown>, message: string): Verdict {
    if (attempt >= this.retry.maxAttempts) {
      const described = describeHttpFailure('pipedrive', 'GET', spec.path, status, message);
      return {
        action: 'throw',
        error: new CrmResponseError(`${described} (after ${attempt} attempts)`, status, `GET ${spec.path}`, true),
      };
    }
    const random = this.options.random ?? Math.random;
    const base = this.retry.baseBackoffMs * 2 ** (attempt - 1);
    return { action: 'retry', delayMs: Math.round(base * (1 + random() / 2)), rateLimited: false };
  }

  private tokenSource(): string {
    return this.options.tokenSource ?? 'the configured Pipedrive token';
  }
}
