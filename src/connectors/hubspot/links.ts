/**
 * Association links of a page of records, per target type. A full sync takes them from the list endpoint's
 * `associations=` embedding (hubspot-api.md §4): no extra call at all. The embedding only carries a first page of
 * links (§9), so any source whose embedded links might be cut short is re-read with the v4 batch read, which pages
 * per source. Searches and reads by id cannot embed (§5), so they always use the v4 batch read.
 */
import { type AssociationIndex, readAssociations } from './associations';
import type { HubSpotHttp } from './client';

/** Per target object type, the associated ids of each source id (primary links first). */
export type LinkIndex = Map<string, AssociationIndex>;

/**
 * Embedded link lists this long may be a truncated first page even without `paging` (the simulator caps at 100,
 * HubSpot's own cap is undocumented): such sources are re-read rather than trusted.
 */
const EMBEDDED_PAGE_SUSPECT = 100;

/** Object type ids HubSpot may use as embedding keys instead of the plural name (hubspot-api.md §4, §17). */
const TYPE_IDS: Readonly<Record<string, string>> = {
  contacts: '0-1',
  companies: '0-2',
  deals: '0-3',
  leads: '0-136',
};

interface Embedded {
  results?: unknown;
  paging?: unknown;
}

/** Links embedded in listed records; `incomplete` lists, per target, the sources whose links must be re-read. */
export function embeddedLinks(
  records: readonly unknown[],
  targets: readonly string[],
): { links: LinkIndex; incomplete: Map<string, string[]> } {
  const links: LinkIndex = new Map(targets.map((t) => [t, new Map()]));
  const incomplete = new Map<string, string[]>();
  for (const raw of records) {
    if (typeof raw !== 'object' || raw === null) continue;
    const record = raw as { id?: unknown; associations?: Record<string, Embedded | undefined> };
    if (typeof record.id !== 'string') continue;
    // A record with no links has no `associations` key at all (hubspot-api.md §18).
    const embedded = record.associations ?? {};
    for (const target of targets) {
      const collection = embedded[target] ?? embedded[TYPE_IDS[target] ?? target];
      if (collection === undefined) continue;
      const results = Array.isArray(collection.results) ? collection.results : [];
      if (collection.paging != null || results.length >= EMBEDDED_PAGE_SUSPECT) {
        incomplete.set(target, [...(incomplete.get(target) ?? []), record.id]);
        continue;
      }
      const ids = orderedIds(results);
      if (ids.length > 0) links.get(target)?.set(record.id, ids);
    }
  }
  return { links, incomplete };
}

/**
 * Embedded links as `{ id, type }` pairs; a primary link is listed twice, under the plain type name and under
 * `<name>_unlabeled` (hubspot-api.md §4 example, §18), so an id with both is primary and goes first.
 */
function orderedIds(results: readonly unknown[]): string[] {
  const types = new Map<string, Set<string>>();
  for (const entry of results) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { id, type } = entry as { id?: unknown; type?: unknown };
    if (typeof id !== 'string' && typeof id !== 'number') continue;
    const set = types.get(String(id)) ?? new Set<string>();
    if (typeof type === 'string') set.add(type);
    types.set(String(id), set);
  }
  const primary = (set: Set<string>) =>
    [...set].some((t) => t.endsWith('_unlabeled')) && [...set].some((t) => !t.endsWith('_unlabeled'));
  const ids = [...types.keys()];
  // Stable sort: primary links first, the rest in the order HubSpot gave them (as `readAssociations` does).
  return ids.sort((a, b) => Number(primary(types.get(b)!)) - Number(primary(types.get(a)!)));
}

/** Reads every target's links for `ids` with the v4 batch read, the targets side by side. */
export async function readLinks(
  http: HubSpotHttp,
  from: string,
  targets: readonly string[],
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<LinkIndex> {
  if (ids.length === 0) return new Map(targets.map((t) => [t, new Map()]));
  const read = await Promise.all(targets.map((t) => readAssociations(http, from, t, [...ids], signal)));
  return new Map(targets.map((t, i) => [t, read[i]!]));
}

/** Completes embedded links: sources whose embedding may be cut short are read with the v4 batch read. */
export async function completeLinks(
  http: HubSpotHttp,
  from: string,
  embedded: { links: LinkIndex; incomplete: Map<string, string[]> },
  signal?: AbortSignal,
): Promise<LinkIndex> {
  const reads = [...embedded.incomplete].map(async ([target, ids]) => {
    const read = await readAssociations(http, from, target, ids, signal);
    const index = embedded.links.get(target) ?? new Map<string, string[]>();
    for (const [id, list] of read) index.set(id, list);
    embedded.links.set(target, index);
  });
  await Promise.all(reads);
  return embedded.links;
}
