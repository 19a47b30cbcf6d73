/** Raw HTTP helper for the Pipedrive simulator tests (fetch, so no client retry or parsing hides anything). */
import type { PipedriveSimulator } from '../../src/simulator/pipedrive/server.js';

export interface RawReply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test-only loose JSON access
  body: any;
}

/** GET `path` with extra headers (none: no credentials at all). */
export async function callWith(
  sim: PipedriveSimulator,
  path: string,
  headers: Record<string, string>,
): Promise<RawReply> {
  const res = await fetch(sim.baseUrl + path, { headers });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json') && text !== '';
  return { status: res.status, headers: res.headers, body: json ? JSON.parse(text) : text };
}

/** GET `path` with the simulator's token in `x-api-token`. */
export function get(sim: PipedriveSimulator, path: string): Promise<RawReply> {
  return callWith(sim, path, { 'x-api-token': sim.token });
}
