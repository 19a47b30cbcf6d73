import { afterEach, describe, expect, it } from 'vitest';
import { FaultController } from '../../src/simulator/faults.js';
import { type HubSpotSimulator, startHubSpotSimulator } from '../../src/simulator/hubspot/server.js';
import { fixtureModel } from './hubspot-fixture.js';
import { call } from './hubspot-http.js';

let sim: HubSpotSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const start = async () => {
  sim = await startHubSpotSimulator({ model: fixtureModel() });
  return sim;
};

describe('fault plan', () => {
  it('matches wildcard paths and methods, skips, and fires the given count', () => {
    const f = new FaultController([{ path: '/crm/v3/objects/*', method: 'GET', kind: 'drop', count: 2, skip: 1 }]);
    expect(f.take('POST', '/crm/v3/objects/deals')).toEqual([]);
    expect(f.take('GET', '/crm/v3/objects/deals')).toEqual([]);
    expect(f.take('GET', '/crm/v3/objects/deals')).toHaveLength(1);
    expect(f.take('GET', '/crm/v3/objects/deals/1')).toHaveLength(1);
    expect(f.take('GET', '/crm/v3/objects/deals')).toEqual([]);
    expect(f.fired()).toBe(2);
  });
});

describe('injected faults', () => {
  it('sends 429s of each policy, with and without Retry-After, then recovers', async () => {
    const s = await start();
    s.faults.add({ path: '/crm/v3/owners', kind: 'rate-limit', policy: 'SECONDLY', retryAfterSeconds: 1 });
    s.faults.add({ path: '/crm/v3/pipelines/*', kind: 'rate-limit', policy: 'DAILY' });
    s.faults.add({ path: '/crm/v3/objects/deals', kind: 'rate-limit' });
    const secondly = await call(s, 'GET', '/crm/v3/owners');
    expect(secondly.status).toBe(429);
    expect(secondly.headers.get('retry-after')).toBe('1');
    expect(secondly.body.message).toBe('You have reached your secondly limit.');
    const daily = await call(s, 'GET', '/crm/v3/pipelines/deals');
    expect(daily.body.policyName).toBe('DAILY');
    expect(daily.headers.get('retry-after')).toBeNull();
    expect((await call(s, 'GET', '/crm/v3/objects/deals')).body.policyName).toBe('TEN_SECONDLY_ROLLING');
    expect((await call(s, 'GET', '/crm/v3/objects/deals')).status).toBe(200);
    expect(s.stats().rateLimitedByPolicy).toEqual({ SECONDLY: 1, DAILY: 1, TEN_SECONDLY_ROLLING: 1 });
  });

  it('sends a 500 JSON body and a 502 HTML page', async () => {
    const s = await start();
    s.faults.add({ path: '/crm/v3/owners', kind: 'server-error' });
    s.faults.add({ path: '/crm/v3/pipelines/deals', kind: 'server-error', format: 'html', status: 502 });
    const json = await call(s, 'GET', '/crm/v3/owners');
    expect(json.status).toBe(500);
    expect(json.body.status).toBe('error');
    const html = await fetch(`${s.baseUrl}/crm/v3/pipelines/deals`, {
      headers: { authorization: `Bearer ${s.token}` },
    });
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(await html.text()).toContain('<html>');
  });

  it('slows a response down', async () => {
    const s = await start();
    s.faults.add({ path: '/crm/v3/owners', kind: 'slow', delayMs: 150 });
    const t0 = performance.now();
    expect((await call(s, 'GET', '/crm/v3/owners')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('drops the connection, and answers without Content-Type or with an empty body', async () => {
    const s = await start();
    s.faults.add({ path: '/crm/v3/owners', kind: 'drop' });
    await expect(
      fetch(`${s.baseUrl}/crm/v3/owners`, { headers: { authorization: `Bearer ${s.token}` } }),
    ).rejects.toThrow();
    expect(s.stats().requests['GET /crm/v3/owners']).toEqual({ dropped: 1 });
    s.faults.add({ path: '/crm/v3/owners', kind: 'no-content-type' });
    const bare = await fetch(`${s.baseUrl}/crm/v3/owners`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(bare.headers.get('content-type')).toBeNull();
    s.faults.add({ path: '/crm/v3/owners', kind: 'empty-body' });
    const empty = await fetch(`${s.baseUrl}/crm/v3/owners`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(await empty.text()).toBe('');
  });

  it('corrupts records: an amount of "abc" and a missing createdate', async () => {
    const s = await start();
    s.faults.add({ path: '/crm/v3/objects/deals', kind: 'malformed-record', property: 'amount', value: 'abc' });
    s.faults.add({
      path: '/crm/v3/objects/deals/batch/read',
      kind: 'malformed-record',
      property: 'createdate',
      recordId: '40000000002',
    });
    const list = await call(s, 'GET', '/crm/v3/objects/deals');
    expect(list.body.results[0].properties.amount).toBe('abc');
    expect(list.body.results[1].properties.amount).toBe('2000');
    const batch = await call(s, 'POST', '/crm/v3/objects/deals/batch/read', {
      inputs: [{ id: '40000000001' }, { id: '40000000002' }],
    });
    expect(batch.body.results[0].properties).toHaveProperty('createdate');
    expect(batch.body.results[1].properties).not.toHaveProperty('createdate');
  });
});
