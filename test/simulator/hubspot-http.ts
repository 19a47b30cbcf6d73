/** Raw HTTP helper for the simulator tests (fetch, so no client retry or parsing hides anything). */
import type { HubSpotSimulator } from '../../src/simulator/hubspot/server.js';

export interface RawReply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test-only loose JSON access
  body: any;
}

export async function call(
  sim: HubSpotSimulator,
  method: string,
  path: string,
  body?: unknown,
  token = sim.token,
): Promise<RawReply> {
  const res = await fetch(sim.baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}
