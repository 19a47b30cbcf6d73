import { afterEach, describe, expect, it } from 'vitest';
import { type HubSpotSimulator, startHubSpotSimulator } from '../../src/simulator/hubspot/server.js';
import { fixtureModel, T } from './hubspot-fixture.js';
import { call } from './hubspot-http.js';

let sim: HubSpotSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('auth', () => {
  it('answers 401 INVALID_AUTHENTICATION with X-HubSpot-Auth-Failure and no rate-limit headers', async () => {
    sim = await startHubSpotSimulator({ model: fixtureModel(), token: 'pat-na1-right' });
    const res = await call(sim, 'GET', '/crm/v3/objects/deals', undefined, 'pat-na1-wrong');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    expect(res.body.correlationId).toBe(res.headers.get('x-hubspot-correlation-id'));
    expect(res.headers.get('x-hubspot-auth-failure')).toBe('401 Unauthorized');
    expect(res.headers.get('x-hubspot-ratelimit-max')).toBeNull();
    expect(res.headers.get('content-type')).toBe('application/json;charset=utf-8');
  });
});

describe('rate limits', () => {
  it('sends the burst headers and a TEN_SECONDLY_ROLLING 429 after 100 requests on starter', async () => {
    sim = await startHubSpotSimulator({ model: fixtureModel(), tier: 'starter' });
    const first = await call(sim, 'GET', '/crm/v3/owners');
    expect(first.headers.get('x-hubspot-ratelimit-max')).toBe('100');
    expect(first.headers.get('x-hubspot-ratelimit-remaining')).toBe('99');
    expect(first.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
    expect(first.headers.get('x-hubspot-ratelimit-daily')).toBe('250000');
    for (let i = 1; i < 100; i++) expect((await call(sim, 'GET', '/crm/v3/owners')).status).toBe(200);
    const limited = await call(sim, 'GET', '/crm/v3/owners');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: limited.headers.get('x-hubspot-correlation-id'),
      policyName: 'TEN_SECONDLY_ROLLING',
      groupName: 'publicapi:private-app',
    });
    expect(sim.stats().rateLimited).toBe(1);
    expect(sim.stats().requests['GET /crm/v3/owners']).toEqual({ 200: 100, 429: 1 });
  });

  it('shrinks the burst window with timeScale and reports it', async () => {
    sim = await startHubSpotSimulator({ model: fixtureModel(), timeScale: 0.02, limits: { burst: 3 } });
    for (let i = 0; i < 3; i++) await call(sim, 'GET', '/crm/v3/pipelines/deals');
    const limited = await call(sim, 'GET', '/crm/v3/pipelines/deals');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('200');
    await new Promise((r) => setTimeout(r, 250));
    expect((await call(sim, 'GET', '/crm/v3/pipelines/deals')).status).toBe(200);
    expect(sim.stats().timeScale).toBe(0.02);
  });

  it('answers the sixth search in a second with the SECONDLY message the client retries on', async () => {
    sim = await startHubSpotSimulator({ model: fixtureModel() });
    for (let i = 0; i < 5; i++) expect((await call(sim, 'POST', '/crm/v3/objects/deals/search', {})).status).toBe(200);
    const limited = await call(sim, 'POST', '/crm/v3/objects/deals/search', {});
    expect(limited.status).toBe(429);
    expect(limited.body.message).toBe('You have reached your secondly limit.');
    expect(limited.body.policyName).toBe('SECONDLY');
    // search does not use the burst bucket
    expect((await call(sim, 'GET', '/crm/v3/objects/deals')).headers.get('x-hubspot-ratelimit-remaining')).toBe('189');
  });

  it('stops at the daily limit until the model clock passes midnight in the account zone', async () => {
    const model = fixtureModel();
    sim = await startHubSpotSimulator({ model, limits: { daily: 2 } });
    await call(sim, 'GET', '/crm/v3/owners');
    await call(sim, 'GET', '/crm/v3/owners');
    const limited = await call(sim, 'GET', '/crm/v3/owners');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ policyName: 'DAILY', message: 'You have reached your daily limit.' });
    model.now = T('2026-03-31T22:00:00Z'); // midnight in Paris
    expect((await call(sim, 'GET', '/crm/v3/owners')).status).toBe(200);
  });
});
