/**
 * HubSpot deal -> `CrmDeal`. The stage timeline comes from the `dealstage` history: visits are open-stage visits
 * only; entering a closed (won/lost) stage ends the visit and records a `status` change; moving back to an open
 * stage (reopen) starts a new visit and records `status: open` (see `src/domain/records.ts`).
 */
import type { CrmDeal, CrmFieldChange, CrmStageVisit, DealStatus, TrackedDealField } from '../../../domain/records';
import type { HubSpotObject } from '../types';
import {
  customPropsOf,
  historyOf,
  instantProp,
  MapError,
  type MapResult,
  mapWith,
  mergedIdsOf,
  modifiedAtOf,
  prop,
  requiredInstant,
  toBool,
  toDateOnly,
  toInstant,
  toNumber,
} from './common';
import type { StageIndex, StageInfo } from './pipeline';

/** Deal properties read for KPIs (hubspot-api.md §11). */
export const DEAL_PROPERTIES = [
  'dealname',
  'dealstage',
  'pipeline',
  'amount',
  'amount_in_home_currency',
  'deal_currency_code',
  'closedate',
  'createdate',
  'hs_lastmodifieddate',
  'hs_is_closed',
  'hs_is_closed_won',
  'hs_is_closed_lost',
  'hs_deal_stage_probability',
  'hubspot_owner_id',
  'hs_analytics_source',
  'hs_analytics_source_data_1',
  'closed_lost_reason',
  'hs_merged_object_ids',
  'hs_object_id',
] as const;

/** Deal properties whose history we read. */
export const DEAL_HISTORY_PROPERTIES = [
  'dealstage',
  'pipeline',
  'amount',
  'closedate',
  'hubspot_owner_id',
  'deal_currency_code',
  'hs_deal_stage_probability',
  'closed_lost_reason',
] as const;

export interface DealContext {
  stages: StageIndex;
  customProperties: readonly string[];
  contactIds: readonly string[];
  companyIds: readonly string[];
}

interface StageEvent {
  at: string;
  stageId: string;
  info: StageInfo;
}

/** Maps one deal payload, or says why it goes to quarantine. */
export function toCrmDeal(raw: unknown, ctx: DealContext): MapResult<CrmDeal> {
  return mapWith(raw, (obj) => mapDeal(obj, ctx));
}

function mapDeal(obj: HubSpotObject, ctx: DealContext): CrmDeal {
  const createdAt = requiredInstant(obj, 'createdate');
  const pipelineId = prop(obj, 'pipeline');
  if (pipelineId === null || !ctx.stages.pipelineIds.has(pipelineId)) {
    throw new MapError(`unknown pipeline ${JSON.stringify(pipelineId)}`);
  }
  const events = stageEvents(obj, createdAt, ctx.stages);
  const { visits, statusChanges } = timeline(events);
  const currentStage = events.at(-1);
  const status = currentStatus(obj, currentStage?.info ?? null);
  const closedAt = instantProp(obj, 'closedate');
  const lastStatusAt = statusChanges.at(-1)?.at ?? null;
  const amount = toNumber(prop(obj, 'amount'), 'amount');
  const stageProbability = currentStage?.info.probability ?? null;
  const rawProbability = toNumber(prop(obj, 'hs_deal_stage_probability'), 'hs_deal_stage_probability');

  return {
    externalId: obj.id,
    name: prop(obj, 'dealname'),
    pipelineId,
    stageId: visits.at(-1)?.stageId ?? null,
    status,
    amount,
    currency: prop(obj, 'deal_currency_code'),
    amountHome: toNumber(prop(obj, 'amount_in_home_currency'), 'amount_in_home_currency'),
    probability: status === 'open' ? override(rawProbability, stageProbability) : null,
    createdAt,
    wonAt: status === 'won' ? (closedAt ?? lastStatusAt) : null,
    lostAt: status === 'lost' ? (closedAt ?? lastStatusAt) : null,
    closeDate: status === 'open' && closedAt !== null ? closedAt.slice(0, 10) : null,
    lostReason: prop(obj, 'closed_lost_reason'),
    source: prop(obj, 'hs_analytics_source'),
    sourceDetail: prop(obj, 'hs_analytics_source_data_1'),
    ownerId: prop(obj, 'hubspot_owner_id'),
    companyIds: [...ctx.companyIds],
    contactIds: [...ctx.contactIds],
    properties: customPropsOf(obj, ctx.customProperties),
    modifiedAt: modifiedAtOf(obj, 'hs_lastmodifieddate'),
    mergedIds: mergedIdsOf(obj),
    stageVisits: visits,
    fieldChanges: fieldChanges(obj, createdAt, events, statusChanges),
  };
}

/** `dealstage` history in time order (the current value at creation when there is none); unknown stages fail. */
function stageEvents(obj: HubSpotObject, createdAt: string, index: StageIndex): StageEvent[] {
  const history = historyOf(obj, 'dealstage');
  const current = prop(obj, 'dealstage');
  const entries = history.length > 0 ? history : current === null ? [] : [{ value: current, at: createdAt }];
  if (entries.length === 0) throw new MapError('missing dealstage');
  return entries.flatMap((e) => {
    if (e.value === null || e.value === '') return [];
    const info = index.stages.get(e.value);
    if (!info) throw new MapError(`unknown stage ${JSON.stringify(e.value)}`);
    return [{ at: e.at, stageId: e.value, info }];
  });
}

