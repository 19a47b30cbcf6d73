/**
 * `POST /crm/v3/objects/{type}/search` (hubspot-api.md §5): filter groups (OR) of filters (AND), one honoured
 * sort, `after` as a string offset, `total`, the 10,000-result paging cap, no archived records, index lag
 * (search-index.ts). Date filters take epoch-ms strings; datetime values compare as instants.
 */
import { type JsonObject, validationError } from './errors.js';
import { type Handler, objectBody, ok, type Route, stringArray } from './http.js';
import { kindParam } from './objects.js';
import { wireRecord } from './records.js';
import {
  createdProperty,
  defaultProperties,
  modifiedProperty,
  type ObjectKind,
  type PropertyType,
  STANDARD_PROPERTIES,
} from './schema.js';
import type { HsDoc } from './serialize.js';
import type { Store } from './store.js';

const OPERATORS = new Set([
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
]);
/** Filter caps since 2024-08-26 [D-CL-FILTERS]. */
const MAX_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 10;
const MAX_FILTERS = 25;

type Key = number | string;
type Predicate = (doc: HsDoc) => boolean;

/** Comparable key of a wire value for a property type; undefined when it does not parse. */
function keyOf(type: PropertyType | undefined, raw: string): Key | undefined {
  if (type === 'datetime' || type === 'date') {
    const ms = /^-?\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (type === 'number' || (type === undefined && raw.trim() !== '' && Number.isFinite(Number(raw)))) {
    const n = Number(raw);
    return Number.isFinite(n) ? n : undefined;
  }
  return raw.toLowerCase();
}

const cmp = (a: Key, b: Key): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Comparable keys of one property for every current record, by position, computed once per model version:
 * parsing 50k ISO dates per filter and per sort dominated search time. A stale doc served through the index
 * lag is keyed directly.
 */
function keyReader(store: Store, kind: ObjectKind, name: string): (doc: HsDoc) => Key | undefined {
  const type = typeOf(kind, name);
  const direct = (doc: HsDoc): Key | undefined => {
    const v = doc.props[name];
    return v === null || v === undefined || v === '' ? undefined : keyOf(type, v);
  };
  const keys = store.memo(`search-keys:${kind}:${name}`, () => {
    const out: (Key | undefined)[] = [];
    for (const pos of store.positions(kind)) out[pos] = direct(store.doc(kind, pos));
    return out;
  });
  return (doc) => (store.doc(kind, doc.pos) === doc ? keys[doc.pos] : direct(doc));
}

function typeOf(kind: ObjectKind, name: string): PropertyType | undefined {
  return STANDARD_PROPERTIES[kind][name]?.type;
}

function compileFilter(store: Store, kind: ObjectKind, f: unknown): Predicate {
  if (typeof f !== 'object' || f === null) throw validationError('Invalid input JSON: a filter must be an object');
  const { propertyName, operator, value, highValue, values } = f as Record<string, unknown>;
  if (typeof propertyName !== 'string' || typeof operator !== 'string' || !OPERATORS.has(operator)) {
    throw validationError(`Invalid filter: ${JSON.stringify(f)}`);
  }
  if (!store.knownProperty(kind, propertyName)) {
    throw validationError(`There was a problem with the request. Property "${propertyName}" does not exist`);
  }
  const type = typeOf(kind, propertyName);
  const need = (v: unknown, what: string): Key => {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw validationError(`Filter on ${propertyName} with ${operator} needs a ${what}`);
    }
    const k = keyOf(type, String(v));
    if (k === undefined) throw validationError(`Invalid ${what} "${String(v)}" for property ${propertyName}`);
    return k;
  };
  const current = keyReader(store, kind, propertyName);
  const has = (doc: HsDoc) => current(doc) !== undefined;
  switch (operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return (d) => !has(d);
    case 'BETWEEN': {
      const lo = need(value, 'value');
      const hi = need(highValue, 'highValue');
      return (d) => {
        const k = current(d);
        return k !== undefined && cmp(k, lo) >= 0 && cmp(k, hi) <= 0;
      };
    }
    case 'IN':
    case 'NOT_IN': {
      if (!Array.isArray(values)) throw validationError(`Filter on ${propertyName} with ${operator} needs values`);
      const set = new Set(values.map((v) => need(v, 'value')));
      const inSet = (d: HsDoc) => {
        const k = current(d);
        return k !== undefined && set.has(k);
      };
      return operator === 'IN' ? inSet : (d) => !inSet(d);
    }
    case 'CONTAINS_TOKEN':
    case 'NOT_CONTAINS_TOKEN': {
      const token = String(need(value, 'value')).replaceAll('*', '').toLowerCase();
      const contains = (d: HsDoc) => (d.props[propertyName] ?? '').toLowerCase().includes(token);
      return operator === 'CONTAINS_TOKEN' ? contains : (d) => !contains(d);
    }
    default: {
      const target = need(value, 'value');
      const test: Record<string, (c: number) => boolean> = {
        EQ: (c) => c === 0,
        NEQ: (c) => c !== 0,
        LT: (c) => c < 0,
        LTE: (c) => c <= 0,
        GT: (c) => c > 0,
        GTE: (c) => c >= 0,
      };
      const t = test[operator]!;
      // NEQ also matches records without a value; the ordering operators never do.
      return (d) => {
        const k = current(d);
        return k === undefined ? operator === 'NEQ' : t(cmp(k, target));
      };
    }
  }
}

