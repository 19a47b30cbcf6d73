import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/index';
import { CrmAuthError, CrmRateLimitError, CrmResponseError } from '../../../src/lib/errors';

const BASE = 'http://hubspot.test';
const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const JSON_HEADERS = { 'Content-Type': 'application/json;charset=utf-8' };
const SEARCH = '/crm/v3/objects/deals/search';
const OK = { total: 42, results: [] };

function connector() {
  const sleeps: number[] = [];
  const crm = createHubSpotConnector({
    baseUrl: BASE,
    token: TOKEN,
    tokenSource: 'PULSE_HUBSPOT_TOKEN',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    // The limiter has its own tests; here every wait recorded is a retry wait.
    limiter: { acquire: async () => () => {} },
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

const rateLimit = (policyName: string, message: string) => ({
  status: 'error',
  message,
  errorType: 'RATE_LIMIT',
  correlationId: 'b7a1b0a2-0000-4000-8000-000000000000',
  policyName,
});

describe('HubSpot request retries and error classification', () => {
  it('waits a whole rolling window after a TEN_SECONDLY_ROLLING 429, then retries', async () => {
    nock(BASE)
      .post(SEARCH)
      .reply(429, rateLimit('TEN_SECONDLY_ROLLING', 'You have reached your ten_secondly_rolling limit.'), {
        ...JSON_HEADERS,
        'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      })
      .post(SEARCH)
      .reply(200, OK, JSON_HEADERS);
    const { crm, sleeps } = connector();
    await expect(crm.count('deals')).resolves.toBe(42);
    expect(sleeps).toEqual([10_000]);
    expect(crm.stats()).toMatchObject({ apiCalls: 2, retries: 1, rateLimited: 1, callsByKind: { search: 2 } });
  });

  it('waits about a second after a SECONDLY 429', async () => {
    nock(BASE)
      .post(SEARCH)
      .reply(429, rateLimit('SECONDLY', 'You have reached your secondly limit.'), JSON_HEADERS)
      .post(SEARCH)
      .reply(200, OK, JSON_HEADERS);
    const { crm, sleeps } = connector();
    await expect(crm.count('deals')).resolves.toBe(42);
    expect(sleeps).toEqual([1_000]);
  });

  it('honours Retry-After when HubSpot sends one', async () => {
    nock(BASE)
      .post(SEARCH)
      .reply(429, rateLimit('SECONDLY', 'You have reached your secondly limit.'), {
        ...JSON_HEADERS,
        'Retry-After': '3',
      })
      .post(SEARCH)
      .reply(200, OK, JSON_HEADERS);
    const { crm, sleeps } = connector();
    await crm.count('deals');
    expect(sleeps).toEqual([3_000]);
  });

  it('stops at once on a DAILY 429 with a daily rate-limit error', async () => {
    nock(BASE).post(SEARCH).reply(429, rateLimit('DAILY', 'You have reached your daily limit.'), JSON_HEADERS);
    const { crm, sleeps } = connector();
    const error = await crm.count('deals').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmRateLimitError);
    expect(error).toMatchObject({ daily: true, endpoint: `POST ${SEARCH}` });
    expect((error as CrmRateLimitError).retryAfterMs).toBeGreaterThan(0);
    expect(sleeps).toEqual([]);
    expect(crm.stats().apiCalls).toBe(1);
  });

  it('retries a 500 with backoff and then succeeds', async () => {
    nock(BASE)
      .post(SEARCH)
      .reply(
        500,
        { status: 'error', message: 'internal error', correlationId: 'x', category: 'INTERNAL' },
        JSON_HEADERS,
      )
      .post(SEARCH)
      .reply(200, OK, JSON_HEADERS);
    const { crm, sleeps } = connector();
    await expect(crm.count('deals')).resolves.toBe(42);
    expect(sleeps).toEqual([500]);
  });

  it('treats a response without Content-Type as transient', async () => {
    nock(BASE).post(SEARCH).reply(502, '<html>Bad gateway</html>').post(SEARCH).reply(200, OK, JSON_HEADERS);
    const { crm, sleeps } = connector();
    await expect(crm.count('deals')).resolves.toBe(42);
    expect(sleeps).toHaveLength(1);
  });

  it('gives up on repeated 5xx with a retryable response error', async () => {
    nock(BASE).post(SEARCH).times(5).reply(503, { message: 'unavailable' }, JSON_HEADERS);
    const { crm, sleeps } = connector();
    const error = await crm.count('deals').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmResponseError);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(sleeps).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('raises CrmAuthError on 401 naming where the token came from, never the token', async () => {
    nock(BASE)
      .post(SEARCH)
      .reply(
        401,
        {
          status: 'error',
          message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
          correlationId: 'c0ffee00-0000-4000-8000-000000000000',
          category: 'INVALID_AUTHENTICATION',
        },
        { ...JSON_HEADERS, 'X-HubSpot-Auth-Failure': '401 Unauthorized' },
      );
    const { crm, sleeps } = connector();
    const error = await crm.count('deals').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmAuthError);
    const message = (error as Error).message;
    expect(message).toContain('PULSE_HUBSPOT_TOKEN');
    expect(message).toContain('Authentication credentials not found');
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain('pat-na1');
    expect(sleeps).toEqual([]);
  });

  it('trims other 4xx to method, path, status and message, and does not retry them', async () => {
    nock(BASE)
      .post(SEARCH)
      .reply(
        400,
        {
          status: 'error',
          message: 'There was a problem with the request.',
          correlationId: 'x',
          category: 'VALIDATION_ERROR',
          context: { huge: ['x'.repeat(5_000)] },
        },
        JSON_HEADERS,
      );
    const { crm } = connector();
    const error = await crm.count('deals').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmResponseError);
    expect((error as Error).message).toBe(
      'hubspot POST /crm/v3/objects/deals/search -> 400 "There was a problem with the request."',
    );
    expect(error).toMatchObject({ status: 400, retryable: false });
  });

  it('reports no leads when the portal answers 403 for the leads object', async () => {
    nock(BASE)
      .get('/crm/v3/objects/leads')
      .query(true)
      .reply(
        403,
        {
          status: 'error',
          message: "This app hasn't been granted all required scopes to make this call.",
          correlationId: 'x',
          category: 'MISSING_SCOPES',
          errors: [
            {
              message: 'One or more of the following scopes are required.',
              context: { requiredGranularScopes: ['crm.objects.leads.read'] },
            },
          ],
        },
        JSON_HEADERS,
      );
    const { crm } = connector();
    await expect(crm.supports('leads')).resolves.toBe(false);
    await expect(crm.supports('leads')).resolves.toBe(false);
    expect(crm.stats().apiCalls).toBe(1);
  });
});
