/**
 * Deal routes (pipedrive-api.md §4, §5): `GET /api/v2/deals` (not archived; `status=deleted` shows deletions of
 * the last 30 days by the model clock), `GET /api/v2/deals/archived`, `GET /api/v2/deals/{id}`, and the v1
 * history feeds `GET /v1/deals/{id}/changelog` (cursor, newest first) and `GET /v1/deals/{id}/flow` (offset).
 */
import { DAY } from '../clock.js';
import { type JsonObject, notFound, validationFailed } from './errors.js';
import { v1Time } from './format.js';
import {
  enumList,
  type Handler,
  idParam,
  limitParam,
  listParam,
  ok,
  optionalInt,
  type Route,
  type RouteContext,
  type SimRequest,
} from './http.js';
import { v2List } from './list.js';
import { decodeChangelogCursor, encodeChangelogCursor, v1Page } from './paging.js';
import { changelogRow, DEAL_INCLUDE_FIELDS, dealChanges, flowDealChanges, type PdDealDoc } from './serialize-deals.js';

/** Deleted deals stay readable this long, then they are purged (pipedrive-api.md §4). */
export const DELETED_RETENTION_MS = 30 * DAY;

/** `include_fields` values the spec accepts on deals. */
const SPEC_INCLUDE_FIELDS = [
  ...DEAL_INCLUDE_FIELDS,
  'next_activity_id',
  'products_count',
  'files_count',
  'notes_count',
  'followers_count',
  'email_messages_count',
  'undone_activities_count',
  'participants_count',
  'last_incoming_mail_time',
  'last_outgoing_mail_time',
  'smart_bcc_email',
] as const;
const STATUSES = ['open', 'won', 'lost', 'deleted'] as const;
const MAX_CUSTOM_FIELDS = 15;

/** Purged = deleted more than 30 days ago: unreachable by any call. */
function purged(ctx: RouteContext, d: PdDealDoc): boolean {
  return d.deletedAt !== null && d.deletedAt < ctx.store.model.now - DELETED_RETENTION_MS;
}

/** The deal as asked: `include_fields` add keys only when asked; `custom_fields` narrows the custom keys. */
function dealShaper(req: SimRequest): (d: PdDealDoc) => JsonObject {
  const include = enumList(req.query, 'include_fields', SPEC_INCLUDE_FIELDS);
  const keys = listParam(req.query, 'custom_fields');
  if (keys.length > MAX_CUSTOM_FIELDS)
    throw validationFailed(`"custom_fields" takes at most ${MAX_CUSTOM_FIELDS} keys`);
  return (d) => {
    const out: JsonObject = { ...d.json };
    for (const f of include) {
      if ((DEAL_INCLUDE_FIELDS as readonly string[]).includes(f)) out[f] = d.extras[f as keyof PdDealDoc['extras']];
    }
    const custom = d.json.custom_fields as Record<string, unknown> | null;
    if (keys.length > 0 && custom !== null) {
      out.custom_fields = Object.fromEntries(Object.entries(custom).filter(([k]) => keys.includes(k)));
    }
    return out;
  };
}

function listDeals(archived: boolean): Handler {
  return (req, ctx) => {
    const statuses = enumList(req.query, 'status', STATUSES);
    const open = statuses.filter((s) => s !== 'deleted');
    const withDeleted = statuses.includes('deleted');
    // Omitted status: every not-deleted deal; `deleted` alone: only the deletions still kept.
    const withLive = statuses.length === 0 || open.length > 0;
    const filters: [string, number | undefined][] = [
      ['owner_id', optionalInt(req.query, 'owner_id')],
      ['person_id', optionalInt(req.query, 'person_id')],
      ['org_id', optionalInt(req.query, 'org_id')],
      ['pipeline_id', optionalInt(req.query, 'pipeline_id')],
      ['stage_id', optionalInt(req.query, 'stage_id')],
    ];
    const shape = dealShaper(req);
    const { store } = ctx;
    return v2List(req, ctx, {
      kind: 'deals',
      sorts: ['id', 'update_time', 'add_time'],
      updatedFilter: true,
      keep: (pos) => {
        const d = store.deal(pos);
        if (d.archived !== archived || purged(ctx, d)) return false;
        if (d.deletedAt !== null ? !withDeleted : !withLive) return false;
        if (d.deletedAt === null && open.length > 0 && !open.includes(d.json.status as 'open')) return false;
        return filters.every(([k, v]) => v === undefined || d.json[k] === v);
      },
      shape: (pos) => shape(store.deal(pos)),
    });
  };
}

