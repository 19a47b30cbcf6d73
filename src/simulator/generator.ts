/**
 * The seeded history generator: a realistic CRM of any size, deterministic for a seed, built directly in memory
 * (a million deals never go through a file). It produces the same model shape a scenario file loads into, with
 * the same derived bookkeeping, so `loadScenario(exportScenario(generateModel(o)))` equals the generated model.
 */
import { DAY, MINUTE } from './clock';
import {
  DEAL_WORDS,
  EXCHANGE_RATES,
  INBOUND_SOURCES,
  pipelines as makePipelines,
  OUTBOUND_SOURCES,
} from './generator/catalog';
import { dealEngagements, EngagementSink, prospectingTouches, supportCall } from './generator/engagements';
import { ownerAt, simulateTimeline } from './generator/timeline';
import { makeUsers, World } from './generator/world';
import type { SimDeal, SimDealEvent, SimLead, SimModel } from './model';
import { createRng, type Rng } from './rng';
import { deriveRecordMeta } from './scenario/meta';
import { parseInstant } from './scenario/time';

/** Options of {@link generateModel}. */
export interface GenerateOptions {
  /** Any number or text; the same seed gives the same model. */
  seed: number | string;
  /** @defaultValue 2000 */
  deals?: number;
  /** Length of the history before `now`. @defaultValue 18 */
  months?: number;
  /** The clock: epoch ms or an ISO instant. @defaultValue `2026-06-30T09:00:00Z` (fixed, never the wall clock) */
  now?: number | string;
  /** @defaultValue `Europe/Paris` */
  timeZone?: string;
}

export const DEFAULT_GENERATOR_NOW = '2026-06-30T09:00:00Z';

function resolveNow(now: number | string | undefined): number {
  const value = typeof now === 'number' ? now : parseInstant(now ?? DEFAULT_GENERATOR_NOW);
  if (value === null || !Number.isFinite(value)) throw new RangeError(`generateModel: bad now ${String(now)}`);
  return value;
}

const roundMinute = (t: number): number => Math.floor(t / MINUTE) * MINUTE;

/**
 * Generates a CRM history: reps in teams (one archived), two pipelines (new business, renewals), companies and
 * contacts, converted and unconverted leads, deals with full timelines (skips, regressions, reopens, pipeline
 * moves, wins, losses, deletions, merges), several currencies, referrals and repeat purchases, and 3 to 6
 * engagements per deal plus prospecting and support activity. Every instant is at or before `now`.
 */
export function generateModel(opts: GenerateOptions): SimModel {
  const rng = createRng(opts.seed);
  const dealCount = opts.deals ?? 2000;
  if (!Number.isInteger(dealCount) || dealCount < 0) throw new RangeError(`generateModel: bad deal count ${dealCount}`);
  const now = resolveNow(opts.now);
  const span = Math.round((opts.months ?? 18) * 30.44 * DAY);
  const start = now - span;
  const { users, ownersAt } = makeUsers(rng, start, span);
  const pipelines = makePipelines(rng.int(5, 7), rng.int(5, 7));
  const world = new World(rng);
  const sink = new EngagementSink();
  const deals: SimDeal[] = [];
  const leads: SimLead[] = [];

  for (let i = 0; i < dealCount; i++) {
    const createdAt = roundMinute(start + ((i + rng.next()) / dealCount) * span);
    const inbound = rng.chance(0.55);
    let source = rng.weighted(inbound ? INBOUND_SOURCES : OUTBOUND_SOURCES);
    const owner = rng.pick(ownersAt(createdAt));
    let company = rng.chance(0.25) ? world.customerAt(createdAt) : -1;
    const repeat = company >= 0;
    if (!repeat) company = world.addCompany(createdAt - rng.int(1, 30) * DAY - rng.int(0, 600) * MINUTE, owner);
    const companyRec = world.companies[company];
    const contact = world.contactOf(company);
    const contactRec = world.contacts[contact];
    if (companyRec === undefined || contactRec === undefined) throw new Error('generator: lost a company');
    const properties: SimDeal['properties'] = {};
    if (source === 'referral') {
      const referrer = world.customerAt(createdAt, company);
      if (referrer < 0) source = 'organic_search';
      else properties.referred_by = world.companies[referrer]?.id ?? null;
    }
    const pipelineIndex = repeat && rng.chance(0.6) ? 1 : 0;
    const timeline = simulateTimeline(rng, { createdAt, now, pipelines, pipelineIndex, owner, ownersAt });
    const id = `d${i + 1}`;
    const deal: SimDeal = {
      id,
      name: `${companyRec.name} ${pipelineIndex === 1 ? 'renewal' : rng.pick(DEAL_WORDS)}`,
      company: companyRec.id,
      contacts: [contactRec.id],
      source,
      properties,
      archived: false,
      timeline,
      modifiedAt: createdAt,
      writtenAtWallMs: 0,
      deletedAt: null,
      mergedInto: null,
    };
    deals.push(deal);
    const state = outcome(timeline);
    world.recordDeal(company, contact, createdAt, state.firstWonAt);
    if (inbound && rng.chance(0.4)) {
      const leadAt = roundMinute(createdAt - rng.next() * (createdAt - contactRec.createdAt));
      leads.push(lead(leads.length, leadAt, contactRec.id, companyRec.id, owner, source, createdAt, id));
    }
    if (source === 'prospecting') {
      const touch = { contact: contactRec.id, company: companyRec.id, owner, before: createdAt };
      prospectingTouches(rng, sink, { ...touch, notBefore: contactRec.createdAt });
    }
    const ownerOf = (at: number) => ownerAt(timeline, at);
    const until = state.closedAt ?? createdAt + 90 * DAY;
    const activity = { dealId: id, contact: contactRec.id, company: companyRec.id, ownerAt: ownerOf, from: createdAt };
    dealEngagements(rng, sink, { ...activity, until }, now);
    if (state.firstWonAt !== null && rng.chance(0.2)) {
      const target = { contact: contactRec.id, company: companyRec.id, owner: ownerOf(state.firstWonAt) };
      supportCall(rng, sink, { ...target, wonAt: state.firstWonAt, now });
    }
    endOfLife(rng, deal, deals[world.lastDeal[company] ?? -1], state.status !== 'open', now);
    world.lastDeal[company] = i;
  }
  // Appended one by one: `push(...list)` overflows the call stack at a million deals.
  openLeads(rng, world, Math.round(dealCount * 0.3), leads, ownersAt, start, now);
  world.finishLifecycles();
  const model: SimModel = {
    now,
    account: { timeZone: opts.timeZone ?? 'Europe/Paris', currency: 'EUR', exchangeRates: { ...EXCHANGE_RATES } },
    users,
    pipelines,
    companies: world.companies,
    contacts: world.contacts,
    leads,
    deals,
    engagements: sink.items,
  };
  deriveRecordMeta(model);
  return model;
}

