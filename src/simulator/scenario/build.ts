/**
 * Builds the in-memory model from a validated scenario: instants become epoch ms, omitted fields take their
 * documented defaults, and record bookkeeping is derived (meta.ts).
 */
import type { SimDeal, SimDealEvent, SimEngagement, SimModel } from '../model';
import { deriveRecordMeta } from './meta';
import type { RawDealEvent, RawScenario } from './schema';
import { parseInstant } from './time';
import type { Expectation } from './types';

/** Epoch ms of an instant the schema has already validated. */
function ms(text: string): number {
  const t = parseInstant(text);
  if (t === null) throw new Error(`unvalidated instant ${text}`);
  return t;
}

function msOrNull(text: string | null | undefined): number | null {
  return text === null || text === undefined ? null : ms(text);
}

const META = { modifiedAt: 0, writtenAtWallMs: 0 };

function buildEvent(raw: RawDealEvent): SimDealEvent {
  const ev: SimDealEvent = { at: ms(raw.at) };
  if (raw.pipeline !== undefined) ev.pipeline = raw.pipeline;
  if (raw.stage !== undefined) ev.stage = raw.stage;
  if (raw.status !== undefined) ev.status = raw.status;
  if (raw.lostReason !== undefined) ev.lostReason = raw.lostReason;
  if (raw.amount !== undefined) ev.amount = raw.amount;
  if (raw.currency !== undefined) ev.currency = raw.currency;
  if (raw.owner !== undefined) ev.owner = raw.owner;
  if (raw.closeDate !== undefined) ev.closeDate = raw.closeDate;
  if (raw.probability !== undefined) ev.probability = raw.probability;
  return ev;
}

function buildDeal(d: NonNullable<RawScenario['deals']>[number]): SimDeal {
  return {
    id: d.id,
    name: d.name,
    company: d.company ?? null,
    contacts: d.contacts ?? [],
    source: d.source ?? null,
    properties: d.properties ?? {},
    archived: d.archived ?? false,
    timeline: d.timeline.map(buildEvent),
    ...META,
    deletedAt: msOrNull(d.deletedAt),
    mergedInto: d.mergedInto ?? null,
  };
}

function buildEngagement(e: NonNullable<RawScenario['engagements']>[number]): SimEngagement {
  return {
    id: e.id,
    type: e.type,
    at: ms(e.at),
    endAt: msOrNull(e.endAt),
    owner: e.owner ?? null,
    direction: e.direction ?? null,
    outcome: e.outcome ?? null,
    durationSeconds: e.durationSeconds ?? null,
    done: e.done ?? null,
    support: e.support ?? false,
    deals: e.deals ?? [],
    contacts: e.contacts ?? [],
    companies: e.companies ?? [],
    leads: e.leads ?? [],
    ...META,
    deletedAt: msOrNull(e.deletedAt),
    mergedInto: null,
  };
}

/** The model of a scenario that passed every check. */
export function buildModel(raw: RawScenario): SimModel {
  const model: SimModel = {
    now: ms(raw.now),
    account: {
      timeZone: raw.account.timeZone,
      currency: raw.account.currency,
      exchangeRates: { ...raw.account.exchangeRates },
    },
    users: raw.users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      team: u.team ?? null,
      archived: u.archived ?? false,
    })),
    pipelines: raw.pipelines.map((p) => ({ id: p.id, name: p.name, stages: p.stages.map((s) => ({ ...s })) })),
    companies: (raw.companies ?? []).map((c) => ({
      id: c.id,
      name: c.name,
      createdAt: ms(c.createdAt),
      industry: c.industry ?? null,
      owner: c.owner ?? null,
      properties: c.properties ?? {},
      ...META,
      deletedAt: msOrNull(c.deletedAt),
      mergedInto: c.mergedInto ?? null,
    })),
    contacts: (raw.contacts ?? []).map((c) => ({
      id: c.id,
      name: c.name,
      email: c.email ?? null,
      company: c.company ?? null,
      owner: c.owner ?? null,
      createdAt: ms(c.createdAt),
      lifecycle: (c.lifecycle ?? []).map((l) => ({ at: ms(l.at), stage: l.stage })),
      properties: c.properties ?? {},
      ...META,
      deletedAt: msOrNull(c.deletedAt),
      mergedInto: c.mergedInto ?? null,
    })),
    leads: (raw.leads ?? []).map((l) => ({
      id: l.id,
      title: l.title,
      createdAt: ms(l.createdAt),
      contact: l.contact ?? null,
      company: l.company ?? null,
      owner: l.owner ?? null,
      source: l.source ?? null,
      convertedAt: msOrNull(l.convertedAt),
      deal: l.deal ?? null,
      ...META,
      deletedAt: msOrNull(l.deletedAt),
      mergedInto: l.mergedInto ?? null,
    })),
    deals: (raw.deals ?? []).map(buildDeal),
    engagements: (raw.engagements ?? []).map(buildEngagement),
  };
  deriveRecordMeta(model);
  return model;
}

/** The `expect` items with only the keys the file gives (no undefined values). */
export function buildExpectations(raw: RawScenario['expect']): Expectation[] {
  return (raw ?? []).map((e) => {
    const out: Expectation = { kpi: e.kpi };
    for (const [key, value] of Object.entries(e)) {
      if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
    }
    return out;
  });
}
