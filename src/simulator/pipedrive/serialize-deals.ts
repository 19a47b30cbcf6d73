/**
 * SimModel deals -> Pipedrive JSON: the v2 deal (pipedrive-api.md §4), the v1 changelog rows (§5.1: strings or
 * null, naive UTC times, newest first on the wire) and the v1 flow feed (§5.2). Won and lost are the deal
 * `status`; the deal stays in its last open stage.
 */
import type { SimDeal, SimDealState } from '../model.js';
import { customFieldsObject, optionId, type SerializeContext } from './context.js';
import type { JsonObject } from './errors.js';
import { localDate, pipedriveSource, rfc3339, rfc3339OrNull, v1Time } from './format.js';
import { servedValue } from './projection.js';

/** `include_fields` values the simulator fills; others are accepted by the spec but not served here. */
export const DEAL_INCLUDE_FIELDS = [
  'first_won_time',
  'source_lead_id',
  'activities_count',
  'done_activities_count',
  'last_activity_id',
] as const;
export type DealIncludeField = (typeof DEAL_INCLUDE_FIELDS)[number];

/** A serialized deal and the numbers the list filters and sorts read. */
export interface PdDealDoc {
  pos: number;
  id: number;
  json: JsonObject;
  extras: Record<DealIncludeField, unknown>;
  addMs: number;
  updateMs: number;
  deletedAt: number | null;
  archived: boolean;
}

/** Deal probability is a percentage in Pipedrive (the model keeps 0..1). */
export function percent(p: number | null): number | null {
  return p === null ? null : Number((p * 100).toFixed(10));
}

/** The tracked fields of one folded state, as changelog strings (`value` 0 when the deal has no amount). */
function changelogValues(ctx: SerializeContext, s: SimDealState): Record<string, string | null> {
  const str = (v: number | undefined | null) => (v === undefined || v === null ? null : String(v));
  return {
    pipeline_id: str(ctx.ids.pipelineId(s.pipeline)),
    stage_id: str(ctx.ids.stageId(s.pipeline, s.stage)),
    status: s.status,
    value: String(servedValue(s.amount)),
    currency: s.currency,
    user_id: str(ctx.ids.userId(s.owner)),
    expected_close_date: s.closeDate,
    probability: str(percent(s.probability)),
    lost_reason: s.status === 'lost' ? s.lostReason : null,
  };
}

/** One changelog row before formatting; `at` in ms, `actor` a Pipedrive user id. */
export interface ChangeRow {
  at: number;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  actor: number | null;
}

/**
 * Field changes of a deal, oldest first; within one instant in the order pipeline_id, stage_id, status, ... so
 * a connector sorting by time (stable) replays a pipeline move before its stage move. Creation is not a change.
 */
export function dealChanges(ctx: SerializeContext, deal: SimDeal): ChangeRow[] {
  const steps = ctx.dealSteps(deal);
  const rows: ChangeRow[] = [];
  let prev = changelogValues(ctx, steps[0]!.state);
  for (const step of steps.slice(1)) {
    const cur = changelogValues(ctx, step.state);
    const actor = ctx.ids.userId(step.state.owner) ?? null;
    for (const [field, value] of Object.entries(cur)) {
      if (prev[field] !== value)
        rows.push({ at: step.at, field, oldValue: prev[field] ?? null, newValue: value, actor });
    }
    prev = cur;
  }
  return rows;
}

/** A changelog row on the wire (`GET /v1/deals/{id}/changelog`). */
export function changelogRow(row: ChangeRow): JsonObject {
  return {
    field_key: row.field,
    old_value: row.oldValue,
    new_value: row.newValue,
    actor_user_id: row.actor,
    time: v1Time(row.at),
    change_source: 'app',
    change_source_user_agent: null,
    is_bulk_update_flag: false,
  };
}

/** Stage names for the flow's `old_value_formatted` / `new_value_formatted`. */
function stageName(ctx: SerializeContext, stageId: string | null): string | null {
  if (stageId === null) return null;
  const n = Number(stageId);
  for (const [p, pipeline] of ctx.model.pipelines.entries()) {
    for (const [s, stage] of pipeline.stages.entries()) if ((p + 1) * 1000 + s + 1 === n) return stage.name;
  }
  return null;
}

