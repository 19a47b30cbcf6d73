/**
 * `GET /crm/v3/owners/` and `/crm/v3/owners` (hubspot-api.md §8): active users, or with `archived=true` the
 * archived ones only, whose `userId` is null. Each user's team is its primary team.
 */
import type { SimUser } from '../model.js';
import type { JsonObject } from './errors.js';
import { boolParam, type Handler, intParam, ok, type Route, type RouteContext } from './http.js';

/** Owners have no creation time in the model; a fixed instant keeps responses reproducible. */
const OWNER_CREATED_AT = new Date(Date.UTC(2020, 0, 1)).toISOString();

function splitName(name: string): [string, string] {
  const i = name.indexOf(' ');
  return i < 0 ? [name, ''] : [name.slice(0, i), name.slice(i + 1)];
}

function owner(ctx: RouteContext, u: SimUser): JsonObject {
  const { ids } = ctx.store;
  const [firstName, lastName] = splitName(u.name);
  const userId = ids.ownerUserId(u.id)!;
  return {
    id: ids.ownerId(u.id)!,
    email: u.email,
    type: 'PERSON',
    firstName,
    lastName,
    userId: u.archived ? null : userId,
    userIdIncludingInactive: userId,
    createdAt: OWNER_CREATED_AT,
    updatedAt: OWNER_CREATED_AT,
    archived: u.archived,
    teams: u.team === null ? [] : [{ id: ids.teamId(u.team), name: u.team, primary: true }],
  };
}

const list: Handler = (req, ctx) => {
  const archived = boolParam(req.query, 'archived');
  const limit = intParam(req.query, 'limit', 100, ctx.sizes.ownersMax);
  const email = req.query.get('email')?.toLowerCase();
  const after = Number(req.query.get('after') ?? '0') || 0;
  const users = ctx.store.model.users.filter(
    (u) => u.archived === archived && (email === undefined || u.email.toLowerCase() === email),
  );
  const body: JsonObject = { results: users.slice(after, after + limit).map((u) => owner(ctx, u)) };
  if (after + limit < users.length) body.paging = { next: { after: String(after + limit) } };
  return ok(body);
};

/** Route table of this family; the server matches with and without the trailing slash. */
export const ownerRoutes: Route[] = [{ method: 'GET', pattern: '/crm/v3/owners', handler: list }];
