/** v1 users (pipedrive-api.md §6) -> `CrmOwner`. Deactivated and deleted users stay, archived. */
import type { CrmOwner } from '../../../domain/records';
import { userSchema } from '../types';
import { type MapResult, mapWith } from './common';

/** Maps one v1 user, or says why it is skipped. Pipedrive has no teams endpoint in our scope: `teamId` is null. */
export function toCrmOwner(raw: unknown): MapResult<CrmOwner> {
  return mapWith(userSchema, raw, (u) => ({
    externalId: String(u.id),
    name: u.name ?? u.email ?? String(u.id),
    email: u.email,
    archived: u.active_flag === false || u.is_deleted === true,
    teamId: null,
  }));
}
