/** Users, active and deactivated (pipedrive-api.md §6). */
import type { CrmOwner, CrmTeam } from '../../domain/records';
import type { PipedriveHttp, PipedriveLog } from './client';
import { toCrmOwner } from './mappers/owner';
import { listEnvelopeSchema } from './types';

/**
 * Every user in one call (no paging); deactivated users stay resolvable as archived owners.
 * https://developers.pipedrive.com/docs/api/v1/Users#getUsers — `GET /v1/users` (20 tokens)
 */
export async function fetchOwners(
  http: PipedriveHttp,
  log?: PipedriveLog,
  signal?: AbortSignal,
): Promise<{ owners: CrmOwner[]; teams: CrmTeam[] }> {
  const response = await http.get({ family: 'users', path: '/v1/users', schema: listEnvelopeSchema, signal });
  const owners: CrmOwner[] = [];
  for (const raw of response.data) {
    const result = toCrmOwner(raw);
    if (result.ok) owners.push(result.record);
    else log?.warn({ reason: result.reason }, 'pipedrive user skipped');
  }
  return { owners, teams: [] };
}
