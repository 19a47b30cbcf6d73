/**
 * Writing a reply: JSON body with `Content-Type: application/json; charset=utf-8`, rate and budget headers, and
 * the response-shaping faults (no Content-Type, a malformed record, an empty body). Pipedrive records sit in
 * `data` (an array or one object), so a malformed-record fault corrupts a field there.
 */
import type { ServerResponse } from 'node:http';
import type { Fault } from '../faults.js';
import type { SimReply } from './http.js';

/** Per-response decisions taken before writing. */
export interface Outgoing {
  headers: Record<string, string>;
  noContentType?: boolean;
  emptyBody?: boolean;
}

type Malformed = Extract<Fault, { kind: 'malformed-record' }>;

/** Sets (or, with no `value`, removes) `property` on one record of `data`; `recordId` matches `String(id)`. */
export function corruptPipedriveRecord(body: unknown, fault: Malformed): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const data = (body as { data?: unknown }).data;
  const records: unknown[] = Array.isArray(data) ? data : [data];
  const target = records.find(
    (r): r is Record<string, unknown> =>
      typeof r === 'object' &&
      r !== null &&
      (fault.recordId === undefined || String((r as { id?: unknown }).id) === fault.recordId),
  );
  if (!target) return false;
  if (fault.value === undefined) delete target[fault.property];
  else target[fault.property] = fault.value;
  return true;
}

/** Applies `no-content-type` and `malformed-record` faults of a successful reply. */
export function applyShapeFaults(body: unknown, fired: readonly Fault[], out: Outgoing): void {
  for (const f of fired) {
    if (f.kind === 'no-content-type') out.noContentType = true;
    if (f.kind === 'malformed-record') corruptPipedriveRecord(body, f);
  }
}

export function send(res: ServerResponse, reply: SimReply, out: Outgoing): void {
  const headers: Record<string, string> = { ...out.headers };
  if (!out.noContentType) headers['Content-Type'] = 'application/json; charset=utf-8';
  const text = out.emptyBody ? '' : JSON.stringify(reply.body);
  headers['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers);
  res.end(text);
}
