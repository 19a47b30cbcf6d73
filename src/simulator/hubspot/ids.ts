/**
 * Stable mapping between the scenario's author-chosen ids and the ids the HubSpot simulator serves.
 *
 * Rule (positional, so the same model always gives the same ids, and appending records never renumbers):
 * - a record at position `i` (0-based) of its model collection gets `BASE + i + 1`, with one base per collection
 *   (see {@link HUBSPOT_ID_BASES}). Every base is above 2^32 on purpose: real HubSpot ids and `toObjectId`s
 *   exceed 32 bits, and a connector that parses them as int32 must fail here first.
 * - all engagement types share one id space (positions in `model.engagements`), as HubSpot engagements do.
 * - owners: `OWNER_BASE + i + 1` (the `hubspot_owner_id` value); their `userId` is `USER_BASE + i + 1`.
 * - teams: distinct `user.team` values in order of first appearance get `TEAM_BASE + k + 1`.
 * - pipelines: the first pipeline is HubSpot's built-in `default`, with `closedwon`/`closedlost`; pipeline `p > 0`
 *   is `PIPELINE_BASE + p`. Open stage `s` of pipeline `p` is `STAGE_BASE + p * 1000 + s + 1`; the won and lost
 *   stages of pipeline `p > 0` are `STAGE_BASE + p * 1000 + 998 / 999` — numeric, like custom HubSpot pipelines,
 *   so a connector has to read stage metadata instead of matching names.
 */
import type { SimModel } from '../model.js';

/** The collections that carry HubSpot record ids. */
export type IdCollection = 'companies' | 'contacts' | 'deals' | 'leads' | 'engagements';

/** Numeric base per collection; a record's id is `base + position + 1`. */
export const HUBSPOT_ID_BASES: Readonly<Record<IdCollection, number>> = {
  companies: 20_000_000_000,
  contacts: 30_000_000_000,
  deals: 40_000_000_000,
  leads: 50_000_000_000,
  engagements: 60_000_000_000,
};
/** Room per collection: positions above this would collide with the next base. */
const COLLECTION_SPAN = 10_000_000_000;
export const OWNER_BASE = 100_000_000;
export const USER_BASE = 7_000_000;
export const TEAM_BASE = 900_000;
export const PIPELINE_BASE = 800_000_000;
export const STAGE_BASE = 710_000_000;
/** HubSpot's built-in lead pipeline: the model has no lead stages, so every lead sits in it. */
export const LEAD_PIPELINE_ID = 'lead-pipeline-id';

/** Id lookups over a live model; maps are rebuilt when a collection's length changes (records are only appended). */
export interface HubSpotIds {
  /** HubSpot id of a scenario record, or undefined if the scenario id is unknown. */
  toHubSpot(collection: IdCollection, scenarioId: string): string | undefined;
  /** Scenario id of a HubSpot record id, or undefined. */
  fromHubSpot(collection: IdCollection, hubspotId: string): string | undefined;
  /** Position in the model collection of a HubSpot id (no existence check beyond the range). */
  position(collection: IdCollection, hubspotId: string): number | undefined;
  /** HubSpot id of the record at a position. */
  atPosition(collection: IdCollection, position: number): string;
  ownerId(userId: string): string | undefined;
  ownerUserId(userId: string): number | undefined;
  userFromOwnerId(ownerId: string): string | undefined;
  teamId(team: string): string;
  pipelineId(pipelineId: string): string | undefined;
  pipelineFromHubSpot(hubspotPipelineId: string): string | undefined;
  stageId(pipelineId: string, stageId: string): string | undefined;
  wonStageId(pipelineId: string): string | undefined;
  lostStageId(pipelineId: string): string | undefined;
}

type IdRecord = { id: string };

function collectionOf(model: SimModel, c: IdCollection): readonly IdRecord[] {
  return model[c];
}

/** Builds the id mapping for a model; cheap to call, lookups are lazy. */
export function createHubSpotIds(model: SimModel): HubSpotIds {
  const maps = new Map<string, { length: number; index: Map<string, number> }>();
  const indexOf = (key: string, list: readonly IdRecord[]): Map<string, number> => {
    const cached = maps.get(key);
    if (cached && cached.length === list.length) return cached.index;
    const index = new Map<string, number>();
    list.forEach((r, i) => {
      index.set(r.id, i);
    });
    maps.set(key, { length: list.length, index });
    return index;
  };
  const teams = (): string[] => {
    const seen: string[] = [];
    for (const u of model.users) if (u.team !== null && !seen.includes(u.team)) seen.push(u.team);
    return seen;
  };
  const pipelineIndex = (id: string): number | undefined => indexOf('pipelines', model.pipelines).get(id);
  const closedStage = (pipelineId: string, which: 'won' | 'lost'): string | undefined => {
    const p = pipelineIndex(pipelineId);
    if (p === undefined) return undefined;
    if (p === 0) return which === 'won' ? 'closedwon' : 'closedlost';
    return String(STAGE_BASE + p * 1000 + (which === 'won' ? 998 : 999));
  };
  const position = (c: IdCollection, hubspotId: string): number | undefined => {
    if (!/^\d+$/.test(hubspotId)) return undefined;
    const pos = Number(hubspotId) - HUBSPOT_ID_BASES[c] - 1;
    return pos >= 0 && pos < COLLECTION_SPAN ? pos : undefined;
  };
  return {
    toHubSpot(c, scenarioId) {
      const i = indexOf(c, collectionOf(model, c)).get(scenarioId);
      return i === undefined ? undefined : String(HUBSPOT_ID_BASES[c] + i + 1);
    },
    fromHubSpot(c, hubspotId) {
      const pos = position(c, hubspotId);
      return pos === undefined ? undefined : collectionOf(model, c)[pos]?.id;
    },
    position,
    atPosition: (c, pos) => String(HUBSPOT_ID_BASES[c] + pos + 1),
    ownerId(userId) {
      const i = indexOf('users', model.users).get(userId);
      return i === undefined ? undefined : String(OWNER_BASE + i + 1);
    },
    ownerUserId(userId) {
      const i = indexOf('users', model.users).get(userId);
      return i === undefined ? undefined : USER_BASE + i + 1;
    },
    userFromOwnerId(ownerId) {
      if (!/^\d+$/.test(ownerId)) return undefined;
      return model.users[Number(ownerId) - OWNER_BASE - 1]?.id;
    },
    teamId: (team) => String(TEAM_BASE + teams().indexOf(team) + 1),
    pipelineId(id) {
      const p = pipelineIndex(id);
      if (p === undefined) return undefined;
      return p === 0 ? 'default' : String(PIPELINE_BASE + p);
    },
    pipelineFromHubSpot(hubspotId) {
      if (hubspotId === 'default') return model.pipelines[0]?.id;
      if (!/^\d+$/.test(hubspotId)) return undefined;
      const p = Number(hubspotId) - PIPELINE_BASE;
      return p > 0 ? model.pipelines[p]?.id : undefined;
    },
    stageId(pipelineId, stageId) {
      const p = pipelineIndex(pipelineId);
      if (p === undefined) return undefined;
      const s = model.pipelines[p]?.stages.findIndex((st) => st.id === stageId) ?? -1;
      return s < 0 ? undefined : String(STAGE_BASE + p * 1000 + s + 1);
    },
    wonStageId: (pipelineId) => closedStage(pipelineId, 'won'),
    lostStageId: (pipelineId) => closedStage(pipelineId, 'lost'),
  };
}
