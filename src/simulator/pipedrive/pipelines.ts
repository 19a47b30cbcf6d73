/**
 * Pipelines, stages and field definitions (pipedrive-api.md §4, §6, §7): `GET /api/v2/pipelines`,
 * `GET /api/v2/stages` (`pipeline_id`), `GET /api/v2/dealFields` / `organizationFields` (cursor paging) and their
 * v1 twins `GET /v1/dealFields` / `organizationFields` (offset paging). Custom fields carry 40-hex keys; the
 * deal `channel` and organization `industry` enums carry their options.
 */
import type { JsonObject } from './errors.js';
import {
  enumParam,
  type Handler,
  limitParam,
  ok,
  optionalInt,
  type Route,
  type RouteContext,
  type SimRequest,
} from './http.js';
import { type IndexEntry, v1Page, v2Page } from './paging.js';
import { serializeFieldsV1, serializeFieldsV2, serializePipelines, serializeStages } from './serialize-meta.js';

/** Cursor-pages a small in-memory list (every item has a numeric `id`). */
function pageSmall(req: SimRequest, ctx: RouteContext, items: readonly JsonObject[], sorts: readonly string[]) {
  const field = enumParam(req.query, 'sort_by', sorts, 'id');
  const direction = enumParam(req.query, 'sort_direction', ['asc', 'desc'] as const, 'asc');
  const limit = limitParam(req.query, ctx.sizes.v2Default, ctx.sizes.v2Max);
  const index: IndexEntry[] = items
    .map((it, pos) => {
      const v = it[field];
      return { key: typeof v === 'number' || typeof v === 'string' ? v : 0, id: Number(it.id ?? pos), pos };
    })
    .sort((a, b) => (a.key === b.key ? a.id - b.id : a.key < b.key ? -1 : 1));
  const page = v2Page(index, { field, direction, limit, cursor: req.query.get('cursor') || null }, () => true);
  return ok(
    page.positions.map((p) => items[p]),
    { next_cursor: page.nextCursor },
  );
}

const pipelines: Handler = (req, ctx) =>
  pageSmall(req, ctx, serializePipelines(ctx.store.ctx), ['id', 'update_time', 'add_time']);

const stages: Handler = (req, ctx) => {
  const pipelineId = optionalInt(req.query, 'pipeline_id');
  const all = serializeStages(ctx.store.ctx);
  const items = pipelineId === undefined ? all : all.filter((s) => s.pipeline_id === pipelineId);
  return pageSmall(req, ctx, items, ['id', 'update_time', 'add_time', 'order_nr']);
};

function fieldsV2(entity: 'deal' | 'organization'): Handler {
  return (req, ctx) => {
    // Field definitions have no id in v2: page them in their served order, keyed by position.
    const items = serializeFieldsV2(ctx.store.ctx, entity).map((f, i) => ({ ...f, id: i + 1 }));
    const reply = pageSmall(req, ctx, items, ['id']);
    const body = reply.body as { data: JsonObject[] };
    body.data = body.data.map(({ id: _id, ...rest }) => rest);
    return reply;
  };
}

function fieldsV1(entity: 'deal' | 'organization'): Handler {
  return (req, ctx) => {
    const start = optionalInt(req.query, 'start') ?? 0;
    const limit = limitParam(req.query, ctx.sizes.v1Default, ctx.sizes.v1Max);
    const { page, pagination } = v1Page(serializeFieldsV1(ctx.store.ctx, entity), start, limit);
    return ok(page, { pagination });
  };
}

/** Route table of this family. */
export const pipelineRoutes: Route[] = [
  { method: 'GET', pattern: '/api/v2/pipelines', handler: pipelines },
  { method: 'GET', pattern: '/api/v2/stages', handler: stages },
  { method: 'GET', pattern: '/api/v2/dealFields', handler: fieldsV2('deal') },
  { method: 'GET', pattern: '/api/v2/organizationFields', handler: fieldsV2('organization') },
  { method: 'GET', pattern: '/v1/dealFields', handler: fieldsV1('deal') },
  { method: 'GET', pattern: '/v1/organizationFields', handler: fieldsV1('organization') },
];
