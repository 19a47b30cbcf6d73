/**
 * Associations v4 (hubspot-api.md §9): `GET /crm/v4/objects/{from}/{id}/associations/{to}` and
 * `POST /crm/v4/associations/{from}/{to}/batch/read`. `toObjectId` is a JSON number, as the live API sends it
 * (the spec says string). A source with no associations (or unknown) is an error entry of a 207, with the
 * `crm.associations.NO_ASSOCIATIONS_FOUND` sub-category public integrations recorded, not an empty result.
 */
import type { AssocLink } from './assoc-graph.js';
import { type JsonObject, notFound, validationError } from './errors.js';
import { type Handler, intParam, objectBody, ok, type Route, type RouteContext } from './http.js';
import { kindParam } from './objects.js';
import { type ObjectKind, singular } from './schema.js';
import { iso } from './serialize.js';

function wireLinks(ctx: RouteContext, to: ObjectKind, links: readonly AssocLink[]): JsonObject[] {
  return links.map((l) => ({ toObjectId: Number(ctx.store.doc(to, l.pos).id), associationTypes: l.types }));
}

/** One page of links starting at a numeric offset cursor. */
function page(links: readonly AssocLink[], after: string | undefined, size: number) {
  const start = after !== undefined && /^\d+$/.test(after) ? Number(after) : 0;
  const slice = links.slice(start, start + size);
  const next = start + size < links.length ? String(start + size) : undefined;
  return { slice, next };
}

function liveSource(ctx: RouteContext, kind: ObjectKind, id: string): number | undefined {
  const pos = ctx.store.find(kind, id);
  return pos !== undefined && ctx.store.isLive(kind, pos) ? pos : undefined;
}

const listForRecord: Handler = (req, ctx) => {
  const from = kindParam(req, 'from');
  const to = kindParam(req, 'to');
  const size = intParam(req.query, 'limit', ctx.sizes.assocPage, ctx.sizes.assocPage);
  const pos = liveSource(ctx, from, req.params.id ?? '');
  if (pos === undefined) throw notFound();
  const { slice, next } = page(ctx.store.associations(from, pos, to), req.query.get('after') ?? undefined, size);
  const body: JsonObject = { results: wireLinks(ctx, to, slice) };
  if (next !== undefined) body.paging = { next: { after: next, link: `?after=${next}` } };
  return ok(body);
};

const batchRead: Handler = (req, ctx) => {
  const from = kindParam(req, 'from');
  const to = kindParam(req, 'to');
  const inputs = objectBody(req).inputs;
  if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: inputs must be an array');
  if (inputs.length > ctx.sizes.assocBatchInputs) {
    throw validationError(`The maximum number of inputs supported in a batch request is ${ctx.sizes.assocBatchInputs}`);
  }
  const results: JsonObject[] = [];
  const errors: JsonObject[] = [];
  for (const input of inputs) {
    const { id, after } = (typeof input === 'object' && input !== null ? input : {}) as {
      id?: unknown;
      after?: unknown;
    };
    if (typeof id !== 'string' && typeof id !== 'number')
      throw validationError('Invalid input JSON: each input needs an id');
    const fromId = String(id);
    const pos = liveSource(ctx, from, fromId);
    const links = pos === undefined ? [] : ctx.store.associations(from, pos, to);
    if (links.length === 0) {
      errors.push({
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
        message: `No ${singular(to)} is associated with ${singular(from)} ${fromId}.`,
        context: { fromObjectId: [fromId], fromObjectType: [singular(from)], toObjectType: [singular(to)] },
      });
      continue;
    }
    const { slice, next } = page(links, typeof after === 'string' ? after : undefined, ctx.sizes.assocPage);
    const result: JsonObject = { from: { id: fromId }, to: wireLinks(ctx, to, slice) };
    // Per-source paging: present only when this source has more; the caller re-sends { id, after }.
    if (next !== undefined) result.paging = { next: { after: next } };
    results.push(result);
  }
  const at = iso(ctx.store.model.now);
  const body: JsonObject = { status: 'COMPLETE', results, startedAt: at, completedAt: at };
  if (errors.length === 0) return ok(body);
  return ok(Object.assign(body, { numErrors: errors.length, errors }), 207);
};

/** Route table of this family. */
export const associationRoutes: Route[] = [
  { method: 'GET', pattern: '/crm/v4/objects/:from/:id/associations/:to', handler: listForRecord },
  { method: 'POST', pattern: '/crm/v4/associations/:from/:to/batch/read', handler: batchRead },
];