/** The deal of `:id`, or a 404 (unknown or purged). */
function findDeal(req: SimRequest, ctx: RouteContext): PdDealDoc {
  const pos = ctx.store.ids.position('deals', idParam(req));
  if (pos === undefined || pos >= ctx.store.model.deals.length) throw notFound('Deal');
  const d = ctx.store.deal(pos);
  if (purged(ctx, d)) throw notFound('Deal');
  return d;
}

const getDeal: Handler = (req, ctx) => ok(dealShaper(req)(findDeal(req, ctx)));

/** Changelog rows newest first; the cursor names the ascending index of the next page's first row. */
const changelog: Handler = (req, ctx) => {
  const d = findDeal(req, ctx);
  const limit = limitParam(req.query, ctx.sizes.v2Default, ctx.sizes.v2Max);
  const rows = dealChanges(ctx.store.ctx, ctx.store.model.deals[d.pos]!);
  const raw = req.query.get('cursor');
  // Ascending indexes stay valid when new rows are appended between two page calls.
  const from = raw === null || raw === '' ? rows.length - 1 : Math.min(decodeChangelogCursor(raw), rows.length - 1);
  const page: JsonObject[] = [];
  let i = from;
  for (; i >= 0 && page.length < limit; i--) page.push(changelogRow(rows[i]!));
  return ok(page, { next_cursor: i >= 0 ? encodeChangelogCursor(i) : null });
};

const FLOW_ITEMS = ['dealChange', 'activity', 'note', 'call', 'file', 'mailMessage', 'invoice', 'document'] as const;

/** The v1 flow: dealChange rows (with the `add_time` creation row) and the deal's activities, newest first. */
const flow: Handler = (req, ctx) => {
  const d = findDeal(req, ctx);
  const start = optionalInt(req.query, 'start') ?? 0;
  const limit = limitParam(req.query, ctx.sizes.v1Default, ctx.sizes.v1Max);
  const items = enumList(req.query, 'items', FLOW_ITEMS);
  const want = (o: string) => items.length === 0 || items.includes(o as 'activity');
  const { store } = ctx;
  const feed: { at: string; item: JsonObject }[] = [];
  if (want('dealChange')) {
    for (const item of flowDealChanges(store.ctx, store.model.deals[d.pos]!, d.id)) {
      feed.push({ at: String(item.timestamp), item });
    }
  }
  if (want('activity')) {
    for (const pos of store.positions('activities')) {
      const a = store.activity(pos);
      if (a.json.deal_id !== d.id || a.json.is_deleted === true) continue;
      const data = { ...a.json, user_id: a.json.owner_id, add_time: v1Time(a.addMs), update_time: v1Time(a.updateMs) };
      feed.push({ at: v1Time(a.addMs), item: { object: 'activity', timestamp: v1Time(a.addMs), data } });
    }
  }
  // Newest first; equal times keep the later-logged row first.
  const ordered = feed.map((f, i) => ({ ...f, i })).sort((a, b) => (a.at === b.at ? b.i - a.i : a.at < b.at ? 1 : -1));
  const { page, pagination } = v1Page(
    ordered.map((f) => f.item),
    start,
    limit,
  );
  return ok(page, { pagination });
};

/** Route table of this family (`/v1/...` routes also answer under `/api/v1/...`). */
export const dealRoutes: Route[] = [
  { method: 'GET', pattern: '/api/v2/deals', handler: listDeals(false) },
  { method: 'GET', pattern: '/api/v2/deals/archived', handler: listDeals(true) },
  { method: 'GET', pattern: '/api/v2/deals/:id', handler: getDeal },
  { method: 'GET', pattern: '/v1/deals/:id/changelog', handler: changelog },
  { method: 'GET', pattern: '/v1/deals/:id/flow', handler: flow },
];
