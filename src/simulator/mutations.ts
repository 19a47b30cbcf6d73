/**
 * Changes to the CRM made while a test runs, the way a user or an integration would make them: every write
 * happens at the simulator clock (`model.now`), stamps `modifiedAt` (except association edits, as on HubSpot) and
 * `writtenAtWallMs = performance.now()` so the HTTP layer can hide writes younger than its search-index lag.
 * Deal changes are appended to the timeline, which therefore stays in time order.
 */
import { performance } from 'node:perf_hooks';
import type { SimDeal, SimDealEvent, SimModel, SimRecordMeta } from './model';
import { checkUnique, fail, find, freshId, type MutableCollection, stamp } from './mutations/shared';

export {
  addCompany,
  addContact,
  addEngagement,
  addLead,
  type NewEngagement,
  setLifecycleStage,
} from './mutations/records';
export type { MutableCollection };

type Properties = SimDeal['properties'];

/** The deal's pipeline as of its last event. */
function currentPipeline(deal: SimDeal): string {
  let pipeline = '';
  for (const e of deal.timeline) if (e.pipeline !== undefined) pipeline = e.pipeline;
  return pipeline;
}

function checkEvent(model: SimModel, deal: SimDeal, ev: SimDealEvent, op: string): void {
  const last = deal.timeline[deal.timeline.length - 1];
  if (ev.at > model.now) fail(op, `${ev.at} is after now (${model.now})`);
  if (last !== undefined && ev.at < last.at) fail(op, `${ev.at} is before the deal's last event (${last.at})`);
  if (ev.pipeline !== undefined && ev.stage === undefined) fail(op, 'a pipeline change must come with a stage');
  const pipelineId = ev.pipeline ?? currentPipeline(deal);
  const pipeline = model.pipelines.find((p) => p.id === pipelineId);
  if (pipeline === undefined) fail(op, `unknown pipeline "${pipelineId}"`);
  if (ev.stage !== undefined && !pipeline.stages.some((s) => s.id === ev.stage)) {
    fail(op, `unknown stage "${ev.stage}" in pipeline "${pipelineId}"`);
  }
  if (ev.owner !== undefined && !model.users.some((u) => u.id === ev.owner)) fail(op, `unknown user "${ev.owner}"`);
  if (
    ev.currency !== undefined &&
    ev.currency !== model.account.currency &&
    !(ev.currency in model.account.exchangeRates)
  ) {
    fail(op, `no exchange rate for "${ev.currency}"`);
  }
}

/** Fields of a new deal; its creation event happens at `model.now`. */
export interface NewDeal {
  id?: string;
  name: string;
  pipeline: string;
  stage: string;
  owner: string;
  amount?: number | null;
  currency?: string;
  closeDate?: string | null;
  probability?: number | null;
  company?: string | null;
  contacts?: string[];
  source?: string | null;
  properties?: Properties;
}

/** Creates a deal at `model.now` (ids default to `d<n>`). */
export function addDeal(model: SimModel, input: NewDeal): SimDeal {
  const id = input.id ?? freshId(model.deals, 'd');
  checkUnique(model.deals, id, 'addDeal');
  const first: SimDealEvent = { at: model.now, pipeline: input.pipeline, stage: input.stage, owner: input.owner };
  for (const key of ['amount', 'currency', 'closeDate', 'probability'] as const) {
    if (input[key] !== undefined) Object.assign(first, { [key]: input[key] });
  }
  const deal: SimDeal = {
    id,
    name: input.name,
    company: input.company ?? null,
    contacts: [...(input.contacts ?? [])],
    source: input.source ?? null,
    properties: { ...input.properties },
    archived: false,
    timeline: [],
    modifiedAt: model.now,
    writtenAtWallMs: 0,
    deletedAt: null,
    mergedInto: null,
  };
  checkEvent(model, deal, first, 'addDeal');
  deal.timeline.push(first);
  stamp(deal, model.now);
  model.deals.push(deal);
  return deal;
}

/** Timeline fields (appended as one event) and record fields (changed in place) of {@link setDealFields}. */
export interface DealChanges extends Omit<SimDealEvent, 'at'> {
  name?: string;
  source?: string | null;
  /** Merged into the deal's properties; a null value is kept (a cleared property). */
  properties?: Properties;
}

