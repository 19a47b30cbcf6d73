/** Helpers every provider's model rows share (see `../model-rows.ts`). */
import type { SimDealStep } from '../../simulator/fold';

type Removable = { deletedAt: number | null; mergedInto: string | null };

/** A merged-away record is gone from the CRM like a deleted one; the merge instant is its deletedAt. */
export const removedAt = (r: Removable): number | null => r.deletedAt ?? (r.mergedInto !== null ? 0 : null);

/** The state in force at instant `at` (the last step at or before it). */
export function stateAt(steps: readonly SimDealStep[], at: number): SimDealStep['state'] | null {
  let found: SimDealStep['state'] | null = null;
  for (const s of steps) if (s.at <= at) found = s.state;
  return found;
}

/** Team names in order of first appearance among the users. */
export function teamNames(users: readonly { team: string | null }[]): string[] {
  const teams: string[] = [];
  for (const u of users) if (u.team !== null && !teams.includes(u.team)) teams.push(u.team);
  return teams;
}
