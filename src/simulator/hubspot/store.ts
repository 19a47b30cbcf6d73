/**
 * Per-request view of the model with caches that survive while the model does not change.
 *
 * Change detection (why not only `invalidate()`): mutations belong to another module and stamp every write with
 * `writtenAtWallMs`, so a signature of `model.now`, each collection's length and the largest `writtenAtWallMs`
 * catches any write in one O(records) scan of a number field (well under a millisecond at 50k deals), while
 * re-serializing costs far more. `invalidate()` bumps a counter that is part of the signature, for edits that
 * do not stamp the write time (users, pipelines, account).
 */
import type { SimDeal, SimModel, SimRecordMeta } from '../model.js';
import { type AssocLink, associationTypes, buildAdjacency } from './assoc-graph.js';
import { companyLifecycles, contactSources } from './derived.js';
import type { HubSpotIds, IdCollection } from './ids.js';
import { collectionOfKind, engagementType, isEngagement, type ObjectKind, STANDARD_PROPERTIES } from './schema.js';
import {
  dealHistory,
  dealProps,
  foldForServing,
  type HsDoc,
  type HsHistories,
  iso,
  type SerializeContext,
} from './serialize.js';
import {
  companyHistory,
  companyProps,
  companyUpdatedAt,
  contactHistory,
  contactProps,
  engagementCreatedAt,
  engagementProps,
  leadHistory,
  leadProps,
} from './serialize-records.js';

/** History entry on the wire. */
export interface WireHistoryEntry {
  value: string;
  timestamp: string;
  sourceType: string;
}

interface Caches {
  positions: Map<ObjectKind, number[]>;
  docs: Map<ObjectKind, (HsDoc | undefined)[]>;
  steps: WeakMap<SimDeal, ReturnType<typeof foldForServing>>;
  merged: Map<IdCollection, Map<string, string[]>>;
  contactSources?: Map<string, string>;
  lifecycle?: Map<string, { at: number; stage: string }[]>;
  adjacency: Map<string, Map<number, number[]>>;
  custom: Map<ObjectKind, Set<string>>;
  memo: Map<string, unknown>;
}

const fresh = (): Caches => ({
  positions: new Map(),
  docs: new Map(),
  steps: new WeakMap(),
  merged: new Map(),
  adjacency: new Map(),
  custom: new Map(),
  memo: new Map(),
});

/** Serving view over a live model. */
export class Store {
  private caches = fresh();
  private signature = '';
  private invalidations = 0;
  readonly ctx: SerializeContext;

  constructor(
    readonly model: SimModel,
    readonly ids: HubSpotIds,
  ) {
    this.ctx = {
      model,
      ids,
      mergedIds: (c, id) => this.mergedMap(c).get(id) ?? [],
      contactSource: (id) => this.contactSources().get(id) ?? null,
      companyLifecycle: (id) => this.lifecycles().get(id) ?? [],
      dealSteps: (deal) => {
        let steps = this.caches.steps.get(deal);
        if (!steps) {
          steps = foldForServing(model, deal);
          this.caches.steps.set(deal, steps);
        }
        return steps;
      },
    };
  }

  /** A value computed once per model version (dropped with the other caches when the model changes). */
  memo<T>(key: string, make: () => T): T {
    if (this.caches.memo.has(key)) return this.caches.memo.get(key) as T;
    const value = make();
    this.caches.memo.set(key, value);
    return value;
  }

  /** Drops every cache now (for edits the signature cannot see). */
  invalidate(): void {
    this.invalidations++;
    this.refresh();
  }

  /** Called once per request: recomputes the change signature and drops caches when it moved. */
  refresh(): void {
    const m = this.model;
    let maxWrite = 0;
    for (const list of [m.companies, m.contacts, m.leads, m.deals, m.engagements] as readonly SimRecordMeta[][]) {
      for (const r of list) if (r.writtenAtWallMs > maxWrite) maxWrite = r.writtenAtWallMs;
    }
    const sig = [
      this.invalidations,
      m.now,
      m.users.length,
      m.pipelines.length,
      m.companies.length,
      m.contacts.length,
      m.leads.length,
      m.deals.length,
      m.engagements.length,
      maxWrite,
    ].join('|');
    if (sig !== this.signature) {
      this.signature = sig;
      this.caches = fresh();
    }
  }

  /** The model record (meta fields) at a position of a kind's collection. */
  meta(kind: ObjectKind, pos: number): SimRecordMeta & { id: string } {
    return this.model[collectionOfKind(kind)][pos]!;
  }

  /** Positions in the model collection of every record of a kind (live or not), in ascending id order. */
  positions(kind: ObjectKind): number[] {
    let list = this.caches.positions.get(kind);
    if (!list) {
      if (isEngagement(kind)) {
        const type = engagementType(kind);
        list = [];
        this.model.engagements.forEach((e, i) => {
          if (e.type === type) list!.push(i);
        });
      } else list = Array.from({ length: this.model[kind].length }, (_, i) => i);
      this.caches.positions.set(kind, list);
    }
    return list;
  }

  /** Whether `pos` holds a record of `kind` (engagement collections mix types). */
  isKind(kind: ObjectKind, pos: number): boolean {
    const r = this.model[collectionOfKind(kind)][pos];
    if (r === undefined) return false;
    return !isEngagement(kind) || this.model.engagements[pos]!.type === engagementType(kind);
  }

  /** Position of a HubSpot id of `kind`, or undefined when no such record exists. */
  find(kind: ObjectKind, hubspotId: string): number | undefined {
    const pos = this.ids.position(collectionOfKind(kind), hubspotId);
    return pos !== undefined && this.isKind(kind, pos) ? pos : undefined;
  }

