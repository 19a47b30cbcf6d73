/**
 * A deal's journey through the pipeline it was created in: which stages it reached, when, and how it ended.
 * "Reached stage k" means it entered k or any later stage of the same pipeline (won = the last step), so skipped
 * stages count as passed; the strict-order option only credits an unbroken prefix of literally entered stages.
 * A move to another pipeline ends the journey there: neither won nor lost, and later visits are ignored.
 */
import type { Env } from '../env';
import type { DealRow } from '../types';

export interface Journey {
  /** The pipeline the deal was created in. */
  pipelineId: string;
  /** Number of open stages of that pipeline; step index `stageCount` is `won`. */
  stageCount: number;
  /** Highest step index reached (stages 0..stageCount-1, won = stageCount); -1 when none is known. */
  reach: number;
  /** First literal entry per stage index, in the origin pipeline, before any move. */
  firstEntry: Map<number, number>;
  outcome: 'open' | 'won' | 'lost' | 'moved';
  /** Win instant when `outcome` is won. */
  wonAt: number | null;
  createdAt: number;
}

/** The deal's journey, or null when its origin pipeline is out of scope. */
export function journeyOf(deal: DealRow, env: Env): Journey | null {
  const visits = [...(deal.visits ?? [])].sort((a, b) => a.enteredAt - b.enteredAt);
  const origin = visits[0]?.pipelineId ?? deal.pipelineId;
  const stages = env.pipelines.get(origin);
  if (!stages) return null;
  const firstEntry = new Map<number, number>();
  let moved = deal.pipelineId !== origin;
  for (const v of visits) {
    if (v.pipelineId !== origin) {
      moved = true;
      break;
    }
    const info = env.stageInfo.get(v.stageId);
    // Stages missing from the table (archived) cannot be ordered: they are ignored rather than guessed.
    if (!info || info.pipelineId !== origin) continue;
    if (!firstEntry.has(info.index)) firstEntry.set(info.index, v.enteredAt);
  }
  if (visits.length === 0 && deal.stageId !== null) {
    // Without a stage log the current stage is the only evidence: it was reached at creation at the latest.
    const info = env.stageInfo.get(deal.stageId);
    if (info && info.pipelineId === origin) firstEntry.set(info.index, deal.createdAt);
  }
  const outcome: Journey['outcome'] = moved ? 'moved' : deal.status;
  const stageCount = stages.length;
  let reach = -1;
  if (env.config.strictOrder) {
    while (firstEntry.has(reach + 1)) reach += 1;
    if (outcome === 'won' && reach === stageCount - 1) reach = stageCount;
  } else {
    for (const index of firstEntry.keys()) reach = Math.max(reach, index);
    if (outcome === 'won') reach = stageCount;
  }
  return {
    pipelineId: origin,
    stageCount,
    reach,
    firstEntry,
    outcome,
    wonAt: outcome === 'won' ? deal.wonAt : null,
    createdAt: deal.createdAt,
  };
}

/** Step index of a stage id (or `won`) in its pipeline; null when unknown. */
export function stepIndex(step: string, pipelineId: string, env: Env): number | null {
  const stages = env.pipelines.get(pipelineId);
  if (!stages) return null;
  if (step === 'won') return stages.length;
  const info = env.stageInfo.get(step);
  return info && info.pipelineId === pipelineId ? info.index : null;
}

/** True when the journey reached step `index` (reached-or-beyond). */
export function reached(j: Journey, index: number): boolean {
  return j.reach >= index;
}

/**
 * When the deal first reached step `index` or beyond: the earliest literal entry into a stage at or after it, else
 * its win. Null when it never did.
 */
export function firstReachedAt(j: Journey, index: number): number | null {
  if (!reached(j, index)) return null;
  let best: number | null = null;
  for (const [i, at] of j.firstEntry) if (i >= index && (best === null || at < best)) best = at;
  if (best === null && j.wonAt !== null) best = j.wonAt;
  return best;
}

/** Counts of deals that reached each step of `steps` (step indices of one pipeline), in order. */
export function addReached(counts: number[], j: Journey, steps: readonly number[]): void {
  steps.forEach((s, i) => {
    if (reached(j, s)) counts[i] = (counts[i] ?? 0) + 1;
  });
}

/** First literal entry into stage `index` or a later open stage (a jump straight to won is not an entry). */
export function firstEnteredAtOrBeyond(j: Journey, index: number): number | null {
  let best: number | null = null;
  for (const [i, at] of j.firstEntry) if (i >= index && (best === null || at < best)) best = at;
  return best;
}
