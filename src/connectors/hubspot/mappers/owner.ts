/** HubSpot owners (hubspot-api.md §8) -> `CrmOwner`s and their teams. */
import type { CrmOwner, CrmTeam } from '../../../domain/records';
import { type HubSpotOwner, ownerSchema } from '../types';
import type { MapResult } from './common';

/** Maps one owner payload; `archived` comes from which list it was read from when the payload omits it. */
export function toCrmOwner(raw: unknown, archivedList: boolean): MapResult<{ owner: CrmOwner; teams: CrmTeam[] }> {
  const parsed = ownerSchema.safeParse(raw);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, externalId: null, reason };
  }
  const o: HubSpotOwner = parsed.data;
  const teams = (o.teams ?? []).map((t) => ({ externalId: t.id, name: t.name, primary: t.primary === true }));
  const name = [o.firstName, o.lastName].filter((p) => typeof p === 'string' && p.trim() !== '').join(' ');
  return {
    ok: true,
    record: {
      owner: {
        externalId: o.id,
        name: name !== '' ? name : (o.email ?? o.id),
        email: o.email ?? null,
        archived: o.archived ?? archivedList,
        teamId: (teams.find((t) => t.primary) ?? teams[0])?.externalId ?? null,
      },
      teams: teams.map((t) => ({ externalId: t.externalId, name: t.name })),
    },
  };
}
