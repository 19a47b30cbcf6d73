/**
 * A deal's stage visits and tracked-field history from its changelog (pipedrive-api.md §5.3). Pure: the rows, the
 * deal's current snapshot and the stage index in, domain visits and changes out.
 *
 * - Rows come newest first with v1 naive UTC times; they are sorted ascending (ties: `pipeline_id`, `stage_id`,
 *   `status`, then the rest, so a pipeline move is known before the stage row that carries it).
 * - The changelog lists changes only: a field's creation value is the `old_value` of its earliest row, else the
 *   current value, recorded at `add_time` (records.ts: field changes include the creation value).
 * - Visits are open-stage visits: a `stage_id` row closes the open visit and opens the new stage (another
 *   pipeline's stage is a pipeline move); `status -> won/lost` closes the visit; `won/lost -> open` (reopen) opens
 *   a visit in the current stage.
 * - Where the rows do not end at the deal's current stage or status (no changelog read yet, or an unverified
 *   field key missing), the difference is added at the best known time (`stage_change_time`, `won_time`,
 *   `lost_time`, `update_time`), so visits and statuses always agree with the current deal.
 */
import {
  type CrmFieldChange,
  type CrmStageVisit,
  TRACKED_DEAL_FIELDS,
  type TrackedDealField,
} from '../../../domain/records';
import type { ChangelogRow, PipedriveDeal } from '../types';
import { dateOnly, instantOrNull, plainNumber, ref, toInstant } from './common';
import type { StageIndex } from './pipeline';

/** Changelog `field_key`s of the tracked fields (v1 names: the owner is `user_id`). */
const FIELD_OF_KEY: Readonly<Record<string, TrackedDealField>> = {
  value: 'amount',
  currency: 'currency',
  expected_close_date: 'closeDate',
  user_id: 'owner',
  owner_id: 'owner',
  pipeline_id: 'pipeline',
  status: 'status',
  probability: 'probability',
  lost_reason: 'lostReason',
};

const TIE_ORDER: Readonly<Record<string, number>> = { pipeline_id: 0, stage_id: 1, status: 2 };
const STATUSES = new Set(['open', 'won', 'lost']);

interface Row {
  key: string;
  old: string | null;
  value: string | null;
  at: string;
}

export interface DealHistory {
  stageVisits: CrmStageVisit[];
  fieldChanges: CrmFieldChange[];
}

/** Text of a tracked field as records.ts wants it (numbers plain, probability 0..1, dates `YYYY-MM-DD`). */
function normalise(field: TrackedDealField, value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  switch (field) {
    case 'amount': {
      // Pipedrive has no empty value: a deal without an amount carries 0, which means "no amount" to KPIs.
      const amount = plainNumber(value, 'value');
      return amount === '0' ? null : amount;
    }
    case 'probability': {
      const percent = plainNumber(value, 'probability');
      return percent === null ? null : String(Number(percent) / 100);
    }
    case 'closeDate':
      return dateOnly(String(value), 'expected_close_date');
    default:
      return String(value);
  }
}

/** The deal's current value of each tracked field. */
function currentValues(deal: PipedriveDeal): Record<TrackedDealField, string | null> {
  return {
    amount: normalise('amount', deal.value),
    currency: normalise('currency', deal.currency),
    closeDate: normalise('closeDate', deal.expected_close_date),
    owner: ref(deal.owner_id),
    pipeline: String(deal.pipeline_id),
    status: STATUSES.has(deal.status) ? deal.status : 'open',
    probability: normalise('probability', deal.probability),
    lostReason: normalise('lostReason', deal.lost_reason),
  };
}

/** Rows in time order; `null` (no changelog read) gives the provisional history of the current snapshot. */
function sortedRows(rows: readonly ChangelogRow[]): Row[] {
  return rows
    .map((r, i) => ({
      key: r.field_key,
      old: r.old_value ?? null,
      value: r.new_value ?? null,
      at: toInstant(r.time, `changelog ${r.field_key} time`),
      i,
    }))
    .sort((a, b) => a.at.localeCompare(b.at) || (TIE_ORDER[a.key] ?? 3) - (TIE_ORDER[b.key] ?? 3) || b.i - a.i);
}

/** Stage visits and field changes of one deal; `rows === null` when its changelog has not been read. */
export function dealHistory(
  deal: PipedriveDeal,
  rows: readonly ChangelogRow[] | null,
  stages: StageIndex,
): DealHistory {
  const createdAt = toInstant(deal.add_time, 'add_time');
  const sorted = sortedRows(rows ?? []);
  const current = currentValues(deal);
  const fieldChanges = fieldHistory(deal, sorted, current, createdAt);
  return { stageVisits: visits(deal, sorted, current, createdAt, stages), fieldChanges };
}

