/**
 * One record as HubSpot serves it (SimplePublicObject / ...WithAssociations): property selection, history,
 * embedded v3-style associations, dates as ISO strings with milliseconds.
 */
import type { JsonObject } from './errors.js';
import { OBJECT_TYPE_IDS, type ObjectKind, PORTAL_ID, singular } from './schema.js';
import { type HsDoc, iso } from './serialize.js';
import type { Store } from './store.js';

/** What to put on each record. */
export interface RecordShape {
  /** Requested property names; empty means the type's defaults (resolved by the caller). */
  properties: readonly string[];
  propertiesWithHistory?: readonly string[];
  associations?: readonly ObjectKind[];
}

/** Embedded associations are capped per type, as the v3 list shows only a first page. */
const EMBEDDED_ASSOCIATIONS_MAX = 100;

/** Requested properties of a doc: known-but-unset names are `null`, unknown names are left out (§4). */
export function selectProperties(store: Store, kind: ObjectKind, doc: HsDoc, names: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const name of names) {
    const v = doc.props[name];
    if (v !== undefined) out[name] = v;
    else if (store.knownProperty(kind, name)) out[name] = null;
  }
  return out;
}

/** The record JSON of a doc. */
export function wireRecord(store: Store, kind: ObjectKind, doc: HsDoc, shape: RecordShape): JsonObject {
  const rec: JsonObject = {
    id: doc.id,
    properties: selectProperties(store, kind, doc, shape.properties),
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
    archived: doc.archivedAt !== null,
  };
  if (doc.archivedAt !== null) rec.archivedAt = iso(doc.archivedAt);
  if (shape.propertiesWithHistory && shape.propertiesWithHistory.length > 0) {
    rec.propertiesWithHistory = store.history(kind, doc.pos, shape.propertiesWithHistory);
  }
  const assoc = embeddedAssociations(store, kind, doc.pos, shape.associations ?? []);
  // A record with no associations has no `associations` key at all (§18).
  if (assoc) rec.associations = assoc;
  rec.url = `https://app.hubspot.com/contacts/${PORTAL_ID}/record/${OBJECT_TYPE_IDS[kind]}/${doc.id}`;
  return rec;
}

/**
 * v3 embedded associations: `{ contacts: { results: [{ id, type: "deal_to_contact" }] } }`. A primary link is
 * listed twice, as `deal_to_company` and `deal_to_company_unlabeled`, like the live API.
 */
function embeddedAssociations(store: Store, kind: ObjectKind, pos: number, to: readonly ObjectKind[]) {
  const out: JsonObject = {};
  for (const target of new Set(to)) {
    const results: JsonObject[] = [];
    const name = `${singular(kind)}_to_${singular(target)}`;
    for (const link of store.associations(kind, pos, target).slice(0, EMBEDDED_ASSOCIATIONS_MAX)) {
      const id = store.doc(target, link.pos).id;
      const hasPrimary = link.types.some((t) => t.label === 'Primary');
      for (const t of link.types) {
        results.push({ id, type: t.label === 'Primary' || !hasPrimary ? name : `${name}_unlabeled` });
      }
    }
    if (results.length > 0) out[target] = { results };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
