/**
 * Which deals were open, and in which stage, at an instant. With a stage log the answer is replayed: a deal was
 * open at t when one of its open-stage visits covers t (visits end when the deal closes; a reopen starts a new
 * one), cross-checked with the status log when given. Without a log, the current state stands for `now`.
 */
import { dealDims, type Env, isLive } from '../env';
import type { Dims } from '../segments';
import type { DealRow, DealStatus } from '../types';

export interface OpenAt {
  deal: DealRow;
  pipelineId: string;
  stageId: string;
}

function statusAt(deal: DealRow, t: number): DealStatus | null {
  const changes = deal.statusChanges;
  if (!changes || changes.length === 0) return null;
  let status: DealStatus = 'open';
  for (const c of changes) if (c.at <= t) status = c.status;
  return status;
}

/** The deal's open stage at instant t, or null when it was not open (or did not exist) then. */
export function openAt(deal: DealRow, t: number, env: Env): OpenAt | null {
  if (!isLive(deal) || deal.createdAt > t) return null;
  const visits = deal.visits;
  if (visits && visits.length > 0) {
    const status = statusAt(deal, t);
    if (status !== null && status !== 'open') return null;
    const v = visits.find((x) => x.enteredAt <= t && (x.exitedAt === null || x.exitedAt > t));
    if (!v || !env.inScope(v.pipelineId)) return null;
    return { deal, pipelineId: v.pipelineId, stageId: v.stageId };
  }
  if (deal.status !== 'open' || deal.stageId === null || !env.inScope(deal.pipelineId)) return null;
  return { deal, pipelineId: deal.pipelineId, stageId: deal.stageId };
}

/** Every deal open at t. */
export function* openDealsAt(deals: Iterable<DealRow>, t: number, env: Env): Generator<OpenAt> {
  for (const d of deals) {
    const o = openAt(d, t, env);
    if (o) yield o;
  }
}

/** Segment values of an open deal: its pipeline at t, its current owner. */
export function openDims(o: OpenAt, env: Env): Dims {
  return { ...dealDims(o.deal, o.deal.ownerId, env), pipeline: o.pipelineId };
}

/** Weight of an open deal: its own probability when set, else its stage's; null when neither is known. */
export function probabilityOf(o: OpenAt, env: Env): number | null {
  return o.deal.probability ?? env.stageInfo.get(o.stageId)?.probability ?? null;
}