/** Changes a deal at `at` (default now, not before its last event): one timeline event for the tracked fields. */
export function setDealFields(model: SimModel, dealId: string, changes: DealChanges, at = model.now): SimDeal {
  const deal = find(model, 'deals', dealId, 'setDealFields');
  const { name, source, properties, ...tracked } = changes;
  const ev: SimDealEvent = { at, ...tracked };
  checkEvent(model, deal, ev, 'setDealFields');
  if (Object.keys(tracked).length > 0) deal.timeline.push(ev);
  if (name !== undefined) deal.name = name;
  if (source !== undefined) deal.source = source;
  if (properties !== undefined) deal.properties = { ...deal.properties, ...properties };
  stamp(deal, at);
  return deal;
}

/** Moves a deal to a stage of its current pipeline at `at` (default now). */
export function moveStage(model: SimModel, dealId: string, stage: string, at = model.now): SimDeal {
  return setDealFields(model, dealId, { stage }, at);
}

/** Soft-deletes a record at now (HubSpot archive, Pipedrive delete). */
export function deleteRecord(model: SimModel, collection: MutableCollection, id: string): void {
  const rec: SimRecordMeta = find(model, collection, id, 'deleteRecord');
  if (rec.deletedAt !== null) fail('deleteRecord', `${collection} "${id}" is already deleted`);
  rec.deletedAt = model.now;
  stamp(rec, model.now);
}

/**
 * Merges `loserId` into `winnerId` at now: the loser is deleted with `mergedInto`, the winner takes the loser's
 * contacts (as a HubSpot merge keeps associations) and is modified.
 */
export function mergeDeals(model: SimModel, winnerId: string, loserId: string): void {
  if (winnerId === loserId) fail('mergeDeals', 'a deal cannot be merged into itself');
  const winner = find(model, 'deals', winnerId, 'mergeDeals');
  const loser = find(model, 'deals', loserId, 'mergeDeals');
  if (winner.deletedAt !== null || loser.deletedAt !== null) fail('mergeDeals', 'both deals must be live');
  const wall = performance.now();
  loser.mergedInto = winner.id;
  loser.deletedAt = model.now;
  stamp(loser, model.now, wall);
  winner.contacts = [...new Set([...winner.contacts, ...loser.contacts])];
  stamp(winner, model.now, wall);
}

/**
 * Replaces a deal's contacts and/or company. `modifiedAt` does NOT move, as on HubSpot, where association edits
 * leave `hs_lastmodifieddate` alone: an incremental sync keyed on it misses them. The write is still stamped.
 */
export function editAssociations(
  model: SimModel,
  dealId: string,
  links: { contacts?: string[]; company?: string | null },
): SimDeal {
  const deal = find(model, 'deals', dealId, 'editAssociations');
  for (const c of links.contacts ?? []) find(model, 'contacts', c, 'editAssociations');
  if (links.company) find(model, 'companies', links.company, 'editAssociations');
  if (links.contacts !== undefined) deal.contacts = [...links.contacts];
  if (links.company !== undefined) deal.company = links.company;
  deal.writtenAtWallMs = performance.now();
  return deal;
}

/**
 * Stamps many records with one identical `modifiedAt` (a month-end bulk edit or import), the case that breaks
 * naive `modifiedAt > cursor` paging. Ids are looked up in one pass, so 10,000+ records are cheap.
 * @returns the number of records stamped
 */
export function bulkTouch(model: SimModel, collection: MutableCollection, ids: readonly string[], at = model.now) {
  if (at > model.now) fail('bulkTouch', `${at} is after now (${model.now})`);
  const wanted = new Set(ids);
  const wall = performance.now();
  let count = 0;
  for (const rec of model[collection] as readonly (SimRecordMeta & { id: string })[]) {
    if (!wanted.delete(rec.id)) continue;
    stamp(rec, at, wall);
    count++;
  }
  if (wanted.size > 0) fail('bulkTouch', `unknown ${collection}: ${[...wanted].slice(0, 5).join(', ')}`);
  return count;
}
