/** Owners, active and archived, with their teams (hubspot-api.md §8). */
import type { CrmOwner, CrmTeam } from '../../domain/records';
import type { HubSpotHttp, HubSpotLog } from './client';
import { toCrmOwner } from './mappers/owner';
import { ownersResponseSchema } from './types';

const PAGE_SIZE = 500;

/**
 * Both lists: deactivated users only appear with `archived=true`, and old deals still point at them.
 * https://developers.hubspot.com/docs/guides/api/crm/owners — `GET /crm/v3/owners/`
 */
export async function fetchOwners(
  http: HubSpotHttp,
  log?: HubSpotLog,
  signal?: AbortSignal,
): Promise<{ owners: CrmOwner[]; teams: CrmTeam[] }> {
  const owners = new Map<string, CrmOwner>();
  const teams = new Map<string, CrmTeam>();
  for (const archived of [false, true]) {
    let after: string | undefined;
    do {
      const cursor = after;
      const response = await http.request({
        kind: 'burst',
        family: 'owners',
        method: 'GET',
        path: '/crm/v3/owners/',
        schema: ownersResponseSchema,
        send: (c) => c.crm.owners.ownersApi.getPage(undefined, cursor, PAGE_SIZE, archived),
        signal,
      });
      for (const raw of response.results) {
        const result = toCrmOwner(raw, archived);
        if (!result.ok) {
          log?.warn({ reason: result.reason }, 'hubspot owner skipped');
          continue;
        }
        // An id in both lists is an active owner: the active list is read first and wins.
        if (!owners.has(result.record.owner.externalId))
          owners.set(result.record.owner.externalId, result.record.owner);
        for (const team of result.record.teams) teams.set(team.externalId, team);
      }
      after = response.paging?.next?.after;
    } while (after !== undefined);
  }
  return { owners: [...owners.values()], teams: [...teams.values()] };
}
