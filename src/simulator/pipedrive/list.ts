/**
 * The one v2 list routine every cursor-paged endpoint shares (pipedrive-api.md §4): `limit` (default 100,
 * max 500, above is a 400), `cursor`, `sort_by` / `sort_direction` (id tie-break), `ids` (≤ 100),
 * `updated_since` (inclusive) / `updated_until` (exclusive) in RFC 3339 whole seconds, compared with the served
 * (whole-second) `update_time`.
 */
import { validationFailed } from './errors.js';
import {
  enumParam,
  limitParam,
  listParam,
  ok,
  type RouteContext,
  rfc3339Param,
  type SimReply,
  type SimRequest,
} from './http.js';
import { v2Page } from './paging.js';
import type { SortField, V2Kind } from './store.js';

/** What a v2 list route plugs into {@link v2List}. */
export interface V2ListSpec {
  kind: V2Kind;
  sorts: readonly SortField[];
  /** Whether the endpoint takes `updated_since` / `updated_until` (pipelines and stages do not). */
  updatedFilter: boolean;
  keep: (pos: number) => boolean;
  shape: (pos: number) => unknown;
}

const MAX_IDS = 100;

/** Parses the common parameters, pages the kind's index, and wraps the page in the v2 envelope. */
export function v2List(req: SimRequest, ctx: RouteContext, spec: V2ListSpec): SimReply {
  const { query } = req;
  const limit = limitParam(query, ctx.sizes.v2Default, ctx.sizes.v2Max);
  const field = enumParam(query, 'sort_by', spec.sorts, 'id');
  const direction = enumParam(query, 'sort_direction', ['asc', 'desc'] as const, 'asc');
  const since = spec.updatedFilter ? rfc3339Param(query, 'updated_since') : undefined;
  const until = spec.updatedFilter ? rfc3339Param(query, 'updated_until') : undefined;
  const idList = listParam(query, 'ids');
  if (idList.length > MAX_IDS) throw validationFailed(`"ids" takes at most ${MAX_IDS} ids`);
  if (idList.some((v) => !/^\d+$/.test(v))) throw validationFailed('"ids" must be a comma list of integers');
  const wanted = idList.length > 0 ? new Set(idList.map(Number)) : null;
  const { store } = ctx;
  const updateKey = (pos: number) => Math.floor(store.doc(spec.kind, pos).updateMs / 1000) * 1000;
  const keep = (pos: number): boolean => {
    if (wanted !== null && !wanted.has(store.doc(spec.kind, pos).id)) return false;
    if (since !== undefined && updateKey(pos) < since) return false;
    if (until !== undefined && updateKey(pos) >= until) return false;
    return spec.keep(pos);
  };
  const page = v2Page(
    store.index(spec.kind, field),
    {
      field,
      direction,
      limit,
      cursor: query.get('cursor') || null,
      // An ascending update_time walk can start at the watermark instead of scanning older records.
      ...(field === 'update_time' && since !== undefined ? { lowerKey: since } : {}),
    },
    keep,
  );
  return ok(
    page.positions.map((pos) => spec.shape(pos)),
    { next_cursor: page.nextCursor },
  );
}
