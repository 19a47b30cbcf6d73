/** Auth, token costs, the daily budget and its headers, the 2-second burst window and the Cloudflare block. */
import { afterEach, describe, expect, it } from 'vitest';
import { TOKEN_COSTS } from '../../src/simulator/pipedrive/limits.js';
import {
  type PipedriveSimulator,
  type PipedriveSimulatorOptions,
  startPipedriveSimulator,
} from '../../src/simulator/pipedrive/server.js';
import { pipedriveModel, T } from './pipedrive-fixture.js';
import { callWith, get } from './pipedrive-http.js';

let sim: PipedriveSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const start = async (o: Partial<PipedriveSimulatorOptions> = {}) => {
  sim = await startPipedriveSimulator({ model: pipedriveModel(), ...o });
  return sim;
};
const RATE_BODY = {
  success: false,
  error: 'Request over limit',
  errorCode: 429,
  error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.',
  data: null,
  additional_data: null,
};

describe('auth', () => {
  it('answers a bad or missing token with the documented 401 body and no rate headers', async () => {
    const s = await start();
    const bad = await callWith(s, '/api/v2/deals', { 'x-api-token': 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ success: false, error: 'unauthorized access', errorCode: 401 });
    expect(bad.headers.get('x-ratelimit-limit')).toBeNull();
    expect((await callWith(s, '/v1/users', {})).status).toBe(401);
    expect(s.stats().tokens.used).toBe(0);
  });

  it('accepts the token as header, as api_token query and as Bearer (OAuth burst ceiling)', async () => {
    const s = await start();
    expect((await callWith(s, `/v1/users/me?api_token=${s.token}`, {})).status).toBe(200);
    const bearer = await callWith(s, '/v1/users/me', { authorization: `Bearer ${s.token}` });
    expect(bearer.status).toBe(200);
    expect(bearer.headers.get('x-ratelimit-limit')).toBe('160');
    expect(bearer.headers.get('x-daily-requests-left')).toBeNull();
    expect((await get(s, '/v1/users/me')).headers.get('x-daily-requests-left')).toBe('10000');
  });
});

describe('token costs and the daily budget', () => {
  it('charges each endpoint its documented cost', async () => {
    const s = await start();
    const paths: Record<string, string> = {
      'GET /api/v2/deals': '/api/v2/deals',
      'GET /api/v2/deals/archived': '/api/v2/deals/archived',
      'GET /api/v2/deals/:id': '/api/v2/deals/300000001',
      'GET /api/v2/activities': '/api/v2/activities',
      'GET /api/v2/persons': '/api/v2/persons',
      'GET /api/v2/organizations': '/api/v2/organizations',
      'GET /api/v2/pipelines': '/api/v2/pipelines',
      'GET /api/v2/stages': '/api/v2/stages',
      'GET /api/v2/dealFields': '/api/v2/dealFields',
      'GET /api/v2/organizationFields': '/api/v2/organizationFields',
      'GET /v1/deals/:id/changelog': '/v1/deals/300000001/changelog',
      'GET /v1/deals/:id/flow': '/v1/deals/300000001/flow',
      'GET /v1/users': '/v1/users',
      'GET /v1/users/me': '/api/v1/users/me',
      'GET /v1/leads': '/v1/leads',
      'GET /v1/leads/archived': '/v1/leads/archived',
      'GET /v1/callLogs': '/v1/callLogs',
      'GET /v1/notes': '/v1/notes',
      'GET /v1/dealFields': '/v1/dealFields',
      'GET /v1/organizationFields': '/v1/organizationFields',
      'GET /v1/currencies': '/v1/currencies',
      'GET /v1/activityTypes': '/v1/activityTypes',
    };
    expect(Object.keys(paths).sort()).toEqual(Object.keys(TOKEN_COSTS).sort());
    const costs: Record<string, number> = {};
    for (const [route, path] of Object.entries(paths)) {
      const before = s.stats().tokens.used;
      const res = await get(s, path);
      expect(res.status).toBe(200);
      costs[route] = s.stats().tokens.used - before;
      expect(Number(res.headers.get('x-daily-ratelimit-token-remaining'))).toBe(s.stats().tokens.remaining);
    }
    expect(costs).toEqual(TOKEN_COSTS);
    expect(costs['GET /v1/deals/:id/changelog']).toBe(20);
    expect(costs['GET /api/v2/deals']).toBe(10);
  });

  it('sizes the budget as 30,000 x plan multiplier x seats', async () => {
    const s = await start({ plan: 'premium', seats: 3 });
    const res = await get(s, '/api/v2/pipelines');
    expect(res.headers.get('x-daily-ratelimit-token-limit')).toBe('450000');
    expect(res.headers.get('x-daily-ratelimit-token-remaining')).toBe('449995');
    expect(res.headers.get('x-ratelimit-limit')).toBe('100');
    // default: growth, seats = the model's active users (2)
    sim = undefined;
    await s.close();
    const d = await start();
    expect((await get(d, '/api/v2/pipelines')).headers.get('x-daily-ratelimit-token-limit')).toBe('120000');
  });

  it('refuses every call once the budget is spent, until midnight UTC on the model clock', async () => {
    const model = pipedriveModel();
    sim = await startPipedriveSimulator({ model, budget: 25 });
    const s = sim;
    expect((await get(s, '/api/v2/deals')).status).toBe(200); // 10 used
    const crossing = await get(s, '/v1/users'); // 20 more: served, remaining clamps to 0
    expect(crossing.status).toBe(200);
    expect(crossing.headers.get('x-daily-ratelimit-token-remaining')).toBe('0');
    const refused = await get(s, '/api/v2/stages');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(RATE_BODY);
    expect(refused.headers.get('x-daily-ratelimit-token-remaining')).toBe('0');
    expect(refused.headers.get('retry-after')).toBe(String(6 * 3600)); // now is 18:00 UTC
    model.now = T('2026-04-01T00:00:00Z');
    const next = await get(s, '/api/v2/stages');
    expect(next.status).toBe(200);
    expect(next.headers.get('x-daily-ratelimit-token-remaining')).toBe('20');
  });
});

