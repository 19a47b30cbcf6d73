import type { SimDealStep } from '../fold';

export interface NeutralVisit {
  pipeline: string;
  stage: string;
  enteredAt: number;
  exitedAt: number | null;
}

/**
 * Open-stage visits of a deal from its folded steps: a visit starts when an open deal enters a stage (creation, a
 * move, a pipeline change, a reopen) and ends at the next move or when the deal closes. Zero-length visits (a
 * stage set in the very instant the deal closed) are dropped: no provider shows them.
 */
export function neutralVisits(steps: readonly SimDealStep[]): NeutralVisit[] {
  const visits: NeutralVisit[] = [];
  let current: NeutralVisit | null = null;
  for (const { at, state } of steps) {
    const open = state.status === 'open';
    const moved = current !== null && (current.pipeline !== state.pipeline || current.stage !== state.stage);
    if (current !== null && (!open || moved)) {
      current.exitedAt = at;
      current = null;
    }
    if (open && current === null) {
      current = { pipeline: state.pipeline, stage: state.stage, enteredAt: at, exitedAt: null };
      visits.push(current);
    }
  }
  return visits.filter((v) => v.exitedAt === null || v.exitedAt > v.enteredAt);
}
