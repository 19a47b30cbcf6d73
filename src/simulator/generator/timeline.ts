/**
 * The story of one deal as timeline events: created in a stage, moved forward (sometimes skipping a stage or
 * going back), now and then repriced, pushed, handed over or moved to the other pipeline, then won or lost; a
 * few won or lost deals are reopened and closed again. Nothing is written after `now`: a story cut by the clock
 * leaves an open deal.
 */
import { DAY, MINUTE } from '../clock';
import type { SimDealEvent, SimPipeline } from '../model';
import type { Rng } from '../rng';
import { utcDate } from '../scenario/time';
import { CURRENCIES, LOST_REASONS } from './catalog';

/** What the timeline needs to know about the deal being generated. */
export interface TimelineInput {
  createdAt: number;
  now: number;
  pipelines: readonly SimPipeline[];
  pipelineIndex: number;
  owner: string;
  /** Reps who may take over a deal at an instant (the archived rep only before leaving). */
  ownersAt: (at: number) => readonly string[];
}

const roundMinute = (t: number): number => Math.floor(t / MINUTE) * MINUTE;

function amountDraw(rng: Rng): number {
  // Log-normal around 8,000, rounded to 50: most deals are small, a few are large.
  return Math.max(50, Math.round(Math.exp(Math.log(8000) + 0.8 * rng.normal()) / 50) * 50);
}

/** Generates a deal's timeline; the first event carries pipeline, stage and owner. */
export function simulateTimeline(rng: Rng, input: TimelineInput): SimDealEvent[] {
  let pipeline = input.pipelines[input.pipelineIndex] as SimPipeline;
  let stageIndex = rng.chance(0.15) ? 1 : 0;
  const first: SimDealEvent = {
    at: input.createdAt,
    pipeline: pipeline.id,
    stage: pipeline.stages[stageIndex]?.id ?? '',
    owner: input.owner,
  };
  if (rng.chance(0.9)) {
    first.amount = amountDraw(rng);
    first.currency = rng.weighted(CURRENCIES);
  }
  if (rng.chance(0.85)) first.closeDate = utcDate(input.createdAt + rng.int(30, 90) * DAY);
  const events: SimDealEvent[] = [first];
  // A deal's quality decides how far it tends to go; a fast team moves every few days, a slow one every few weeks.
  const quality = rng.next();
  const pace = rng.pick([4, 7, 10, 15]) * DAY;
  let t = input.createdAt;
  let status: 'open' | 'won' | 'lost' = 'open';
  let reopened = false;
  let moved = false;
  for (let step = 0; step < 40; step++) {
    t = roundMinute(t + MINUTE + rng.exponential(status === 'open' ? pace : 20 * DAY));
    if (t > input.now) break;
    const ev: SimDealEvent = { at: t };
    if (status !== 'open') {
      // Closed: usually the story ends; sometimes the deal is reopened (the customer came back, a win was undone).
      if (reopened || !rng.chance(0.05)) break;
      reopened = true;
      status = 'open';
      ev.status = 'open';
      events.push(ev);
      continue;
    }
    const last = pipeline.stages.length - 1;
    if (rng.chance(0.04 + (1 - quality) * 0.12)) {
      status = 'lost';
      ev.status = 'lost';
      ev.lostReason = rng.weighted(LOST_REASONS);
    } else if (stageIndex >= last) {
      status = rng.chance(0.35 + quality * 0.6) ? 'won' : 'lost';
      ev.status = status;
      if (status === 'lost') ev.lostReason = rng.weighted(LOST_REASONS);
    } else if (!moved && rng.chance(0.03)) {
      moved = true;
      pipeline = input.pipelines[(input.pipelines.indexOf(pipeline) + 1) % input.pipelines.length] as SimPipeline;
      stageIndex = Math.min(stageIndex, pipeline.stages.length - 1);
      ev.pipeline = pipeline.id;
      ev.stage = pipeline.stages[stageIndex]?.id ?? '';
    } else {
      const r = rng.next();
      if (r < 0.06 && stageIndex > 0) stageIndex -= 1;
      else if (r < 0.2 && stageIndex + 2 <= last) stageIndex += 2;
      else stageIndex += 1;
      ev.stage = pipeline.stages[stageIndex]?.id ?? '';
    }
    if (status === 'open') decorate(rng, ev, events, input);
    events.push(ev);
  }
  // An exact-size copy: the growing array reserved room for 16+ events, and a million deals keep theirs.
  return events.slice();
}

/** Side changes that ride on a stage move: repricing, a pushed close date, a handover, a probability override. */
function decorate(rng: Rng, ev: SimDealEvent, events: readonly SimDealEvent[], input: TimelineInput): void {
  if (rng.chance(0.1)) ev.amount = amountDraw(rng);
  if (rng.chance(0.1)) ev.closeDate = utcDate(ev.at + rng.int(14, 60) * DAY);
  if (rng.chance(0.03)) ev.probability = Math.round(rng.next() * 100) / 100;
  if (rng.chance(0.02)) {
    const current = ownerAt(events, ev.at);
    const others = input.ownersAt(ev.at).filter((o) => o !== current);
    if (others.length > 0) ev.owner = rng.pick(others);
  }
}

/** The owner of a deal at an instant, from its timeline so far. */
export function ownerAt(events: readonly SimDealEvent[], at: number): string {
  let owner = '';
  for (const e of events) {
    if (e.at > at) break;
    if (e.owner !== undefined) owner = e.owner;
  }
  return owner;
}