function compileGroups(store: Store, kind: ObjectKind, groups: unknown): Predicate | undefined {
  if (groups === undefined || groups === null) return undefined;
  if (!Array.isArray(groups)) throw validationError('Invalid input JSON: filterGroups must be an array');
  if (groups.length === 0) return undefined;
  const lists = groups.map((g) => {
    const filters = (g as { filters?: unknown } | null)?.filters ?? [];
    if (!Array.isArray(filters)) throw validationError('Invalid input JSON: filters must be an array');
    return filters;
  });
  const total = lists.reduce((n, l) => n + l.length, 0);
  if (groups.length > MAX_GROUPS || lists.some((l) => l.length > MAX_FILTERS_PER_GROUP) || total > MAX_FILTERS) {
    throw validationError(
      `Too many filters: at most ${MAX_GROUPS} filterGroups, ${MAX_FILTERS_PER_GROUP} filters per group and ${MAX_FILTERS} in total`,
    );
  }
  const compiled = lists.map((l) => l.map((f) => compileFilter(store, kind, f)));
  return (d) => compiled.some((group) => group.every((p) => p(d)));
}

/** The first sort object, if any: string sorts are ignored, as the live API ignores stringified ones. */
/** Sorts by the first sort object; string sorts are ignored, as the live API ignores stringified ones. */
function sortDocs(store: Store, kind: ObjectKind, sorts: unknown, docs: HsDoc[]): HsDoc[] {
  if (!Array.isArray(sorts)) return docs;
  const first = sorts.find((s): s is { propertyName: string; direction?: unknown } => {
    return typeof s === 'object' && s !== null && typeof (s as { propertyName?: unknown }).propertyName === 'string';
  });
  if (!first) return docs;
  const key = keyReader(store, kind, first.propertyName);
  const sign = first.direction === 'DESCENDING' ? -1 : 1;
  // Decorate once: computing keys inside the comparator costs n log n lookups at 50k records.
  const rows = docs.map((d) => ({ d, k: key(d) }));
  rows.sort((a, b) => {
    // Unset values sort last in both directions; ties keep id order so paging is stable.
    if (a.k === undefined || b.k === undefined) return a.k === b.k ? a.d.pos - b.d.pos : a.k === undefined ? 1 : -1;
    return sign * cmp(a.k, b.k) || a.d.pos - b.d.pos;
  });
  return rows.map((r) => r.d);
}

const search: Handler = (req, ctx) => {
  const kind = kindParam(req);
  const body = objectBody(req);
  const limit = body.limit ?? 10;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > ctx.sizes.searchMax) {
    throw validationError(`limit must be an integer between 0 and ${ctx.sizes.searchMax}`);
  }
  const afterRaw = body.after ?? '0';
  if ((typeof afterRaw !== 'string' && typeof afterRaw !== 'number') || !/^\d+$/.test(String(afterRaw))) {
    throw validationError(`Invalid after: ${String(afterRaw)}`);
  }
  const after = Number(afterRaw);
  if (after + limit > ctx.sizes.searchCap) {
    throw validationError(
      `Search results are capped at ${ctx.sizes.searchCap}: after (${after}) + limit (${limit}) reaches beyond them`,
    );
  }
  const filter = compileGroups(ctx.store, kind, body.filterGroups);
  const query = typeof body.query === 'string' && body.query.trim() !== '' ? body.query.trim().toLowerCase() : null;
  const defaults = defaultProperties(kind);
  let docs = ctx.searchIndex.searchable(kind);
  if (filter) docs = docs.filter(filter);
  if (query !== null) docs = docs.filter((d) => defaults.some((p) => (d.props[p] ?? '').toLowerCase().includes(query)));
  docs = sortDocs(ctx.store, kind, body.sorts, docs);
  const requested = stringArray(body, 'properties');
  // Search always returns the id, create and modified properties besides the requested ones.
  const always = ['hs_object_id', createdProperty(kind), modifiedProperty(kind)];
  const properties = requested.length > 0 ? [...new Set([...requested, ...always])] : defaults;
  const results = docs.slice(after, after + limit).map((d) => wireRecord(ctx.store, kind, d, { properties }));
  const reply: JsonObject = { total: docs.length, results };
  if (limit > 0 && after + limit < docs.length) reply.paging = { next: { after: String(after + limit) } };
  return ok(reply);
};

/** Route table of this family; search routes use the search bucket and carry no rate-limit headers. */
export const searchRoutes: Route[] = [
  { method: 'POST', pattern: '/crm/v3/objects/:type/search', handler: search, search: true },
];
