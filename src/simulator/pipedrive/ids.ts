/**
 * Stable mapping between the scenario's author-chosen ids and the ids the Pipedrive simulator serves.
 *
 * Rule (positional, so the same model always gives the same ids, and appending records never renumbers):
 * - a record at position `i` (0-based) of its model collection gets `BASE + i + 1`, one base per kind
 *   ({@link PIPEDRIVE_ID_BASES}). Every id fits a signed 32-bit integer (Pipedrive ids are integers), and the
 *   ranges do not overlap, so a connector that mixes up `person_id` and `org_id` fails on a lookup.
 * - engagements: activities (calls, meetings, tasks, emails) and notes share positions in `model.engagements` but
 *   not a base: activity `ACTIVITY_BASE + i + 1`, note `NOTE_BASE + i + 1`. A call's call log id is the string
 *   `CA` + the activity id in 30 hex digits (call log ids are strings in Pipedrive).
 * - users: `USER_BASE + i + 1`; the first user is the token's owner (`/v1/users/me`) and the company admin.
 * - pipelines: `i + 1` (the pipeline with the lowest `order_nr` is Pipedrive's default); open stage `s` of
 *   pipeline `p` is `(p + 1) * 1000 + s + 1`. Won and lost are deal statuses, not stages.
 * - leads: UUID strings `00000000-0000-4000-8000-` + the position + 1 in 12 hex digits (valid RFC 4122 v4 shape,
 *   reversible without a table).
 * - custom field keys: the 40-hex SHA-1 of `pipeline-pulse:<entity>:<property name>` (entity `deal`, `person`,
 *   `organization`), so a key is the same on every run and differs between entities, as Pipedrive's do.
 */
import { createHash } from 'node:crypto';
import type { SimModel } from '../model.js';

/** The collections that carry Pipedrive record ids. */
export type PdCollection = 'companies' | 'contacts' | 'deals' | 'activities' | 'notes';

/** Numeric base per kind; a record's id is `base + position + 1`. */
export const PIPEDRIVE_ID_BASES: Readonly<Record<PdCollection, number>> = {
  contacts: 100_000_000,
  companies: 200_000_000,
  deals: 300_000_000,
  activities: 400_000_000,
  notes: 500_000_000,
};
/** Room per kind: positions at or above this would collide with the next base. */
const SPAN = 100_000_000;
export const USER_BASE = 12_000_000;
export const STAGE_SPAN = 1000;
const LEAD_PREFIX = '00000000-0000-4000-8000-';

/** Which model collection a Pipedrive kind lives in. */
const MODEL_COLLECTION = {
  companies: 'companies',
  contacts: 'contacts',
  deals: 'deals',
  activities: 'engagements',
  notes: 'engagements',
} as const;

/** The 40-hex custom field key of a property name on an entity. */
export function customFieldKey(entity: 'deal' | 'person' | 'organization', name: string): string {
  return createHash('sha1').update(`pipeline-pulse:${entity}:${name}`).digest('hex');
}

/** Id lookups over a live model; maps are rebuilt when a collection's length changes (records are only appended). */
export interface PipedriveIds {
  /** Pipedrive id of a scenario record, or undefined if the scenario id is unknown. */
  toPipedrive(collection: PdCollection, scenarioId: string): number | undefined;
  /** Position in the model collection of a Pipedrive id (range check only). */
  position(collection: PdCollection, pipedriveId: number): number | undefined;
  /** Pipedrive id of the record at a position. */
  atPosition(collection: PdCollection, position: number): number;
  /** Scenario id of a Pipedrive id, or undefined. */
  fromPipedrive(collection: PdCollection, pipedriveId: number): string | undefined;
  userId(userId: string): number | undefined;
  userPosition(pipedriveUserId: number): number | undefined;
  pipelineId(pipelineId: string): number | undefined;
  stageId(pipelineId: string, stageId: string): number | undefined;
  leadId(scenarioLeadId: string): string | undefined;
  leadAtPosition(position: number): string;
  leadPosition(uuid: string): number | undefined;
  /** Call log id of the call at an engagement position. */
  callLogId(position: number): string;
}

type IdRecord = { id: string };

/** Builds the id mapping for a model; cheap to call, lookups are lazy. */
export function createPipedriveIds(model: SimModel): PipedriveIds {
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
  const list = (c: PdCollection): readonly IdRecord[] => model[MODEL_COLLECTION[c]];
  const position = (c: PdCollection, id: number): number | undefined => {
    if (!Number.isInteger(id)) return undefined;
    const pos = id - PIPEDRIVE_ID_BASES[c] - 1;
    return pos >= 0 && pos < SPAN ? pos : undefined;
  };
  const atPosition = (c: PdCollection, pos: number): number => PIPEDRIVE_ID_BASES[c] + pos + 1;
  return {
    toPipedrive(c, scenarioId) {
      const i = indexOf(MODEL_COLLECTION[c], list(c)).get(scenarioId);
      return i === undefined ? undefined : atPosition(c, i);
    },
    position,
    atPosition,
    fromPipedrive(c, id) {
      const pos = position(c, id);
      return pos === undefined ? undefined : list(c)[pos]?.id;
    },
    userId(userId) {
      const i = indexOf('users', model.users).get(userId);
      return i === undefined ? undefined : USER_BASE + i + 1;
    },
    userPosition(id) {
      const pos = id - USER_BASE - 1;
      return Number.isInteger(pos) && pos >= 0 && pos < model.users.length ? pos : undefined;
    },
    pipelineId(pipelineId) {
      const p = indexOf('pipelines', model.pipelines).get(pipelineId);
      return p === undefined ? undefined : p + 1;
    },
    stageId(pipelineId, stageId) {
      const p = indexOf('pipelines', model.pipelines).get(pipelineId);
      if (p === undefined) return undefined;
      const s = model.pipelines[p]?.stages.findIndex((st) => st.id === stageId) ?? -1;
      return s < 0 ? undefined : (p + 1) * STAGE_SPAN + s + 1;
    },
    leadId(scenarioLeadId) {
      const i = indexOf('leads', model.leads).get(scenarioLeadId);
      return i === undefined ? undefined : leadUuid(i);
    },
    leadAtPosition: leadUuid,
    leadPosition(uuid) {
      if (!uuid.startsWith(LEAD_PREFIX)) return undefined;
      const n = Number.parseInt(uuid.slice(LEAD_PREFIX.length), 16);
      return Number.isInteger(n) && n >= 1 ? n - 1 : undefined;
    },
    callLogId: (pos) => `CA${atPosition('activities', pos).toString(16).padStart(30, '0')}`,
  };
}

function leadUuid(position: number): string {
  return LEAD_PREFIX + (position + 1).toString(16).padStart(12, '0');
}
