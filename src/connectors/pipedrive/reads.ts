/** Reads by id (sample checks, re-reads) and deleted deals (tombstones), per object type. */
import type { ObjectType } from '../../domain/records';
import { CrmResponseError } from '../../lib/errors';
import type { Page, RecordOf, Tombstone } from '../types';
import type { PipedriveContext } from './context';
import { freshState } from './cursor';
import { mapDeals, readDeals } from './deals';
import { instantOrNull } from './mappers/common';
import { collectAll, ENDPOINTS, type ListEndpoint, listAll } from './objects';
import { identify, type ObjectHandler, toPage } from './stream';
import { objectEnvelopeSchema } from './types';

const BY_IDS: Partial<Record<ObjectType, ListEndpoint>> = {
  contacts: ENDPOINTS.persons,
  companies: ENDPOINTS.organizations,
  calls: ENDPOINTS.activities,
  emails: ENDPOINTS.activities,
  meetings: ENDPOINTS.activities,
  tasks: ENDPOINTS.activities,
};

/**
 * Records by id; missing ids are left out. Deals come with their changelog (when the budget allows), v2 lists
 * take `ids` (≤ 100), leads and notes are read one by one (2 tokens each).
 * https://developers.pipedrive.com/docs/api/v1/Leads#getLead — `GET /v1/leads/{id}`
 * https://developers.pipedrive.com/docs/api/v1/Notes#getNote — `GET /v1/notes/{id}`
 */
export async function readById<T extends ObjectType>(
  ctx: PipedriveContext,
  handler: ObjectHandler<RecordOf[T]>,
  type: T,
  ids: string[],
  signal?: AbortSignal,
): Promise<Page<RecordOf[T]>> {
  if (ids.length === 0) return toPage({ results: [] }, type, null);
  if (type === 'deals') {
    const batch = await mapDeals(ctx, await readDeals(ctx, ids, signal), freshState(null), signal);
    return toPage(batch, type, null) as Page<RecordOf[T]>;
  }
  const endpoint = BY_IDS[type];
  let raws: unknown[] = [];
  if (endpoint !== undefined) {
    for (let i = 0; i < ids.length; i += 100) {
      raws.push(...(await collectAll(ctx.http, endpoint, { ids: ids.slice(i, i + 100).join(',') }, signal)));
    }
  } else {
    raws = await oneByOne(ctx, type === 'leads' ? '/v1/leads' : '/v1/notes', ids, signal);
  }
  const wanted = new Set(ids);
  const found = raws.filter((raw) => wanted.has(identify(raw).id ?? ''));
  return toPage(await handler.map(found, 'live', freshState(null), signal), type, null);
}

async function oneByOne(ctx: PipedriveContext, base: string, ids: string[], signal?: AbortSignal): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const id of ids) {
    try {
      const response = await ctx.http.get({
        family: base === '/v1/leads' ? 'leads' : 'notes',
        path: `${base}/${encodeURIComponent(id)}`,
        schema: objectEnvelopeSchema,
        signal,
      });
      if (response.data !== null && response.data !== undefined) out.push(response.data);
    } catch (error) {
      // Gone (converted, deleted): left out, as `read` promises.
      if (error instanceof CrmResponseError && (error.status === 404 || error.status === 410)) continue;
      throw error;
    }
  }
  return out;
}

/** The update second of a raw record as an instant, leniently (null when unreadable). */
function updatedAt(raw: unknown): string | null {
  const r = raw as { update_time?: unknown };
  try {
    return typeof r.update_time === 'string' ? instantOrNull(r.update_time, 'update_time') : null;
  } catch {
    return null;
  }
}

/**
 * Deals deleted in the last 30 days (after that Pipedrive purges them and only reconciliation by id set notices),
 * and for leads the converted leads of those deals: a converted lead lives on only through its deal's
 * `source_lead_id`, so it goes when its deal does. Other types have no deleted list: the job's full-read
 * reconciliation covers them.
 * https://developers.pipedrive.com/docs/api/v1/Deals#getDeals — `GET /api/v2/deals?status=deleted` (10 tokens)
 */
export async function* tombstonesOf(
  ctx: PipedriveContext,
  type: ObjectType,
  signal?: AbortSignal,
): AsyncGenerator<Tombstone[]> {
  if (type !== 'deals' && type !== 'leads') return;
  const extra = type === 'leads' ? { include_fields: 'source_lead_id' } : {};
  for await (const page of listAll(ctx.http, ENDPOINTS.deletedDeals, extra, signal)) {
    const batch: Tombstone[] = [];
    for (const raw of page) {
      const lead = (raw as { source_lead_id?: unknown }).source_lead_id;
      const id = type === 'deals' ? identify(raw).id : typeof lead === 'string' && lead !== '' ? lead : null;
      const at = updatedAt(raw);
      if (id !== null && at !== null) batch.push({ externalId: id, at, mergedInto: null });
    }
    yield batch;
  }
}
