/**
 * v1 offset-paged lists (pipedrive-api.md §6): `GET /v1/leads` (oldest first; converted, deleted and merged
 * leads are gone: a conversion shows as the deal's `source_lead_id`), `GET /v1/leads/archived` (the model has
 * no archived leads: always empty, still 40 tokens), `GET /v1/callLogs` (limit ≤ 50; every user's logs: the
 * token's owner is the admin) and `GET /v1/notes`.
 */
import { type Handler, isoParam, limitParam, ok, optionalInt, type Route } from './http.js';
import { v1Page } from './paging.js';
import { leadListed } from './projection.js';
import { serializeCallLog, serializeLead } from './serialize-records.js';

const leads: Handler = (req, ctx) => {
  const { query } = req;
  const start = optionalInt(query, 'start') ?? 0;
  const limit = limitParam(query, ctx.sizes.v1Default, ctx.sizes.v1Max);
  const since = isoParam(query, 'updated_since');
  const filters: [string, number | undefined][] = [
    ['owner_id', optionalInt(query, 'owner_id')],
    ['person_id', optionalInt(query, 'person_id')],
    ['organization_id', optionalInt(query, 'organization_id')],
  ];
  const { store } = ctx;
  const rows = store.model.leads
    .map((l, pos) => ({ l, pos }))
    .filter(({ l }) => leadListed(l) && (since === undefined || l.modifiedAt >= since))
    .sort((a, b) => a.l.createdAt - b.l.createdAt || a.pos - b.pos)
    .map(({ l, pos }) => serializeLead(store.ctx, l, pos))
    .filter((json) => filters.every(([k, v]) => v === undefined || json[k] === v));
  const { page, pagination } = v1Page(rows, start, limit);
  return ok(page, { pagination });
};

const archivedLeads: Handler = (req, ctx) => {
  const start = optionalInt(req.query, 'start') ?? 0;
  const limit = limitParam(req.query, ctx.sizes.v1Default, ctx.sizes.v1Max);
  return ok([], { pagination: v1Page([], start, limit).pagination });
};

const callLogs: Handler = (req, ctx) => {
  const start = optionalInt(req.query, 'start') ?? 0;
  const limit = limitParam(req.query, ctx.sizes.callLogsMax, ctx.sizes.callLogsMax);
  const { store } = ctx;
  const rows = store
    .positions('callLogs')
    .filter((pos) => store.model.engagements[pos]!.deletedAt === null)
    .map((pos) => serializeCallLog(store.ctx, store.model.engagements[pos]!, pos));
  const { page, pagination } = v1Page(rows, start, limit);
  return ok(page, { pagination });
};

const notes: Handler = (req, ctx) => {
  const { query } = req;
  const start = optionalInt(query, 'start') ?? 0;
  const limit = limitParam(query, ctx.sizes.v1Default, ctx.sizes.v1Max);
  const since = isoParam(query, 'updated_since');
  const dealId = optionalInt(query, 'deal_id');
  const { store } = ctx;
  const rows = store
    .positions('notes')
    .filter((pos) => {
      const e = store.model.engagements[pos]!;
      return e.deletedAt === null && (since === undefined || Math.floor(e.modifiedAt / 1000) * 1000 >= since);
    })
    .map((pos) => store.note(pos).json)
    .filter((n) => dealId === undefined || n.deal_id === dealId);
  const { page, pagination } = v1Page(rows, start, limit);
  return ok(page, { pagination });
};

/** Route table of this family. */
export const v1ListRoutes: Route[] = [
  { method: 'GET', pattern: '/v1/leads', handler: leads },
  { method: 'GET', pattern: '/v1/leads/archived', handler: archivedLeads },
  { method: 'GET', pattern: '/v1/callLogs', handler: callLogs },
  { method: 'GET', pattern: '/v1/notes', handler: notes },
];
