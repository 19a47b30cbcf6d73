/**
 * Writing a reply: JSON body, `Content-Type: application/json;charset=utf-8`, the correlation id (header and
 * error body alike), rate-limit headers, and the response-shaping faults (no Content-Type, a malformed record,
 * an empty body).
 */
import type { ServerResponse } from 'node:http';
import { corruptRecord, type Fault } from '../faults.js';
import type { SimReply } from './http.js';

/** Per-response decisions taken before writing. */
export interface Outgoing {
  correlationId: string;
  /** Search responses and 401s carry no `X-HubSpot-RateLimit-*` headers (§3, §1). */
  rateHeaders: boolean;
  headers: Record<string, string>;
  noContentType?: boolean;
  emptyBody?: boolean;
}

/** Applies `no-content-type` and `malformed-record` faults of a successful reply. */
export function applyShapeFaults(body: unknown, fired: readonly Fault[], out: Outgoing): void {
  for (const f of fired) {
    if (f.kind === 'no-content-type') out.noContentType = true;
    if (f.kind === 'malformed-record') corruptRecord(body, f);
  }
}

export function send(res: ServerResponse, reply: SimReply, out: Outgoing): void {
  const body = reply.body;
  if (typeof body === 'object' && body !== null && 'correlationId' in body) {
    (body as { correlationId: string }).correlationId = out.correlationId;
  }
  const headers: Record<string, string> = { ...out.headers, 'X-HubSpot-Correlation-Id': out.correlationId };
  if (!out.noContentType) headers['Content-Type'] = 'application/json;charset=utf-8';
  const text = out.emptyBody ? '' : JSON.stringify(body);
  headers['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers);
  res.end(text);
}