function fieldHistory(
  deal: PipedriveDeal,
  rows: Row[],
  current: Record<TrackedDealField, string | null>,
  createdAt: string,
): CrmFieldChange[] {
  const out: CrmFieldChange[] = [];
  for (const field of TRACKED_DEAL_FIELDS) {
    const own = rows.filter((r) => FIELD_OF_KEY[r.key] === field);
    const changes: CrmFieldChange[] = [];
    const first = own[0];
    const initial = first ? normalise(field, first.old) : current[field];
    // The status a closed deal was created with is open unless the changelog says otherwise.
    const created = field === 'status' ? (first ? initial : 'open') : initial;
    if (created !== null) changes.push({ field, value: created, at: createdAt });
    for (const r of own) {
      const value = normalise(field, r.value);
      if (field === 'status' && (value === null || !STATUSES.has(value))) continue;
      if (value === null && changes.length === 0) continue;
      changes.push({ field, value, at: r.at });
    }
    const last = changes.at(-1)?.value ?? null;
    if (last !== current[field] && !(last === null && current[field] === null)) {
      changes.push({ field, value: current[field], at: catchUpTime(deal, field, createdAt) });
    }
    for (const change of changes) {
      const previous = out.filter((c) => c.field === field).at(-1);
      if (previous === undefined || previous.value !== change.value) out.push(change);
    }
  }
  return out;
}

/** When a difference between the rows and the current deal most likely happened. */
function catchUpTime(deal: PipedriveDeal, field: TrackedDealField | 'stage', createdAt: string): string {
  const candidates =
    field === 'status'
      ? [deal.status === 'won' ? deal.won_time : deal.status === 'lost' ? deal.lost_time : null, deal.update_time]
      : field === 'stage' || field === 'pipeline'
        ? [deal.stage_change_time, deal.update_time]
        : [deal.update_time];
  for (const c of candidates) {
    const at = instantOrNull(c, `${field} time`);
    if (at !== null) return at < createdAt ? createdAt : at;
  }
  return createdAt;
}

function visits(
  deal: PipedriveDeal,
  rows: Row[],
  current: Record<TrackedDealField, string | null>,
  createdAt: string,
  stages: StageIndex,
): CrmStageVisit[] {
  const out: CrmStageVisit[] = [];
  const stageRows = rows.filter((r) => r.key === 'stage_id');
  const statusRows = rows.filter((r) => r.key === 'status' && r.value !== null && STATUSES.has(r.value));
  const pipelineRows = rows.filter((r) => r.key === 'pipeline_id');
  let stage: string | null = stageRows[0]?.old ?? ref(deal.stage_id);
  let pipeline: string = pipelineRows[0]?.old ?? current.pipeline ?? String(deal.pipeline_id);
  let status: string = statusRows[0]?.old ?? 'open';
  let open: CrmStageVisit | null = null;
  const enter = (at: string) => {
    if (stage === null) return;
    open = { pipelineId: stages.pipelineOf.get(stage) ?? pipeline, stageId: stage, enteredAt: at, exitedAt: null };
    out.push(open);
  };
  const exit = (at: string) => {
    if (open !== null) open.exitedAt = at;
    open = null;
  };
  if (status === 'open') enter(createdAt);
  const apply = (r: Row) => {
    if (r.key === 'pipeline_id' && r.value !== null) pipeline = r.value;
    if (r.key === 'stage_id' && r.value !== null && r.value !== stage) {
      exit(r.at);
      stage = r.value;
      if (status === 'open') enter(r.at);
    }
    if (r.key === 'status' && r.value !== null && STATUSES.has(r.value) && r.value !== status) {
      if (r.value === 'open') {
        status = 'open';
        enter(r.at);
      } else {
        status = r.value;
        exit(r.at);
      }
    }
  };
  for (const r of rows) apply(r);
  // Catch up with the current deal where the rows fall short (see the file comment).
  const currentStage = ref(deal.stage_id);
  if (currentStage !== null && currentStage !== stage) {
    apply({ key: 'stage_id', old: stage, value: currentStage, at: catchUpTime(deal, 'stage', createdAt) });
  }
  if (current.status !== null && current.status !== status) {
    apply({ key: 'status', old: status, value: current.status, at: catchUpTime(deal, 'status', createdAt) });
  }
  return out;
}
