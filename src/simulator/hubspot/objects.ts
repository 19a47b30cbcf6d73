/**
 * `GET /crm/v3/objects/{type}`, `GET /crm/v3/objects/{type}/{id}`, `POST /crm/v3/objects/{type}/batch/read`
 * (hubspot-api.md §4, §6, §14). Records are listed in ascending id order; `after` is the id of the next record.
 */
import { type JsonObject, notFound, validationError } from './errors.js';
import {
  boolParam,
  type Handler,
  intParam,
  listParam,
  objectBody,
  ok,
  type Route,
  type RouteContext,
  type SimRequest,
  stringArray,
} from './http.js';
import { HUBSPOT_ID_BASES } from './ids.js';
import { type RecordShape, wireRecord } from './records.js';
import { collectionOfKind, defaultProperties, type ObjectKind, parseObjectKind } from './schema.js';
import { iso } from './serialize.js';
import type { Store } from './store.js';

/** The kind named by the `:type` path segment, or a 400 like HubSpot's for an unknown object type. */
export function kindParam(req: SimRequest, name = 'type'): ObjectKind {
  const raw = req.params[name] ?? '';
  const kind = parseObjectKind(raw);
  if (!kind) throw validationError(`Unable to infer object type from: ${raw}`);
  return kind;
}

/** Archived listing shows deleted records only; merged-away records never appear in either listing (§14). */
function visible(store: Store, kind: ObjectKind, pos: number, archived: boolean): boolean {
  const m = store.meta(kind, pos);
  if (m.mergedInto !== null) return false;
  return archived ? m.deletedAt !== null : m.deletedAt === null;
}

function shapeFromQuery(req: SimRequest, kind: ObjectKind): RecordShape {
  const properties = listParam(req.query, 'properties');
  const associations = listParam(req.query, 'associations')
    .map(parseObjectKind)
    .filter((k): k is ObjectKind => k !== undefined);
  return {
    properties: properties.length > 0 ? properties : defaultProperties(kind),
    propertiesWithHistory: listParam(req.query, 'propertiesWithHistory'),
    associations,
  };
}

const list: Handler = (req, ctx) => {
  const kind = kindParam(req);
  const shape = shapeFromQuery(req, kind);
  const withHistory = (shape.propertiesWithHistory?.length ?? 0) > 0;
  const limit = intParam(req.query, 'limit', 10, withHistory ? ctx.sizes.listHistoryMax : ctx.sizes.listMax);
  const archived = boolParam(req.query, 'archived');
  const after = req.query.get('after');
  let startPos = 0;
  if (after !== null && after !== '') {
    if (!/^\d+$/.test(after)) throw validationError(`Invalid after: ${after}`, { name: 'after', value: after });
    startPos = Math.max(0, Number(after) - HUBSPOT_ID_BASES[collectionOfKind(kind)] - 1);
  }
  const { store } = ctx;
  const positions = store.positions(kind);
  const picked: number[] = [];
  for (let i = lowerBound(positions, startPos); i < positions.length && picked.length <= limit; i++) {
    const pos = positions[i]!;
    if (visible(store, kind, pos, archived)) picked.push(pos);
  }
  const page = picked.slice(0, limit);
  const body: JsonObject = { results: page.map((pos) => wireRecord(store, kind, store.doc(kind, pos), shape)) };
  const next = picked[limit];
  if (next !== undefined) {
    const nextId = store.doc(kind, next).id;
    body.paging = { next: { after: nextId, link: `?after=${nextId}` } };
  }
  return ok(body);
};

/** First index whose value is >= target in an ascending array. */
function lowerBound(sorted: readonly number[], target: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Positions matching ids, by HubSpot id or by another unique property (`idProperty`, e.g. contact email). */
function resolveIds(ctx: RouteContext, kind: ObjectKind, ids: readonly string[], idProperty: string | null) {
  const { store } = ctx;
  if (idProperty === null || idProperty === '' || idProperty === 'hs_object_id') {
    return ids.map((id) => store.find(kind, id));
  }
  const byValue = new Map<string, number>();
  for (const pos of store.positions(kind)) {
    const v = store.doc(kind, pos).props[idProperty];
    if (v !== null && v !== undefined && !byValue.has(v)) byValue.set(v, pos);
  }
  return ids.map((id) => byValue.get(id));
}

const getOne: Handler = (req, ctx) => {
  const kind = kindParam(req);
  const archived = boolParam(req.query, 'archived');
  const [pos] = resolveIds(ctx, kind, [req.params.id ?? ''], req.query.get('idProperty'));
  if (pos === undefined || !visible(ctx.store, kind, pos, archived)) throw notFound();
  return ok(wireRecord(ctx.store, kind, ctx.store.doc(kind, pos), shapeFromQuery(req, kind)));
};

const batchRead: Handler = (req, ctx) => {
  const kind = kindParam(req);
  const body = objectBody(req);
  const inputs = body.inputs;
  if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: inputs must be an array');
  const ids = inputs.map((i: unknown) => {
    const id = typeof i === 'object' && i !== null ? (i as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' && typeof id !== 'number')
      throw validationError('Invalid input JSON: each input needs an id');
    return String(id);
  });
  const history = stringArray(body, 'propertiesWithHistory');
  if (history.length > 0 && ids.length > ctx.sizes.batchHistoryMax) {
    throw validationError(
      `The maximum number of inputs supported in a batch request for property histories is ${ctx.sizes.batchHistoryMax}`,
    );
  }
  if (ids.length > ctx.sizes.batchMax) {
    throw validationError(`The maximum number of inputs supported in a batch request is ${ctx.sizes.batchMax}`);
  }
  const properties = stringArray(body, 'properties');
  const shape: RecordShape = {
    properties: properties.length > 0 ? properties : defaultProperties(kind),
    propertiesWithHistory: history,
  };
  const archived = boolParam(req.query, 'archived');
  const idProperty = typeof body.idProperty === 'string' ? body.idProperty : null;
  const positions = resolveIds(ctx, kind, ids, idProperty);
  const results: JsonObject[] = [];
  const missing: string[] = [];
  const seen = new Set<number>();
  positions.forEach((pos, i) => {
    if (pos === undefined || !visible(ctx.store, kind, pos, archived)) missing.push(ids[i]!);
    else if (!seen.has(pos)) {
      seen.add(pos);
      results.push(wireRecord(ctx.store, kind, ctx.store.doc(kind, pos), shape));
    }
  });
  // Batch timestamps are request metadata, not CRM data: the model clock keeps responses reproducible.
  const at = iso(ctx.store.model.now);
  const reply: JsonObject = { status: 'COMPLETE', results, requestedAt: at, startedAt: at, completedAt: at };
  if (missing.length === 0) return ok(reply);
  reply.numErrors = missing.length;
  reply.errors = [
    {
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      message: `Could not get some ${kind.toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
      context: { ids: missing },
      errors: [],
      links: {},
    },
  ];
  return ok(reply, 207);
};

/** Route table of this family. */
export const objectRoutes: Route[] = [
  { method: 'GET', pattern: '/crm/v3/objects/:type', handler: list },
  { method: 'POST', pattern: '/crm/v3/objects/:type/batch/read', handler: batchRead },
  { method: 'GET', pattern: '/crm/v3/objects/:type/:id', handler: getOne },
];
