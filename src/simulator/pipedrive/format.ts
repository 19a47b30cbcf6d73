/**
 * Wire formats of the Pipedrive simulator (pipedrive-api.md §4, §6, §11): v2 timestamps are RFC 3339 UTC with
 * whole seconds, v1 timestamps are naive `YYYY-MM-DD HH:MM:SS` strings meaning UTC, leads use ISO with
 * milliseconds, dates are `YYYY-MM-DD`, activity due times `HH:MM` (UTC).
 */

/** Second and minute in ms. */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

/** Pipedrive stores whole seconds: every served instant is floored to one. */
export const floorSecond = (ms: number): number => Math.floor(ms / SECOND) * SECOND;
/** Activity due times carry minutes only. */
export const floorMinute = (ms: number): number => Math.floor(ms / MINUTE) * MINUTE;

/** v2: `2026-01-05T09:00:00Z`. */
export const rfc3339 = (ms: number): string => `${new Date(floorSecond(ms)).toISOString().slice(0, 19)}Z`;
export const rfc3339OrNull = (ms: number | null): string | null => (ms === null ? null : rfc3339(ms));

/** v1: `2026-01-05 09:00:00`, no zone, meaning UTC. */
export const v1Time = (ms: number): string => new Date(floorSecond(ms)).toISOString().slice(0, 19).replace('T', ' ');
export const v1TimeOrNull = (ms: number | null): string | null => (ms === null ? null : v1Time(ms));

/** Leads: `2026-01-05T09:00:00.000Z`. */
export const isoMs = (ms: number): string => new Date(ms).toISOString();

/** UTC calendar date of an instant. */
export const utcDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** UTC `HH:MM` of an instant. */
export const utcHhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 16);

/** A duration in seconds as `HH:MM` (rounded down to the minute), as activity `duration`. */
export function hhmm(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Building an Intl formatter costs far more than using one: keep one per zone (a handful per process). */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Local calendar date of an instant in a time zone (`local_won_date` and friends). */
export function localDate(ms: number, timeZone: string): string {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, f);
  }
  return f.format(ms);
}

/** `+02:00` offset of a zone at an instant (`timezone_offset` of users). */
export function zoneOffset(ms: number, timeZone: string): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-]\d{2}:\d{2})/.exec(part ?? '');
  return m?.[1] ?? '+00:00';
}

/**
 * The neutral source as Pipedrive `origin` + marketing `channel` label (scenarios.md "Sources"). Pipedrive's
 * origin values are the ones its API documents (`ManuallyCreated`, `API`, `WebForms`, `LiveChat`, `Prospector`,
 * `Import`...); channels are account-defined options, so their labels are ours.
 */
export const SOURCE_MAP: Readonly<Record<string, { origin: string; channel: string }>> = {
  organic_search: { origin: 'WebForms', channel: 'Organic search' },
  paid_search: { origin: 'WebForms', channel: 'Paid search' },
  paid_social: { origin: 'WebForms', channel: 'Paid social' },
  social: { origin: 'WebForms', channel: 'Social' },
  email: { origin: 'ManuallyCreated', channel: 'Email marketing' },
  referral: { origin: 'ManuallyCreated', channel: 'Referral' },
  direct: { origin: 'LiveChat', channel: 'Direct' },
  offline: { origin: 'ManuallyCreated', channel: 'Offline' },
  prospecting: { origin: 'Prospector', channel: 'Outbound prospecting' },
  import: { origin: 'Import', channel: 'Import' },
};

/** Origin and channel label of a neutral source; an unknown source keeps its name as the channel label. */
export function pipedriveSource(source: string | null): { origin: string; channel: string | null } {
  if (source === null) return { origin: 'ManuallyCreated', channel: null };
  return SOURCE_MAP[source] ?? { origin: 'ManuallyCreated', channel: source };
}

/** v1 lead `source_name`, the human form of the origin. */
export const SOURCE_NAMES: Readonly<Record<string, string>> = {
  ManuallyCreated: 'Manually created',
  WebForms: 'Web forms',
  LiveChat: 'Live chat',
  Prospector: 'Prospector',
  Import: 'Import',
  API: 'API',
};
