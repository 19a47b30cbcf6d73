/**
 * Per-request view of the model for the Pipedrive routes, with caches that survive while the model does not
 * change: serialized records per position, sorted indexes for cursor paging, and the serialize context.
 *
 * Change detection is the HubSpot store's (see hubspot/store.ts for why): mutations stamp every write with
 * `writtenAtWallMs`, so a signature of `model.now`, each collection's length and the largest `writtenAtWallMs`
 * catches any write in one scan of a number field, far cheaper than re-serializing. `invalidate()` bumps a counter
 * in the signature, for edits that stamp nothing (users, pipelines, account). `model.now` is in the signature
 * because the 30-day deleted-deal window and `/v1/users` offsets move with it.
 */
import { foldDealSteps, type SimDealStep } from '../fold.js';
import type { SimDeal, SimModel, SimRecordMeta } from '../model.js';
import { buildContext, type SerializeContext } from './context.js';
import { floorSecond } from './format.js';
import type { PipedriveIds } from './ids.js';
import { compareEntries, type IndexEntry } from './paging.js';
import { engagementKind, hasCallLog } from './projection.js';
import { type PdDealDoc, serializeDeal } from './serialize-deals.js';
import {
  engagementAddMs,
  type PdDoc,
  serializeActivity,
  serializeNote,
  serializeOrganization,
  serializePerson,
} from './serialize-records.js';

/** Kinds served through cursor-paged v2 lists. */
export type V2Kind = 'deals' | 'activities' | 'persons' | 'organizations';
/** Sort fields of v2 lists. */
export type SortField = 'id' | 'update_time' | 'add_time' | 'due_date';

type ActivityDoc = ReturnType<typeof serializeActivity>;

interface Caches {
  ctx?: SerializeContext;
  steps: WeakMap<SimDeal, SimDealStep[]>;
  deals: (PdDealDoc | undefined)[];
  activities: (ActivityDoc | undefined)[];
  notes: (PdDoc | undefined)[];
  persons: (PdDoc | undefined)[];
  organizations: (PdDoc | undefined)[];
  positions: Map<string, number[]>;
  indexes: Map<string, IndexEntry[]>;
}

const fresh = (): Caches => ({
  steps: new WeakMap(),
  deals: [],
  activities: [],
  notes: [],
  persons: [],
  organizations: [],
  positions: new Map(),
  indexes: new Map(),
});

/** Serving view over a live model. */
export class Store {
  private caches = fresh();
  private signature = '';
  private invalidations = 0;

  constructor(
    readonly model: SimModel,
    readonly ids: PipedriveIds,
  ) {}

  /** The serialize context of the current model version. */
  get ctx(): SerializeContext {
    if (!this.caches.ctx) {
      this.caches.ctx = buildContext(this.model, this.ids, (deal) => this.dealSteps(deal));
    }
    return this.caches.ctx;
  }

  dealSteps(deal: SimDeal): SimDealStep[] {
    let steps = this.caches.steps.get(deal);
    if (!steps) {
      steps = foldDealSteps(deal, this.model.account.currency);
      this.caches.steps.set(deal, steps);
    }
    return steps;
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

  /** A cached serialization per position. */
  private cached<T>(list: (T | undefined)[], pos: number, make: () => T): T {
    let d = list[pos];
    if (d === undefined) {
      d = make();
      list[pos] = d;
    }
    return d;
  }

  deal(pos: number): PdDealDoc {
    return this.cached(this.caches.deals, pos, () => serializeDeal(this.ctx, this.model.deals[pos]!, pos));
  }

  activity(pos: number): ActivityDoc {
    return this.cached(this.caches.activities, pos, () =>
      serializeActivity(this.ctx, this.model.engagements[pos]!, pos),
    );
  }

  note(pos: number): PdDoc {
    return this.cached(this.caches.notes, pos, () => serializeNote(this.ctx, this.model.engagements[pos]!, pos));
  }

  person(pos: number): PdDoc {
    return this.cached(this.caches.persons, pos, () => serializePerson(this.ctx, this.model.contacts[pos]!, pos));
  }

  organization(pos: number): PdDoc {
    return this.cached(this.caches.organizations, pos, () =>
      serializeOrganization(this.ctx, this.model.companies[pos]!, pos),
    );
  }

  /** The serialized record of a v2 kind at a position. */
  doc(kind: V2Kind, pos: number): PdDoc | PdDealDoc {
    if (kind === 'deals') return this.deal(pos);
    if (kind === 'activities') return this.activity(pos);
    if (kind === 'persons') return this.person(pos);
    return this.organization(pos);
  }

  /** Model positions of a kind (activities, notes and call logs select from `engagements`). */
  positions(kind: V2Kind | 'notes' | 'callLogs'): number[] {
    let list = this.caches.positions.get(kind);
    if (list) return list;
    const m = this.model;
    if (kind === 'activities' || kind === 'notes' || kind === 'callLogs') {
      list = [];
      m.engagements.forEach((e, i) => {
        const k = engagementKind(e);
        if (kind === 'activities' ? k === 'activity' : kind === 'notes' ? k === 'note' : hasCallLog(e)) list!.push(i);
      });
    } else {
      const n = kind === 'deals' ? m.deals.length : kind === 'persons' ? m.contacts.length : m.companies.length;
      list = Array.from({ length: n }, (_, i) => i);
    }
    this.caches.positions.set(kind, list);
    return list;
  }

  /** Every record of a kind sorted ascending by (sort value, id): the index cursor pages walk. */
  index(kind: V2Kind, field: SortField): IndexEntry[] {
    const cacheKey = `${kind}:${field}`;
    let idx = this.caches.indexes.get(cacheKey);
    if (idx) return idx;
    // Keys come straight from the model, so building an index serializes nothing (1M deals stay cheap).
    idx = this.positions(kind).map((pos) => ({ key: this.sortKey(kind, field, pos), id: this.idOf(kind, pos), pos }));
    idx.sort(compareEntries);
    this.caches.indexes.set(cacheKey, idx);
    return idx;
  }

  private idOf(kind: V2Kind, pos: number): number {
    const c = kind === 'persons' ? 'contacts' : kind === 'organizations' ? 'companies' : kind;
    return this.ids.atPosition(c, pos);
  }

  /** The sort value the served record shows: instants floored to the second, due date + time as text. */
  private sortKey(kind: V2Kind, field: SortField, pos: number): number | string {
    const m = this.model;
    if (field === 'id') return this.idOf(kind, pos);
    if (kind === 'activities') {
      const e = m.engagements[pos]!;
      if (field === 'due_date') return new Date(e.at).toISOString().slice(0, 16);
      return floorSecond(field === 'update_time' ? e.modifiedAt : engagementAddMs(e));
    }
    const r = kind === 'deals' ? m.deals[pos]! : kind === 'persons' ? m.contacts[pos]! : m.companies[pos]!;
    if (field === 'update_time') return floorSecond(r.modifiedAt);
    return floorSecond('createdAt' in r ? r.createdAt : (r.timeline[0]?.at ?? 0));
  }
}
