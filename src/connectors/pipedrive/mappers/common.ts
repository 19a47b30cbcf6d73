/**
 * Helpers shared by the pure mappers: validation into quarantine reasons, Pipedrive's two timestamp spellings
 * (pipedrive-api.md §4 "Date formats", §11) and custom fields kept by their exact keys.
 */
import type { z } from 'zod';

/** A mapped record, or why it goes to quarantine. */
export type MapResult<T> = { ok: true; record: T } | { ok: false; externalId: string | null; reason: string };

/** Thrown inside a mapper for a value it cannot accept; `mapWith` turns it into a quarantine reason. */
export class MapError extends Error {}

/** Validates one payload with `schema` and runs `map`, catching `MapError`s as quarantine reasons. */
export function mapWith<S extends z.ZodType, T>(schema: S, raw: unknown, map: (obj: z.infer<S>) => T): MapResult<T> {
  const parsed = schema.safeParse(raw);
  const rawId = typeof raw === 'object' && raw !== null && 'id' in raw ? String(raw.id) : null;
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, externalId: rawId, reason };
  }
  try {
    return { ok: true, record: map(parsed.data) };
  } catch (error) {
    if (error instanceof MapError) return { ok: false, externalId: rawId, reason: error.message };
    throw error;
  }
}

/** v1 `YYYY-MM-DD HH:MM:SS`: no offset, meaning UTC (§4). */
const V1_NAIVE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** RFC 3339 / ISO 8601 with an explicit offset or `Z` (v2, v1 leads with milliseconds). */
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * ISO-8601 UTC with ms from any Pipedrive timestamp. A v1 naive string is read as UTC explicitly: `Date.parse`
 * would read `2024-07-01 05:46:33` in the process's local zone and shift every KPI by the offset (§10).
 */
export function toInstant(value: string, what: string): string {
  const v = value.trim();
  let ms = Number.NaN;
  const naive = V1_NAIVE.exec(v);
  if (naive) ms = Date.parse(`${naive[1]}T${naive[2]}Z`);
  else if (DATE_ONLY.test(v)) ms = Date.parse(`${v}T00:00:00Z`);
  else if (WITH_ZONE.test(v)) ms = Date.parse(v);
  if (Number.isNaN(ms)) throw new MapError(`${what}: unparsable time ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

/** Like `toInstant` for a value that may be unset (null or `""`). */
export function instantOrNull(value: string | null | undefined, what: string): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : toInstant(value, what);
}

/** Whole epoch seconds of a timestamp, leniently (null when unreadable): watermarks and de-duplication. */
export function secondsOf(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  try {
    return Math.floor(Date.parse(toInstant(value, 'time')) / 1_000);
  } catch {
    return null;
  }
}

/** A calendar date `YYYY-MM-DD`, or null. */
export function dateOnly(value: string | null | undefined, what: string): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const v = value.trim().slice(0, 10);
  if (!DATE_ONLY.test(v)) throw new MapError(`${what}: unparsable date ${JSON.stringify(value)}`);
  return v;
}

/** An id reference as the store keeps it (a string), or null. */
export function ref(value: number | string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}

/** A number in plain decimal notation (field-change values), or null. */
export function plainNumber(value: string | number | null | undefined, what: string): string | null {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new MapError(`${what}: unparsable number ${JSON.stringify(value)}`);
  return String(n);
}

/**
 * Custom fields as `properties`, keyed exactly as Pipedrive sends them (40-hex hashes and their `_currency` /
 * `_until` subfields; §10: mangling them breaks write-back). Objects with a `value` (money, org/person refs) keep
 * the value; other objects and arrays are kept as JSON text.
 */
export function customProperties(fields: Readonly<Record<string, unknown>>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = propertyText(value);
  return out;
}

function propertyText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && !Array.isArray(value) && 'value' in value) {
    const inner = (value as { value: unknown }).value;
    if (inner === null || typeof inner !== 'object') return propertyText(inner);
  }
  return JSON.stringify(value);
}

/** Option id -> label of an enum field (`channel`, `industry`). */
export type OptionLabels = ReadonlyMap<string, string>;

/** The label of an option id; unknown ids are kept as sent. */
export function optionLabel(labels: OptionLabels, value: number | string | null | undefined): string | null {
  const key = ref(value);
  return key === null ? null : (labels.get(key) ?? key);
}
