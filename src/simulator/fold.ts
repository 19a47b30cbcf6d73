/**
 * Folding a deal timeline: the current state is the last step, and every provider-shaped history (HubSpot
 * property history, Pipedrive changelog) is a projection of the steps. Pure and provider-neutral.
 */
import type { SimDeal, SimDealEvent, SimDealState } from './model.js';

/** The deal state right after one timeline event. */
export interface SimDealStep {
  at: number;
  event: SimDealEvent;
  state: SimDealState;
}

/** One value a projected field took, from `at` on. */
export interface SimFieldChange<T> {
  at: number;
  value: T;
}

function firstState(deal: SimDeal, first: SimDealEvent, homeCurrency: string): SimDealState {
  if (first.pipeline === undefined || first.stage === undefined || first.owner === undefined) {
    // The scenario loader rejects this; a direct model literal may not, so fail loudly with the deal id.
    throw new Error(`deal ${deal.id}: the first timeline event must give pipeline, stage and owner`);
  }
  return {
    createdAt: first.at,
    pipeline: first.pipeline,
    stage: first.stage,
    status: 'open',
    owner: first.owner,
    amount: null,
    currency: homeCurrency,
    closeDate: null,
    probability: null,
    lostReason: null,
    closedAt: null,
    firstWonAt: null,
  };
}

function apply(prev: SimDealState, e: SimDealEvent): SimDealState {
  const next: SimDealState = { ...prev };
  if (e.pipeline !== undefined) next.pipeline = e.pipeline;
  if (e.stage !== undefined) next.stage = e.stage;
  if (e.owner !== undefined) next.owner = e.owner;
  if (e.amount !== undefined) next.amount = e.amount;
  if (e.currency !== undefined) next.currency = e.currency;
  if (e.closeDate !== undefined) next.closeDate = e.closeDate;
  if (e.probability !== undefined) next.probability = e.probability;
  if (e.lostReason !== undefined) next.lostReason = e.lostReason;
  if (e.status !== undefined && e.status !== prev.status) {
    next.status = e.status;
    // Won/lost time is the status event's own instant; reopening clears it (firstWonAt keeps the first win).
    next.closedAt = e.status === 'open' ? null : e.at;
    if (e.status === 'won' && next.firstWonAt === null) next.firstWonAt = e.at;
  }
  return next;
}

/**
 * The state after each event, in timeline order. The first event creates the deal.
 * @param homeCurrency currency of a deal whose events never name one (the account's currency)
 */
export function foldDealSteps(deal: SimDeal, homeCurrency: string): SimDealStep[] {
  const [first, ...rest] = deal.timeline;
  if (first === undefined) throw new Error(`deal ${deal.id}: empty timeline`);
  let state = apply(firstState(deal, first, homeCurrency), { ...first, status: first.status ?? 'open' });
  const steps: SimDealStep[] = [{ at: first.at, event: first, state }];
  for (const e of rest) {
    state = apply(state, e);
    steps.push({ at: e.at, event: e, state });
  }
  return steps;
}

/** The deal's current state: the fold of its whole timeline. */
export function foldDeal(deal: SimDeal, homeCurrency: string): SimDealState {
  const steps = foldDealSteps(deal, homeCurrency);
  return steps[steps.length - 1]!.state;
}

/**
 * Projects steps onto one derived value and keeps only the changes (oldest first). A step that re-sets the same
 * value is dropped: what a history shows is a change of value.
 */
export function fieldHistory<T>(steps: readonly SimDealStep[], select: (s: SimDealState) => T): SimFieldChange<T>[] {
  const out: SimFieldChange<T>[] = [];
  for (const step of steps) {
    const value = select(step.state);
    const last = out[out.length - 1];
    if (last === undefined || last.value !== value) out.push({ at: step.at, value });
  }
  return out;
}

/** Neutral per-field histories of a deal (oldest first), the input of every provider's history view. */
export interface SimDealHistories {
  pipeline: SimFieldChange<string>[];
  stage: SimFieldChange<string>[];
  status: SimFieldChange<SimDealState['status']>[];
  owner: SimFieldChange<string>[];
  amount: SimFieldChange<number | null>[];
  currency: SimFieldChange<string>[];
  closeDate: SimFieldChange<string | null>[];
  probability: SimFieldChange<number | null>[];
  lostReason: SimFieldChange<string | null>[];
}

/** Every neutral field's history, oldest first. */
export function dealHistories(deal: SimDeal, homeCurrency: string): SimDealHistories {
  const steps = foldDealSteps(deal, homeCurrency);
  return {
    pipeline: fieldHistory(steps, (s) => s.pipeline),
    stage: fieldHistory(steps, (s) => s.stage),
    status: fieldHistory(steps, (s) => s.status),
    owner: fieldHistory(steps, (s) => s.owner),
    amount: fieldHistory(steps, (s) => s.amount),
    currency: fieldHistory(steps, (s) => s.currency),
    closeDate: fieldHistory(steps, (s) => s.closeDate),
    probability: fieldHistory(steps, (s) => s.probability),
    lostReason: fieldHistory(steps, (s) => s.lostReason),
  };
}