  /** Listed/readable: neither deleted nor merged away. */
  isLive(kind: ObjectKind, pos: number): boolean {
    const r = this.meta(kind, pos);
    return r.deletedAt === null && r.mergedInto === null;
  }

  /** The serialized record at a position (cached until the model changes). */
  doc(kind: ObjectKind, pos: number): HsDoc {
    let docs = this.caches.docs.get(kind);
    if (!docs) {
      docs = [];
      this.caches.docs.set(kind, docs);
    }
    let d = docs[pos];
    if (!d) docs[pos] = d = this.serialize(kind, pos);
    return d;
  }

  private serialize(kind: ObjectKind, pos: number): HsDoc {
    const id = this.ids.atPosition(collectionOfKind(kind), pos);
    const m = this.model;
    const meta = this.meta(kind, pos);
    const base = {
      id,
      pos,
      archivedAt: meta.deletedAt,
      merged: meta.mergedInto !== null,
      writtenAtWallMs: meta.writtenAtWallMs,
    };
    switch (kind) {
      case 'deals': {
        const deal = m.deals[pos]!;
        const createdAt = this.ctx.dealSteps(deal)[0]!.at;
        return { ...base, props: dealProps(this.ctx, deal, id), createdAt, updatedAt: deal.modifiedAt };
      }
      case 'contacts': {
        const c = m.contacts[pos]!;
        return { ...base, props: contactProps(this.ctx, c, id), createdAt: c.createdAt, updatedAt: c.modifiedAt };
      }
      case 'companies': {
        const c = m.companies[pos]!;
        const updatedAt = companyUpdatedAt(this.ctx, c);
        return { ...base, props: companyProps(this.ctx, c, id), createdAt: c.createdAt, updatedAt };
      }
      case 'leads': {
        const l = m.leads[pos]!;
        return { ...base, props: leadProps(this.ctx, l, id), createdAt: l.createdAt, updatedAt: l.modifiedAt };
      }
      default: {
        const e = m.engagements[pos]!;
        const props = engagementProps(this.ctx, e, id);
        return { ...base, props, createdAt: engagementCreatedAt(e), updatedAt: e.modifiedAt };
      }
    }
  }

  /** Names a request may ask for on a kind: standard ones plus custom properties present in the model. */
  knownProperty(kind: ObjectKind, name: string): boolean {
    return name in STANDARD_PROPERTIES[kind] || this.customProperties(kind).has(name);
  }

  /** Custom property names found on the kind's records. */
  customProperties(kind: ObjectKind): Set<string> {
    let set = this.caches.custom.get(kind);
    if (!set) {
      set = new Set();
      if (kind === 'deals' || kind === 'contacts' || kind === 'companies') {
        for (const r of this.model[kind]) for (const k of Object.keys(r.properties)) set.add(k);
        for (const k of Object.keys(STANDARD_PROPERTIES[kind])) set.delete(k);
      }
      this.caches.custom.set(kind, set);
    }
    return set;
  }

  /** Histories of the requested properties, newest first; unknown names are left out, unset ones are `[]`. */
  history(kind: ObjectKind, pos: number, names: readonly string[]): Record<string, WireHistoryEntry[]> {
    const m = this.model;
    let own: HsHistories = {};
    if (kind === 'deals') own = dealHistory(this.ctx, m.deals[pos]!);
    else if (kind === 'contacts') own = contactHistory(m.contacts[pos]!);
    else if (kind === 'companies') own = companyHistory(this.ctx, m.companies[pos]!);
    else if (kind === 'leads') own = leadHistory(m.leads[pos]!);
    const d = this.doc(kind, pos);
    const out: Record<string, WireHistoryEntry[]> = {};
    for (const name of names) {
      if (!this.knownProperty(kind, name)) continue;
      const changes = own[name];
      const value = d.props[name];
      const list =
        changes ?? (value === null || value === undefined ? [] : [{ at: d.createdAt, value, sourceType: 'CRM_UI' }]);
      out[name] = list.map((c) => ({ value: c.value ?? '', timestamp: iso(c.at), sourceType: c.sourceType })).reverse();
    }
    return out;
  }

  /** Live associated records of `to` kind for a record, in ascending id order. */
  associations(from: ObjectKind, pos: number, to: ObjectKind): AssocLink[] {
    const types = associationTypes(from, to);
    if (!types) return [];
    const key = `${from}>${to}`;
    let adj = this.caches.adjacency.get(key);
    if (!adj) {
      adj = buildAdjacency(this.model, from, to);
      this.caches.adjacency.set(key, adj);
    }
    const targets = adj.get(pos) ?? [];
    return targets.filter((p) => this.isKind(to, p) && this.isLive(to, p)).map((p) => ({ pos: p, types }));
  }

  private mergedMap(c: IdCollection): Map<string, string[]> {
    let map = this.caches.merged.get(c);
    if (!map) {
      map = new Map();
      const list: readonly (SimRecordMeta & { id: string })[] = this.model[c];
      list.forEach((r, i) => {
        if (r.mergedInto === null) return;
        const ids = map!.get(r.mergedInto) ?? [];
        ids.push(this.ids.atPosition(c, i));
        map!.set(r.mergedInto, ids);
      });
      this.caches.merged.set(c, map);
    }
    return map;
  }

  private contactSources(): Map<string, string> {
    if (!this.caches.contactSources) this.caches.contactSources = contactSources(this.model);
    return this.caches.contactSources;
  }

  private lifecycles(): Map<string, { at: number; stage: string }[]> {
    if (!this.caches.lifecycle) this.caches.lifecycle = companyLifecycles(this.model, this.ctx.dealSteps);
    return this.caches.lifecycle;
  }
}
