/**
 * v2 lists of activities, persons and organizations (pipedrive-api.md §4). Deleted and merged-away records are
 * not listed (v2 has no `status=deleted` for them); activities are calls, meetings, tasks and outbound emails.
 */
import type { JsonObject } from './errors.js';
import { enumList, type Handler, listParam, optionalBool, optionalInt, type Route } from './http.js';
import { v2List } from './list.js';
import { isGone } from './projection.js';

const activities: Handler = (req, ctx) => {
  const { query } = req;
  const filters: [string, number | undefined][] = [
    ['owner_id', optionalInt(query, 'owner_id')],
    ['deal_id', optionalInt(query, 'deal_id')],
    ['person_id', optionalInt(query, 'person_id')],
    ['org_id', optionalInt(query, 'org_id')],
  ];
  const lead = query.get('lead_id');
  const done = optionalBool(query, 'done');
  const attendees = enumList(query, 'include_fields', ['attendees'] as const).length > 0;
  const { store } = ctx;
  return v2List(req, ctx, {
    kind: 'activities',
    sorts: ['id', 'update_time', 'add_time', 'due_date'],
    updatedFilter: true,
    keep: (pos) => {
      if (store.model.engagements[pos]!.deletedAt !== null) return false;
      const a = store.activity(pos).json;
      if (lead !== null && lead !== '' && a.lead_id !== lead) return false;
      if (done !== undefined && a.done !== done) return false;
      return filters.every(([k, v]) => v === undefined || a[k] === v);
    },
    shape: (pos) => {
      const a = store.activity(pos);
      return attendees ? { ...a.json, attendees: a.attendees } : a.json;
    },
  });
};

/** `custom_fields=<keys>` narrows a record's custom fields to those keys. */
function narrowCustom(json: JsonObject, keys: readonly string[]): JsonObject {
  const custom = json.custom_fields as Record<string, unknown> | null;
  if (keys.length === 0 || custom === null) return json;
  return { ...json, custom_fields: Object.fromEntries(Object.entries(custom).filter(([k]) => keys.includes(k))) };
}

const persons: Handler = (req, ctx) => {
  const { query } = req;
  const owner = optionalInt(query, 'owner_id');
  const org = optionalInt(query, 'org_id');
  const dealId = optionalInt(query, 'deal_id');
  const keys = listParam(query, 'custom_fields');
  const { store } = ctx;
  // The persons of a deal: its one linked person (other contacts are participants, not served here).
  let dealPerson: unknown;
  if (dealId !== undefined) {
    const pos = store.ids.position('deals', dealId);
    dealPerson = pos === undefined || pos >= store.model.deals.length ? null : store.deal(pos).json.person_id;
  }
  return v2List(req, ctx, {
    kind: 'persons',
    sorts: ['id', 'update_time', 'add_time'],
    updatedFilter: true,
    keep: (pos) => {
      if (isGone(store.model.contacts[pos]!)) return false;
      const p = store.person(pos).json;
      if (owner !== undefined && p.owner_id !== owner) return false;
      if (org !== undefined && p.org_id !== org) return false;
      return dealId === undefined || p.id === dealPerson;
    },
    shape: (pos) => narrowCustom(store.person(pos).json, keys),
  });
};

const organizations: Handler = (req, ctx) => {
  const owner = optionalInt(req.query, 'owner_id');
  const keys = listParam(req.query, 'custom_fields');
  const { store } = ctx;
  return v2List(req, ctx, {
    kind: 'organizations',
    sorts: ['id', 'update_time', 'add_time'],
    updatedFilter: true,
    keep: (pos) => {
      if (isGone(store.model.companies[pos]!)) return false;
      return owner === undefined || store.organization(pos).json.owner_id === owner;
    },
    shape: (pos) => narrowCustom(store.organization(pos).json, keys),
  });
};

/** Route table of this family. */
export const recordRoutes: Route[] = [
  { method: 'GET', pattern: '/api/v2/activities', handler: activities },
  { method: 'GET', pattern: '/api/v2/persons', handler: persons },
  { method: 'GET', pattern: '/api/v2/organizations', handler: organizations },
];