/** Open-stage visits and status changes from the stage events. */
function timeline(events: StageEvent[]): { visits: CrmStageVisit[]; statusChanges: CrmFieldChange[] } {
  const visits: CrmStageVisit[] = [];
  const statusChanges: CrmFieldChange[] = [];
  let status: DealStatus | null = null;
  let open: CrmStageVisit | null = null;
  for (const e of events) {
    const role = e.info.role;
    if (role === 'open') {
      // The same stage written again (a re-save, an import) is not a new visit.
      if (open !== null && open.stageId === e.stageId && open.pipelineId === e.info.pipelineId) continue;
      if (open !== null) open.exitedAt = e.at;
      open = { pipelineId: e.info.pipelineId, stageId: e.stageId, enteredAt: e.at, exitedAt: null };
      visits.push(open);
    } else if (open !== null) {
      open.exitedAt = e.at;
      open = null;
    }
    if (status !== role) {
      statusChanges.push({ field: 'status', value: role, at: e.at });
      status = role;
    }
  }
  return { visits, statusChanges };
}

/** HubSpot's own closed flags win; the stage role is the fallback when they are absent. */
function currentStatus(obj: HubSpotObject, stage: StageInfo | null): DealStatus {
  if (toBool(prop(obj, 'hs_is_closed_won')) === true) return 'won';
  if (toBool(prop(obj, 'hs_is_closed_lost')) === true) return 'lost';
  if (prop(obj, 'hs_is_closed_won') !== null || prop(obj, 'hs_is_closed_lost') !== null) return 'open';
  return stage?.role ?? 'open';
}

/** `hs_deal_stage_probability` is the stage's probability unless the deal overrides it: keep overrides only. */
function override(value: number | null, stageProbability: number | null): number | null {
  if (value === null) return null;
  return stageProbability !== null && Math.abs(value - stageProbability) < 1e-9 ? null : value;
}

function fieldChanges(
  obj: HubSpotObject,
  createdAt: string,
  events: StageEvent[],
  statusChanges: CrmFieldChange[],
): CrmFieldChange[] {
  const stageAt = (at: string): StageEvent | undefined => events.filter((e) => e.at <= at).at(-1);
  const isOpenAt = (at: string): boolean => (stageAt(at)?.info.role ?? 'open') === 'open';
  const plainNumber = (v: string | null) => {
    const n = toNumber(v, 'amount history');
    return n === null ? null : String(n);
  };
  return [
    ...changesOf(obj, 'amount', 'amount', createdAt, plainNumber),
    ...changesOf(obj, 'currency', 'deal_currency_code', createdAt, (v) => v),
    // An open deal's close date is the expected date; the value HubSpot writes on win/loss is the close time,
    // already carried by the status change, so changes while closed are left out.
    ...changesOf(
      obj,
      'closeDate',
      'closedate',
      createdAt,
      (v) => (v === null ? null : toDateOnly(v, 'closedate')),
      isOpenAt,
    ),
    ...changesOf(obj, 'owner', 'hubspot_owner_id', createdAt, (v) => v),
    ...changesOf(obj, 'pipeline', 'pipeline', createdAt, (v) => v),
    ...statusChanges,
    ...probabilityChanges(obj, createdAt, stageAt),
    ...changesOf(obj, 'lostReason', 'closed_lost_reason', createdAt, (v) => v),
  ].reduce<CrmFieldChange[]>(dropRepeats, []);
}

/** Override changes only: a value equal to the stage's probability at that time means "no override". */
function probabilityChanges(
  obj: HubSpotObject,
  createdAt: string,
  stageAt: (at: string) => StageEvent | undefined,
): CrmFieldChange[] {
  const changes = changesOf(obj, 'probability', 'hs_deal_stage_probability', createdAt, (v) => v).map((c) => {
    const value = override(toNumber(c.value, 'probability history'), stageAt(c.at)?.info.probability ?? null);
    return { ...c, value: value === null ? null : String(value) };
  });
  const first = changes.findIndex((c) => c.value !== null);
  return first === -1 ? [] : changes.slice(first);
}

/** One field's changes from its history (the current value at creation when there is none). */
function changesOf(
  obj: HubSpotObject,
  field: TrackedDealField,
  property: string,
  createdAt: string,
  transform: (value: string | null) => string | null,
  keep: (at: string) => boolean = () => true,
): CrmFieldChange[] {
  const history = historyOf(obj, property);
  const entries = history.length > 0 ? history : [{ value: prop(obj, property), at: createdAt }];
  const out: CrmFieldChange[] = [];
  for (const e of entries) {
    if (!keep(e.at)) continue;
    const value = transform(e.value === '' ? null : e.value);
    // A field that starts unset has no creation row; later clears are kept.
    if (value === null && !out.some((c) => c.field === field)) continue;
    out.push({ field, value, at: toInstant(e.at, property) });
  }
  return out;
}

/** Drops a change that repeats the previous value of the same field. */
function dropRepeats(acc: CrmFieldChange[], change: CrmFieldChange): CrmFieldChange[] {
  const previous = acc.filter((c) => c.field === change.field).at(-1);
  if (previous === undefined || previous.value !== change.value) acc.push(change);
  return acc;
}
