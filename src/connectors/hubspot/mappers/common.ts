/**
 * Helpers shared by the pure mappers: reading string properties, parsing HubSpot's number and date spellings
 * (hubspot-api.md §11, §18) and turning validation failures into quarantine reasons.
 */
import type { CrmLifecycleChange } from '../../../domain/records';
import { type HistoryEntry, type HubSpotObject, hubSpotObjectSchema } from '../types';

/** A mapped record, or why it goes to quarantine. */
export type MapResult<T> = { ok: true; record: T } | { ok: false; externalId: string | null; reason: string };

/** Thrown inside a mapper for a value it cannot accept; `mapWith` turns it into a quarantine reason. */
export class MapError extends Error {}

/** Validates the envelope of one object and runs `map`, catching `MapError`s as quarantine reasons. */
export function mapWith<T>(raw: unknown, map: (obj: HubSpotObject) => T): MapResult<T> {
  const parsed = hubSpotObjectSchema.safeParse(raw);
  if (!parsed.success) {
    const id = typeof raw === 'object' && raw !== null && 'id' in raw ? String(raw.id) : null;
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, externalId: id, reason };
  }
  try {
    return { ok: true, record: map(parsed.data) };
  } catch (error) {
    if (error instanceof MapError) return { ok: false, externalId: parsed.data.id, reason: error.message };
    throw error;
  }
}

/** A property value; empty strings count as unset. */
export function prop(obj: HubSpotObject, name: string): string | null {
  const value = obj.properties[name];
  return value === undefined || value === null || value.trim() === '' ? null : value;
}

/** ISO-8601 UTC with ms from an ISO datetime, a `YYYY-MM-DD` date or an all-digit epoch-ms string. */
export function toInstant(value: string, what: string): string {
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value);
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) ms = Date.parse(`${value}T00:00:00.000Z`);
  else ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new MapError(`${what}: unparsable date ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

/** Like `toInstant` for a property that may be unset. */
export function instantProp(obj: HubSpotObject, name: string): string | null {
  const value = prop(obj, name);
  return value === null ? null : toInstant(value, name);
}

/** The calendar date of an instant, in UTC: HubSpot stores date-only values at UTC midnight (§13). */
export function toDateOnly(value: string, what: string): string {
  return toInstant(value, what).slice(0, 10);
}

/** A number from HubSpot's string spellings (`"3000"`, `"5000.00"`); null when unset. */
export function toNumber(value: string | null, what: string): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value.trim());
  if (!Number.isFinite(n)) throw new MapError(`${what}: unparsable number ${JSON.stringify(value)}`);
  return n;
}

/** Booleans arrive as `"true"`/`"false"` and sometimes `"1"`/`"0"` (§18). */
export function toBool(value: string | null): boolean | null {
  if (value === null) return null;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return null;
}

/** A required instant: the record goes to quarantine without it. */
export function requiredInstant(obj: HubSpotObject, ...names: string[]): string {
  for (const name of names) {
    const value = instantProp(obj, name);
    if (value !== null) return value;
  }
  throw new MapError(`missing ${names.join(' / ')}`);
}

/**
 * A property's history in time order. HubSpot returns it newest first; reversing before a stable sort keeps
 * entries with equal timestamps in the order they happened (the API lists the later one first).
 */
export function historyOf(obj: HubSpotObject, name: string): (HistoryEntry & { at: string })[] {
  const entries = obj.propertiesWithHistory?.[name] ?? [];
  return [...entries]
    .reverse()
    .map((e) => ({ ...e, at: toInstant(e.timestamp, `${name} history timestamp`) }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** Ids this record absorbed (`hs_merged_object_ids`, `;`-separated). */
export function mergedIdsOf(obj: HubSpotObject): string[] {
  return (prop(obj, 'hs_merged_object_ids') ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== obj.id);
}

/** The requested custom properties, unset ones as null. */
export function customPropsOf(obj: HubSpotObject, names: readonly string[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const name of names) out[name] = obj.properties[name] ?? null;
  return out;
}

/** Lifecycle stage changes in time order, repeats and clears dropped; the current value when no history. */
export function lifecycleOf(obj: HubSpotObject, createdAt: string): CrmLifecycleChange[] {
  const history = historyOf(obj, 'lifecyclestage');
  const changes: CrmLifecycleChange[] = [];
  const source = history.length > 0 ? history : [{ value: prop(obj, 'lifecyclestage'), at: createdAt }];
  for (const entry of source) {
    const stage = entry.value === null || entry.value === '' ? null : entry.value;
    if (stage === null || changes.at(-1)?.stage === stage) continue;
    changes.push({ stage, at: entry.at });
  }
  return changes;
}

/** `modifiedAt`: the modified property, else the envelope's `updatedAt`. */
export function modifiedAtOf(obj: HubSpotObject, property: string): string {
  return instantProp(obj, property) ?? toInstant(obj.updatedAt, 'updatedAt');
}
