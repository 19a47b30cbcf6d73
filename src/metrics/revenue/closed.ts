/**
 * Close events (wins and losses) as facts: from `KpiInput.closedFacts` when the store pre-aggregates them by local
 * day and segment, else one fact per closed deal. Period KPIs on closes fold these facts into small accumulators.
 */
import { elapsedDays, type Interval, within } from '../../lib/time';
import { directionOf, type Env, isInvalidLoss, isLive } from '../env';
import { type Dims, type Segmented, segmentBy } from '../segments';
import { shared } from '../shared';
import type { ClosedFactRow, KpiInput, SegmentKey } from '../types';

/** One fact per closed (won or lost) live deal in scope, owner = the owner at the close. */
export function* closedFacts(input: KpiInput, env: Env): Generator<ClosedFactRow> {
  if (input.closedFacts) {
    for (const f of input.closedFacts) if (env.inScope(f.pipelineId)) yield f;
    return;
  }
  for (const d of input.deals) {
    if (!isLive(d) || !env.inScope(d.pipelineId)) continue;
    const at = d.status === 'won' ? d.wonAt : d.status === 'lost' ? d.lostAt : null;
    if (at === null || d.status === 'open') continue;
    yield {
      at,
      outcome: d.status,
      pipelineId: d.pipelineId,
      ownerId: d.ownerAtClose ?? d.ownerId,
      source: d.source,
      industry: d.industry,
      lostReason: d.lostReason,
      count: 1,
      amountSum: d.amountReporting ?? 0,
      amountCount: d.amountReporting === null ? 0 : 1,
      cycleDays: d.status === 'won' ? [elapsedDays(d.createdAt, at)] : [],
    };
  }
}

/** What close-based KPIs need per segment. */
export interface CloseAcc {
  won: number;
  wonAmount: number;
  wonWithAmount: number;
  lost: number;
  lostAmount: number;
  lostWithAmount: number;
  cycles: number[];
}

export const emptyCloseAcc = (): CloseAcc => ({
  won: 0,
  wonAmount: 0,
  wonWithAmount: 0,
  lost: 0,
  lostAmount: 0,
  lostWithAmount: 0,
  cycles: [],
});

/** Segment values of a close fact. */
export function factDims(f: ClosedFactRow, env: Env): Dims {
  return {
    pipeline: f.pipelineId,
    owner: f.ownerId,
    team: env.teamOf(f.ownerId),
    source: f.source,
    direction: directionOf(f.source, env.config),
    industry: f.industry,
  };
}

/** Adds a fact; losses with an invalid reason are ignored (they should never have been deals). */
export function addFact(acc: CloseAcc, f: ClosedFactRow, env: Env): void {
  if (f.outcome === 'won') {
    acc.won += f.count;
    acc.wonAmount += f.amountSum;
    acc.wonWithAmount += f.amountCount;
    for (const c of f.cycleDays) acc.cycles.push(c);
  } else if (!isInvalidLoss({ status: 'lost', lostReason: f.lostReason }, env.config)) {
    acc.lost += f.count;
    acc.lostAmount += f.amountSum;
    acc.lostWithAmount += f.amountCount;
  }
}

/**
 * Close accumulators per segment for facts dated in `interval`: one read of the facts per run, interval and
 * segmentation, shared by won_revenue, win_rate, avg_revenue_per_sale and sales_cycle_days (read-only).
 */
export function closeGroups(
  input: KpiInput,
  env: Env,
  interval: Interval,
  keys: readonly SegmentKey[] = env.ctx.segmentBy ?? [],
): Segmented<CloseAcc>[] {
  const key = `close|${interval.start}|${interval.end}|${keys.join(',')}|${JSON.stringify(env.ctx.filter ?? {})}`;
  return shared(env, key, () => groupCloses(input, env, interval, keys));
}

function groupCloses(
  input: KpiInput,
  env: Env,
  interval: Interval,
  keys: readonly SegmentKey[],
): Segmented<CloseAcc>[] {
  const facts = (function* () {
    for (const f of closedFacts(input, env)) if (within(f.at, interval)) yield f;
  })();
  return segmentBy(
    facts,
    keys,
    (f) => factDims(f, env),
    emptyCloseAcc,
    (acc, f) => addFact(acc, f, env),
    env.ctx.filter,
  );
}
