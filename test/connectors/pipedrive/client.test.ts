import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPipedriveConnector } from '../../../src/connectors/pipedrive/index';
import { CrmAuthError, CrmRateLimitError, CrmResponseError } from '../../../src/lib/errors';
import { fixture } from './fixture';

const BASE = 'http://acme.pipedrive.test';
const TOKEN = '0123456789abcdef0123456789abcdef01234567';
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const USERS = fixture('GET', 'v1/users');

function connector(extra: { dailyTokenBudget?: number } = {}) {
  const sleeps: number[] = [];
  const crm = createPipedriveConnector({
    baseUrl: BASE,
    token: TOKEN,
    tokenSource: 'PULSE_PIPEDRIVE_TOKEN',
    plan: 'growth',
    seats: 5,
    ...extra,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    now: () => Date.parse('2026-06-30T09:00:00Z'),
  });
  return { crm, sleeps };
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

const overLimit = {
  success: false,
  error: 'Request over limit',
  errorCode: 429,
  error_info: 'Please check developers.pipedrive.com',
};

describe('Pipedrive requests, retries and errors', () => {
  it('sends the token in the x-api-token header and counts calls and tokens', async () => {
    nock(BASE, { reqheaders: { 'x-api-token': TOKEN } })
      .get('/v1/users')
      .reply(200, USERS, JSON_HEADERS);
    const { crm } = connector();
    const { owners } = await crm.owners();
    expect(owners.map((o) => o.externalId)).toEqual(['7', '8']);
    // Growth × 5 seats = 300,000; 20 % reserve; /v1/users costs 20.
    expect(crm.stats()).toEqual({
      apiCalls: 1,
      retries: 0,
      rateLimited: 0,
      callsByKind: { users: 1 },
      tokens: { used: 20, left: 300_000 - 60_000 - 20 },
    });
  });

  it('waits as long as Retry-After says after a burst 429, then retries', async () => {
    nock(BASE)
      .get('/v1/users')
      .reply(429, overLimit, { ...JSON_HEADERS, 'Retry-After': '3', 'x-daily-ratelimit-token-remaining': '250000' })
      .get('/v1/users')
      .reply(200, USERS, JSON_HEADERS);
    const { crm, sleeps } = connector();
    await crm.owners();
    expect(sleeps).toEqual([3_000]);
    expect(crm.stats()).toMatchObject({ apiCalls: 2, retries: 1, rateLimited: 1 });
  });

  it('waits at least the 2-second window when a 429 tells nothing', async () => {
    nock(BASE).get('/v1/users').reply(429, overLimit, JSON_HEADERS).get('/v1/users').reply(200, USERS, JSON_HEADERS);
    const { crm, sleeps } = connector();
    await crm.owners();
    expect(sleeps).toEqual([2_000]);
  });

  it('stops at once with a daily rate-limit error when the 429 says no tokens remain', async () => {
    nock(BASE)
      .get('/v1/users')
      .reply(429, overLimit, { ...JSON_HEADERS, 'x-daily-ratelimit-token-remaining': '0', 'Retry-After': '3600' });
    const { crm, sleeps } = connector();
    const error = await crm.owners().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmRateLimitError);
    expect(error).toMatchObject({ daily: true, endpoint: 'GET /v1/users' });
    // Until the next UTC midnight from 09:00.
    expect((error as CrmRateLimitError).retryAfterMs).toBe(15 * 3_600_000);
    expect(sleeps).toEqual([]);
  });

  it('raises CrmAuthError on 401 at once, naming where the token came from and never the token', async () => {
    nock(BASE)
      .get('/v1/users')
      .reply(401, { success: false, error: 'unauthorized access', errorCode: 401 }, JSON_HEADERS);
    const { crm, sleeps } = connector();
    const error = await crm.owners().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmAuthError);
    expect((error as Error).message).toBe(
      'Pipedrive rejected the token in PULSE_PIPEDRIVE_TOKEN: pipedrive GET /v1/users -> 401 "unauthorized access"',
    );
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(sleeps).toEqual([]);
    expect(crm.stats().apiCalls).toBe(1);
  });

  it('treats the Cloudflare HTML 403 as a hard stop', async () => {
    nock(BASE)
      .get('/v1/users')
      .reply(403, '<!DOCTYPE html><html><body>Access denied</body></html>', { 'Content-Type': 'text/html' });
    const { crm } = connector();
    const error = await crm.owners().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmAuthError);
    expect((error as Error).message).toContain('Cloudflare');
  });

  it('retries a 500 and a dropped connection with backoff', async () => {
    nock(BASE)
      .get('/v1/users')
      .reply(500, { success: false, error: 'An internal server error occurred' }, JSON_HEADERS)
      .get('/v1/users')
      .replyWithError('socket hang up')
      .get('/v1/users')
      .reply(200, USERS, JSON_HEADERS);
    const { crm, sleeps } = connector();
    await crm.owners();
    expect(sleeps).toEqual([500, 1_000]);
  });

  it('trims other 4xx to method, path, status and message without retrying', async () => {
    nock(BASE)
      .get('/v1/users')
      .reply(400, { success: false, error: 'Bad request', error_info: 'x'.repeat(5_000), data: null }, JSON_HEADERS);
    const { crm } = connector();
    const error = await crm.owners().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmResponseError);
    expect((error as Error).message).toBe('pipedrive GET /v1/users -> 400 "Bad request"');
    expect(error).toMatchObject({ status: 400, retryable: false });
  });

  it('believes the budget headers over plan × seats and refuses to dig into the reserve', async () => {
    nock(BASE)
      .get('/v1/users')
      .reply(200, USERS, {
        ...JSON_HEADERS,
        'x-daily-ratelimit-token-limit': '1000',
        'x-daily-ratelimit-token-remaining': '215',
      });
    const { crm } = connector();
    await crm.owners();
    // 215 left, 200 (20 % of 1,000) kept for the company's other integrations.
    expect(crm.stats().tokens).toEqual({ used: 20, left: 15 });
    const error = await crm.owners().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmRateLimitError);
    expect(error).toMatchObject({ daily: true });
    expect(crm.stats().apiCalls).toBe(1);
  });
});