/**
 * The status facts the generator needs, folded without the per-event state copies of fold.ts (garbage that
 * dominates at a million deals). Same rules: a repeated status does not move closedAt, a reopen clears it.
 */
function outcome(timeline: readonly SimDealEvent[]) {
  let status: 'open' | 'won' | 'lost' = 'open';
  let closedAt: number | null = null;
  let firstWonAt: number | null = null;
  for (const e of timeline) {
    if (e.status === undefined || e.status === status) continue;
    status = e.status;
    closedAt = status === 'open' ? null : e.at;
    if (status === 'won' && firstWonAt === null) firstWonAt = e.at;
  }
  return { status, closedAt, firstWonAt };
}

/** A few deals are deleted, merged into the company's previous deal (a duplicate), or archived once closed. */
function endOfLife(rng: Rng, deal: SimDeal, previous: SimDeal | undefined, closed: boolean, now: number): void {
  const lastAt = deal.timeline[deal.timeline.length - 1]?.at ?? now;
  const removeAt = () => Math.min(now, roundMinute(lastAt + rng.int(1, 30) * DAY));
  if (rng.chance(0.01)) deal.deletedAt = removeAt();
  else if (previous !== undefined && previous.deletedAt === null && rng.chance(0.04)) {
    // A duplicate of the company's previous deal, merged into it.
    deal.deletedAt = removeAt();
    deal.mergedInto = previous.id;
  } else if (closed && rng.chance(0.005)) deal.archived = true;
}

function lead(
  n: number,
  createdAt: number,
  contact: string | null,
  company: string | null,
  owner: string,
  source: string,
  convertedAt: number | null,
  deal: string | null,
): SimLead {
  const title = `${source.replace('_', ' ')} lead ${n + 1}`;
  const meta = { modifiedAt: createdAt, writtenAtWallMs: 0, deletedAt: null, mergedInto: null };
  return { id: `l${n + 1}`, title, createdAt, contact, company, owner, source, convertedAt, deal, ...meta };
}

/** Inbound leads that never became deals (yet): on existing contacts, some of them deleted as junk. */
function openLeads(
  rng: Rng,
  world: World,
  count: number,
  out: SimLead[],
  ownersAt: (at: number) => readonly string[],
  start: number,
  now: number,
): void {
  const offset = out.length;
  for (let k = 0; k < count && world.contacts.length > 0; k++) {
    const contact = rng.pick(world.contacts);
    const from = Math.max(start, contact.createdAt);
    const createdAt = roundMinute(from + rng.next() * (now - from));
    const source = rng.weighted(INBOUND_SOURCES);
    const l = lead(
      offset + k,
      createdAt,
      contact.id,
      contact.company,
      rng.pick(ownersAt(createdAt)),
      source,
      null,
      null,
    );
    if (rng.chance(0.03)) l.deletedAt = Math.min(now, createdAt + rng.int(1, 20) * DAY);
    out.push(l);
  }
}