describe('burst window', () => {
  it('answers the 41st request in 2 s on growth with the 429 envelope and Retry-After', async () => {
    const s = await start();
    const first = await get(s, '/v1/users/me');
    expect(first.headers.get('x-ratelimit-limit')).toBe('40');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('39');
    expect(first.headers.get('x-ratelimit-reset')).toBe('2');
    for (let i = 1; i < 40; i++) expect((await get(s, '/v1/users/me')).status).toBe(200);
    const limited = await get(s, '/v1/users/me');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual(RATE_BODY);
    expect(limited.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(['1', '2']).toContain(limited.headers.get('retry-after'));
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-daily-ratelimit-token-remaining'))).toBe(120_000 - 40 * 2);
    expect(s.stats().rateLimited).toBe(1);
    expect(s.stats().requests['GET /v1/users/me']).toEqual({ 200: 40, 429: 1 });
  });

  it('shrinks the window with timeScale and recovers after it', async () => {
    // A 500 ms window: wide enough for four requests on a loaded machine, short enough to wait out.
    const s = await start({ timeScale: 0.25, limits: { burst: 3 } });
    for (let i = 0; i < 3; i++) await get(s, '/api/v2/pipelines');
    const limited = await get(s, '/api/v2/pipelines');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(0.5);
    expect(limited.headers.get('x-ratelimit-reset')).toMatch(/^0\.\d+$/);
    await new Promise((r) => setTimeout(r, 550));
    expect((await get(s, '/api/v2/pipelines')).status).toBe(200);
  });

  it('blocks a token that keeps calling through 429s with an HTML 403', async () => {
    // 429s from a spent budget are deterministic; the block lasts 60 s x timeScale of wall time.
    const model = pipedriveModel();
    sim = await startPipedriveSimulator({ model, budget: 5, timeScale: 0.005, limits: { blockAfter429s: 3 } });
    const s = sim;
    expect((await get(s, '/api/v2/pipelines')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await get(s, '/api/v2/pipelines')).status).toBe(429);
    const blocked = await get(s, '/api/v2/pipelines');
    expect(blocked.status).toBe(403);
    expect(blocked.headers.get('content-type')).toBe('text/html');
    expect(String(blocked.body)).toContain('Cloudflare');
    await new Promise((r) => setTimeout(r, 350));
    model.now = T('2026-04-01T00:00:00Z');
    expect((await get(s, '/api/v2/pipelines')).status).toBe(200);
  });
});
