/**
 * The search index with HubSpot's lag (hubspot-api.md §5): search serves a record as it was last indexed. A
 * record whose last write (`writtenAtWallMs`) is younger than `searchLagMs` keeps its previously indexed version,
 * and a record never indexed before (new) stays invisible until the lag has passed. Deleted records leave the
 * index the same way: a fresh delete still shows the old live version.
 *
 * The index is seeded with every record when the server starts (only when a lag is set): whatever the model held
 * then counts as indexed. With no lag the index is the live store.
 */
import { performance } from 'node:perf_hooks';
import { isEngagement, type ObjectKind } from './schema.js';
import type { HsDoc } from './serialize.js';
import type { Store } from './store.js';

const ALL_KINDS: readonly ObjectKind[] = [
  'deals',
  'contacts',
  'companies',
  'leads',
  'calls',
  'emails',
  'meetings',
  'notes',
  'tasks',
];

export class SearchIndex {
  private readonly indexed = new Map<ObjectKind, Map<number, HsDoc>>();

  constructor(
    private readonly store: Store,
    private readonly lagMs: number,
    private readonly wallNow: () => number = () => performance.now(),
  ) {}

  /** Indexes every current record (called at server start when `lagMs > 0`). */
  seed(): void {
    if (this.lagMs <= 0) return;
    this.store.refresh();
    for (const kind of ALL_KINDS) {
      if (isEngagement(kind) && this.store.model.engagements.length === 0) continue;
      const map = this.kindMap(kind);
      for (const pos of this.store.positions(kind)) map.set(pos, this.store.doc(kind, pos));
    }
  }

  private kindMap(kind: ObjectKind): Map<number, HsDoc> {
    let map = this.indexed.get(kind);
    if (!map) {
      map = new Map();
      this.indexed.set(kind, map);
    }
    return map;
  }

  /** The searchable docs of a kind right now: the indexed version of each record, archived and merged ones excluded. */
  searchable(kind: ObjectKind): HsDoc[] {
    const out: HsDoc[] = [];
    const map = this.kindMap(kind);
    const wall = this.wallNow();
    for (const pos of this.store.positions(kind)) {
      const current = this.store.doc(kind, pos);
      let doc: HsDoc | undefined = current;
      if (this.lagMs > 0) {
        const prev = map.get(pos);
        if (prev && prev.writtenAtWallMs === current.writtenAtWallMs) map.set(pos, current);
        else if (wall - current.writtenAtWallMs >= this.lagMs) map.set(pos, current);
        else doc = prev;
      }
      if (doc && doc.archivedAt === null && !doc.merged) out.push(doc);
    }
    return out;
  }
}
