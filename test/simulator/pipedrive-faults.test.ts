/** Fault injection through the shared fault plan, as it looks on Pipedrive's wire. */
import { afterEach, describe, expect, it } from 'vitest';
import { type PipedriveSimulator, startPipedriveSimulator } from '../../src/simulator/pipedrive/server.js';
import { pipedriveModel } from './pipedrive-fixture.js';
import { get } from './pipedrive-http.js';

let sim: PipedriveSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const start = async () => {
  sim = await startPipedriveSimulator({ model: pipedriveModel() });
  return sim;
};

describe('injected faults', () => {
  it('sends 429 bursts with and without Retry-After, uncharged, then recovers', async () => {
    const s = await start();
    s.faults.add({ path: '/api/v2/deals', kind: 'rate-limit', retryAfterSeconds: 3, count: 2 });
    s.faults.add({ path: '/v1/*', kind: 'rate-limit' });
    const a = await get(s, '/api/v2/deals');
    expect(a.status).toBe(429);
    expect(a.body).toMatchObject({ success: false, error: 'Request over limit', errorCode: 429 });
    expect(a.headers.get('retry-after')).toBe('3');
    expect(a.headers.get('x-daily-ratelimit-token-remaining')).toBe('120000');
    expect((await get(s, '/api/v2/deals')).status).toBe(429);
    expect((await get(s, '/api/v2/deals')).status).toBe(200);
    // v1 faults match the canonical path, whichever prefix the client used
    const v1 = await get(s, '/api/v1/users/me');
    expect(v1.status).toBe(429);
    expect(v1.headers.get('retry-after')).toBeNull();
    expect(s.stats()).toMatchObject({ rateLimited: 3, faultsFired: 3 });
  });

  it('sends a 500 JSON envelope and a 502 HTML page', async () => {
    const s = await start();
    s.faults.add({ path: '/api/v2/persons', kind: 'server-error' });
    s.faults.add({ path: '/api/v2/organizations', kind: 'server-error', format: 'html', status: 502 });
    const json = await get(s, '/api/v2/persons');
    expect(json.status).toBe(500);
    expect(json.body).toMatchObject({ success: false, error: 'An internal server error occurred', data: null });
    const html = await get(s, '/api/v2/organizations');
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(String(html.body)).toContain('<html>');
  });

  it('corrupts one record, drops the content type, empties the body', async () => {
    const s = await start();
    s.faults.add({
      path: '/api/v2/deals',
      kind: 'malformed-record',
      property: 'value',
      value: 'abc',
      recordId: '300000002',
    });
    s.faults.add({ path: '/api/v2/stages', kind: 'malformed-record', property: 'pipeline_id' });
    s.faults.add({ path: '/v1/users', kind: 'no-content-type' });
    s.faults.add({ path: '/v1/callLogs', kind: 'empty-body' });
    const deals = await get(s, '/api/v2/deals');
    expect(deals.body.data[0].value).toBe(1000);
    expect(deals.body.data[1].value).toBe('abc');
    expect('pipeline_id' in (await get(s, '/api/v2/stages')).body.data[0]).toBe(false);
    const users = await fetch(`${s.baseUrl}/v1/users`, { headers: { 'x-api-token': s.token } });
    expect(users.headers.get('content-type')).toBeNull();
    const empty = await fetch(`${s.baseUrl}/v1/callLogs`, { headers: { 'x-api-token': s.token } });
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe('');
  });

  it('answers slowly, and drops the connection', async () => {
    const s = await start();
    s.faults.add({ path: '/api/v2/pipelines', kind: 'slow', delayMs: 150 });
    s.faults.add({ path: '/api/v2/activities', kind: 'drop' });
    const t0 = performance.now();
    expect((await get(s, '/api/v2/pipelines')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    await expect(get(s, '/api/v2/activities')).rejects.toThrow();
    expect(s.stats().requests['GET /api/v2/activities']).toEqual({ dropped: 1 });
    expect((await get(s, '/api/v2/activities')).status).toBe(200);
  });
});