/** `dealChange` items of the v1 flow, oldest first, starting with the `add_time` creation row. */
export function flowDealChanges(ctx: SerializeContext, deal: SimDeal, dealId: number): JsonObject[] {
  const steps = ctx.dealSteps(deal);
  const first = steps[0]!;
  const creation: ChangeRow = {
    at: first.at,
    field: 'add_time',
    oldValue: null,
    newValue: v1Time(first.at),
    actor: ctx.ids.userId(first.state.owner) ?? null,
  };
  return [creation, ...dealChanges(ctx, deal)].map((row, i) => {
    const data: JsonObject = {
      id: dealId * 1000 + i + 1,
      item_id: dealId,
      user_id: row.actor,
      field_key: row.field,
      old_value: row.oldValue,
      new_value: row.newValue,
      is_bulk_update_flag: false,
      log_time: v1Time(row.at),
      change_source: 'app',
    };
    if (row.field === 'stage_id') {
      data.additional_data = {
        old_value_formatted: stageName(ctx, row.oldValue),
        new_value_formatted: stageName(ctx, row.newValue),
      };
    }
    return { object: 'dealChange', timestamp: v1Time(row.at), data };
  });
}

/** The last instant the deal's stage or pipeline changed after creation (null: never moved). */
function stageChangeTime(ctx: SerializeContext, deal: SimDeal): number | null {
  const steps = ctx.dealSteps(deal);
  let last: number | null = null;
  for (let i = 1; i < steps.length; i++) {
    const a = steps[i - 1]!.state;
    const b = steps[i]!.state;
    if (a.stage !== b.stage || a.pipeline !== b.pipeline) last = steps[i]!.at;
  }
  return last;
}

/** The v2 deal. */
export function serializeDeal(ctx: SerializeContext, deal: SimDeal, pos: number): PdDealDoc {
  const { ids, model, gone } = ctx;
  const steps = ctx.dealSteps(deal);
  const s = steps[steps.length - 1]!.state;
  const id = ids.atPosition('deals', pos);
  const src = pipedriveSource(deal.source);
  const zone = model.account.timeZone;
  const won = s.status === 'won' ? s.closedAt : null;
  const lost = s.status === 'lost' ? s.closedAt : null;
  const person = deal.contacts.find((c) => !gone.contacts.has(c));
  const stats = ctx.dealActivities.get(deal.id);
  const json: JsonObject = {
    id,
    title: deal.name,
    creator_user_id: ids.userId(steps[0]!.state.owner) ?? null,
    owner_id: ids.userId(s.owner) ?? null,
    value: servedValue(s.amount),
    person_id: person === undefined ? null : (ids.toPipedrive('contacts', person) ?? null),
    org_id:
      deal.company === null || gone.companies.has(deal.company)
        ? null
        : (ids.toPipedrive('companies', deal.company) ?? null),
    stage_id: ids.stageId(s.pipeline, s.stage) ?? null,
    pipeline_id: ids.pipelineId(s.pipeline) ?? null,
    currency: s.currency,
    archive_time: deal.archived ? rfc3339(deal.modifiedAt) : null,
    add_time: rfc3339(s.createdAt),
    update_time: rfc3339(deal.modifiedAt),
    stage_change_time: rfc3339OrNull(stageChangeTime(ctx, deal)),
    status: s.status,
    is_archived: deal.archived,
    is_deleted: deal.deletedAt !== null || deal.mergedInto !== null,
    probability: percent(s.probability),
    lost_reason: s.status === 'lost' ? s.lostReason : null,
    visible_to: 3,
    close_time: rfc3339OrNull(s.closedAt),
    won_time: rfc3339OrNull(won),
    lost_time: rfc3339OrNull(lost),
    local_won_date: won === null ? null : localDate(won, zone),
    local_lost_date: lost === null ? null : localDate(lost, zone),
    local_close_date: s.closedAt === null ? null : localDate(s.closedAt, zone),
    expected_close_date: s.closeDate,
    label_ids: [],
    origin: src.origin,
    origin_id: null,
    channel: optionId(ctx.channelOptions, src.channel),
    channel_id: null,
    arr: null,
    mrr: null,
    acv: null,
    custom_fields: customFieldsObject(ctx, 'deal', deal.properties),
  };
  return {
    pos,
    id,
    json,
    extras: {
      first_won_time: rfc3339OrNull(s.firstWonAt),
      source_lead_id: ctx.sourceLead.get(deal.id) ?? null,
      activities_count: stats?.count ?? 0,
      done_activities_count: stats?.done ?? 0,
      last_activity_id: stats?.lastId ?? null,
    },
    addMs: s.createdAt,
    updateMs: deal.modifiedAt,
    deletedAt: deal.deletedAt ?? (deal.mergedInto !== null ? deal.modifiedAt : null),
    archived: deal.archived,
  };
}
