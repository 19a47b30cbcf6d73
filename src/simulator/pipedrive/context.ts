/**
 * Cross-record facts the Pipedrive serializers need, computed once per model version by the store: which records
 * are gone, the option ids of the `channel` and `industry` enum fields, the custom field catalogue per entity
 * (hash key and type inferred from the values), the lead each deal came from, and activity counters per deal.
 */
import type { SimDealStep } from '../fold.js';
import type { SimDeal, SimModel } from '../model.js';
import { pipedriveSource, SOURCE_MAP } from './format.js';
import { customFieldKey, type PipedriveIds } from './ids.js';
import { activityDone, engagementKind, firstLive, type GoneSets, goneSets } from './projection.js';

/** Pipedrive field types the simulator infers for custom properties. */
export type CustomFieldType = 'double' | 'varchar' | 'org' | 'people';

export interface CustomField {
  name: string;
  key: string;
  fieldType: CustomFieldType;
}

/** Custom-field entities (deal fields also serve leads in Pipedrive). */
export type FieldEntity = 'deal' | 'person' | 'organization';

/** Enum option of a field. */
export interface FieldOption {
  id: number;
  label: string;
}

/** Marketing channel option ids start here (the spec example shows a channel id of 52). */
export const CHANNEL_OPTION_BASE = 50;

export interface DealActivityStats {
  count: number;
  done: number;
  lastId: number | null;
}

/** Everything a serializer may look up; built once per model version. */
export interface SerializeContext {
  model: SimModel;
  ids: PipedriveIds;
  gone: GoneSets;
  /** The company admin: owner of unowned records and of the API token. */
  adminId: number;
  channelOptions: FieldOption[];
  industryOptions: FieldOption[];
  customFields: Record<FieldEntity, CustomField[]>;
  /** Lead UUID a deal was converted from. */
  sourceLead: Map<string, string>;
  dealActivities: Map<string, DealActivityStats>;
  /** Company creation instant: the time stamp of users, pipelines, stages and fields. */
  accountCreatedAt: number;
  dealSteps(deal: SimDeal): SimDealStep[];
}

function options(labels: Iterable<string>, base: number): FieldOption[] {
  return [...labels].map((label, i) => ({ id: base + i + 1, label }));
}

/** Channel labels: the fixed source map's first, then unknown sources in order of first appearance. */
function channelLabels(model: SimModel): string[] {
  const labels = new Set(Object.values(SOURCE_MAP).map((s) => s.channel));
  for (const r of [...model.deals, ...model.leads]) {
    const channel = pipedriveSource(r.source).channel;
    if (channel !== null) labels.add(channel);
  }
  return [...labels];
}

function inferType(ids: RecordIds, values: readonly (string | number | boolean | null)[]): CustomFieldType {
  const set = values.filter((v) => v !== null);
  if (set.length > 0 && set.every((v) => typeof v === 'number')) return 'double';
  const strings = set.filter((v): v is string => typeof v === 'string');
  if (strings.length === set.length && strings.length > 0) {
    if (strings.every((s) => ids.companies.has(s))) return 'org';
    if (strings.every((s) => ids.contacts.has(s))) return 'people';
  }
  return 'varchar';
}

interface RecordIds {
  companies: ReadonlySet<string>;
  contacts: ReadonlySet<string>;
}

function catalogue(
  ids: RecordIds,
  entity: FieldEntity,
  records: readonly { properties: Record<string, string | number | boolean | null> }[],
): CustomField[] {
  const values = new Map<string, (string | number | boolean | null)[]>();
  for (const r of records) {
    for (const [k, v] of Object.entries(r.properties)) {
      const list = values.get(k) ?? [];
      list.push(v);
      values.set(k, list);
    }
  }
  return [...values.keys()]
    .sort()
    .map((name) => ({ name, key: customFieldKey(entity, name), fieldType: inferType(ids, values.get(name) ?? []) }));
}

function earliest(model: SimModel): number {
  let t = model.now;
  for (const c of model.companies) t = Math.min(t, c.createdAt);
  for (const c of model.contacts) t = Math.min(t, c.createdAt);
  for (const l of model.leads) t = Math.min(t, l.createdAt);
  for (const d of model.deals) t = Math.min(t, d.timeline[0]?.at ?? t);
  for (const e of model.engagements) t = Math.min(t, e.at);
  return t;
}

/** Builds the context of the current model version. */
export function buildContext(
  model: SimModel,
  ids: PipedriveIds,
  dealSteps: (deal: SimDeal) => SimDealStep[],
): SerializeContext {
  const gone = goneSets(model);
  const industries = new Set<string>();
  for (const c of model.companies) if (c.industry !== null) industries.add(c.industry);
  const sourceLead = new Map<string, string>();
  for (const l of model.leads) {
    const uuid = ids.leadId(l.id);
    if (l.deal !== null && uuid !== undefined && !sourceLead.has(l.deal)) sourceLead.set(l.deal, uuid);
  }
  const dealActivities = new Map<string, DealActivityStats>();
  model.engagements.forEach((e, pos) => {
    if (engagementKind(e) !== 'activity' || e.deletedAt !== null) return;
    const deal = firstLive(e.deals, gone.deals);
    if (deal === null) return;
    const s = dealActivities.get(deal) ?? { count: 0, done: 0, lastId: null };
    s.count++;
    if (activityDone(e)) {
      s.done++;
      s.lastId = ids.atPosition('activities', pos);
    }
    dealActivities.set(deal, s);
  });
  const firstUser = model.users[0];
  const recordIds: RecordIds = {
    companies: new Set(model.companies.map((c) => c.id)),
    contacts: new Set(model.contacts.map((c) => c.id)),
  };
  return {
    model,
    ids,
    gone,
    adminId: firstUser === undefined ? 0 : (ids.userId(firstUser.id) ?? 0),
    channelOptions: options(channelLabels(model), CHANNEL_OPTION_BASE),
    industryOptions: options(industries, 0),
    customFields: {
      deal: catalogue(recordIds, 'deal', model.deals),
      person: catalogue(recordIds, 'person', model.contacts),
      organization: catalogue(recordIds, 'organization', model.companies),
    },
    sourceLead,
    dealActivities,
    accountCreatedAt: earliest(model),
    dealSteps,
  };
}

/** Option id of a label, or null. */
export function optionId(list: readonly FieldOption[], label: string | null): number | null {
  if (label === null) return null;
  return list.find((o) => o.label === label)?.id ?? null;
}

/** A custom value as Pipedrive serves it: org/person ids as integers, numbers as numbers, the rest as text. */
export function customValue(
  ctx: SerializeContext,
  field: CustomField,
  v: string | number | boolean | null | undefined,
): string | number | null {
  if (v === null || v === undefined) return null;
  if (field.fieldType === 'org' && typeof v === 'string') return ctx.ids.toPipedrive('companies', v) ?? null;
  if (field.fieldType === 'people' && typeof v === 'string') return ctx.ids.toPipedrive('contacts', v) ?? null;
  if (field.fieldType === 'double' && typeof v === 'number') return v;
  return String(v);
}

/** The `custom_fields` object of a v2 record: every custom key, null when unset; null when there are none. */
export function customFieldsObject(
  ctx: SerializeContext,
  entity: FieldEntity,
  properties: Record<string, string | number | boolean | null>,
): Record<string, string | number | null> | null {
  const fields = ctx.customFields[entity];
  if (fields.length === 0) return null;
  const out: Record<string, string | number | null> = {};
  for (const f of fields) out[f.key] = customValue(ctx, f, properties[f.name]);
  return out;
}
