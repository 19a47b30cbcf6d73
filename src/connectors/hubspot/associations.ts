/**
 * Associations v4 batch read (hubspot-api.md §9): up to 1,000 sources per request, per-source paging continued
 * by re-sending `{ id, after }` for the sources that have more. Never v3: it caps at 100 and ignores `after`.
 */
import type { Client } from '@hubspot/api-client';
import type { HubSpotHttp } from './client';
import { associationBatchResponseSchema } from './types';

type AssociationBatchRequest = Parameters<Client['crm']['associations']['v4']['batchApi']['getPage']>[2];

const MAX_INPUTS = 1_000;

/** Associated ids per source id; primary links (a "Primary" label) first. */
export type AssociationIndex = Map<string, string[]>;

/**
 * Reads `from -> to` associations for `ids`. Sources without associations are absent from the map.
 * https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide — `POST /crm/v4/associations/{from}/{to}/batch/read`
 */
export async function readAssociations(
  http: HubSpotHttp,
  from: string,
  to: string,
  ids: string[],
  signal?: AbortSignal,
): Promise<AssociationIndex> {
  const links = new Map<string, { id: string; primary: boolean }[]>();
  let pending: { id: string; after?: string }[] = [...new Set(ids)].map((id) => ({ id }));
  while (pending.length > 0) {
    const batch = pending.slice(0, MAX_INPUTS);
    pending = pending.slice(MAX_INPUTS);
    const response = await http.request({
      kind: 'burst',
      family: 'associations',
      method: 'POST',
      path: `/crm/v4/associations/${from}/${to}/batch/read`,
      schema: associationBatchResponseSchema,
      send: (c) =>
        c.crm.associations.v4.batchApi.getPage(from, to, { inputs: batch } as unknown as AssociationBatchRequest),
      signal,
    });
    for (const result of response.results) {
      const fromId = (result.from ?? result._from)?.id;
      if (fromId === undefined) continue;
      const list = links.get(fromId) ?? [];
      for (const target of result.to) {
        const primary = (target.associationTypes ?? []).some((t) => t.label === 'Primary');
        const existing = list.find((l) => l.id === target.toObjectId);
        if (existing) existing.primary ||= primary;
        else list.push({ id: target.toObjectId, primary });
      }
      links.set(fromId, list);
      const after = result.paging?.next?.after;
      if (after !== undefined) pending.push({ id: fromId, after });
    }
  }
  const index: AssociationIndex = new Map();
  for (const [id, list] of links) {
    // Stable sort: primary links first, the rest in the order HubSpot gave them.
    index.set(
      id,
      [...list].sort((a, b) => Number(b.primary) - Number(a.primary)).map((l) => l.id),
    );
  }
  return index;
}
