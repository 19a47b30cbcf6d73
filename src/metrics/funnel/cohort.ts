/**
 * Funnel cohorts: reached counts per step for the deals created in an interval, one accumulator per segment.
 * Shared by stage_conversion, danger_points and leads_needed. Invalid losses never join a cohort.
 */
import { median } from '../../lib/stats';
import { elapsedDays, type Interval, within } from '../../lib/time';
import { dealDims, type Env, isInvalidLoss, isLive } from '../env';
import { type Segmented, Segmenter } from '../segments';
import { segmentationKey } from '../shared';
import { dealSlice, span } from '../slices';
import type { DealRow, KpiInput } from '../types';
import { addReached, type Journey, journeyOf } from './journey';

/** Reached counts per pipeline (aligned with that pipeline's steps) and the cohort's open count. */
export interface FunnelAcc {
  reached: Map<string, number[]>;
  open: number;
  total: number;
}

/** Step indices of a pipeline: configured milestones, else every open stage then won. */
export function stepsOf(pipelineId: string, env: Env, useMilestones: boolean): { ids: string[]; indices: number[] } {
  const stages = env.pipelines.get(pipelineId) ?? [];
  const configured = useMilestones ? env.config.milestones[pipelineId] : undefined;
  const ids = configured ? [...configured] : [...stages.map((s) => s.stageId), 'won'];
  const indices: number[] = [];
  const kept: string[] = [];
  for (const id of ids) {
    const index = id === 'won' ? stages.length : env.stageInfo.get(id)?.index;
    if (index === undefined || (id !== 'won' && env.stageInfo.get(id)?.pipelineId !== pipelineId)) continue;
    indices.push(index);
    kept.push(id);
  }
  return { ids: kept, indices };
}

/**
 * Counts reached steps for deals created in `cohort`, grouped by the ctx segments (owner at creation). `deals` is
 * read from the run's input (deals created in the cohort): the result is shared by the funnel KPIs of the run (read-only).
 */
export function funnelCohort(
  input: KpiInput,
  env: Env,
  cohort: Interval,
  useMilestones: boolean,
): Segmented<FunnelAcc>[] {
  return funnelCohorts(input, env, [cohort], useMilestones)[0] ?? [];
}

/** Several cohorts in one pass over the deals (danger_points reads the period and its baseline together). */
export function funnelCohorts(
  input: KpiInput,
  env: Env,
  cohorts: readonly Interval[],
  useMilestones: boolean,
): Segmented<FunnelAcc>[][] {
  const keyOf = (c: Interval) => `funnel|${c.start}|${c.end}|${useMilestones}|${segmentationKey(env)}`;
  const memo = env.ctx.shared;
  const missing = memo ? cohorts.filter((c) => !memo.has(keyOf(c))) : cohorts;
  const counted =
    missing.length > 0
      ? countCohorts(dealSlice(input, { by: 'created', ...span(missing) }), env, missing, useMilestones)
      : [];
  if (!memo) return counted;
  missing.forEach((c, i) => {
    memo.set(keyOf(c), counted[i] ?? []);
  });
  return cohorts.map((c) => memo.get(keyOf(c)) as Segmented<FunnelAcc>[]);
}

function countCohorts(
  deals: Iterable<DealRow>,
  env: Env,
  cohorts: readonly Interval[],
  useMilestones: boolean,
): Segmented<FunnelAcc>[][] {
  const stepCache = new Map<string, number[]>();
  const steps = (pipelineId: string): number[] => {
    let s = stepCache.get(pipelineId);
    if (!s) {
      s = stepsOf(pipelineId, env, useMilestones).indices;
      stepCache.set(pipelineId, s);
    }
    return s;
  };
  const segmenters = cohorts.map(
    () =>
      new Segmenter<Journey, FunnelAcc>(
        env.ctx.segmentBy ?? [],
        (): FunnelAcc => ({ reached: new Map(), open: 0, total: 0 }),
        (acc, j) => {
          const s = steps(j.pipelineId);
          const counts = acc.reached.get(j.pipelineId) ?? s.map(() => 0);
          addReached(counts, j, s);
          acc.reached.set(j.pipelineId, counts);
          acc.total += 1;
          if (j.outcome === 'open') acc.open += 1;
        },
        env.ctx.filter,
      ),
  );
  for (const deal of deals) {
    if (!isLive(deal) || isInvalidLoss(deal, env.config)) continue;
    if (!cohorts.some((c) => within(deal.createdAt, c))) continue;
    const j = journeyOf(deal, env);
    if (!j) continue;
    const dims = { ...dealDims(deal, deal.ownerAtCreation, env), pipeline: j.pipelineId };
    cohorts.forEach((c, i) => {
      if (within(deal.createdAt, c)) segmenters[i]?.push(j, dims);
    });
  }
  return segmenters.map((s) => s.result());
}

/** Step analysis of one ordered list of reached counts. */
export interface StepAnalysis {
  /** rates[i] = reached[i+1] / reached[i]; null for an empty step. */
  rates: (number | null)[];
  /** losses[i] = reached[i] - reached[i+1]. */
  losses: number[];
  /** reached[last] / reached[0]. */
  overall: number | null;
  /** Index of the lowest rate (ties: earliest), null when no rate. */
  lowest: number | null;
  /** Index of the largest absolute loss (ties: earliest), null when no step. */
  largest: number | null;
}

/** Step rates, losses, lowest rate and largest loss (100 -> 90 -> 50 -> 20: lowest at 2, largest at 1). */
export function analyseSteps(reachedCounts: readonly number[]): StepAnalysis {
  const rates: (number | null)[] = [];
  const losses: number[] = [];
  let lowest: number | null = null;
  let largest: number | null = null;
  for (let i = 0; i + 1 < reachedCounts.length; i += 1) {
    const from = reachedCounts[i] as number;
    const to = reachedCounts[i + 1] as number;
    const rate = from === 0 ? null : to / from;
    rates.push(rate);
    losses.push(from - to);
    if (rate !== null && (lowest === null || rate < (rates[lowest] as number))) lowest = i;
    if (largest === null || from - to > (losses[largest] as number)) largest = i;
  }
  const first = reachedCounts[0] ?? 0;
  const last = reachedCounts[reachedCounts.length - 1] ?? 0;
  return { rates, losses, overall: first === 0 ? null : last / first, lowest, largest };
}

/** Median cycle (days) of the deals in scope won in `interval`; null when none. */
export function medianCycleDays(deals: Iterable<DealRow>, env: Env, interval: Interval): number | null {
  const cycles: number[] = [];
  for (const d of deals) {
    if (isLive(d) && d.status === 'won' && env.inScope(d.pipelineId) && within(d.wonAt, interval)) {
      cycles.push(elapsedDays(d.createdAt, d.wonAt));
    }
  }
  return median(cycles);
}

/** Segment of a per-step row: the stage, plus the pipeline when several pipelines are in scope. */
export function stepSegment(
  base: Record<string, string>,
  pipelineId: string,
  stage: string,
  env: Env,
): Record<string, string> {
  return env.pipelines.size > 1 ? { ...base, pipeline: pipelineId, stage } : { ...base, stage };
}
