/**
 * v1 account routes (pipedrive-api.md §6): `GET /v1/users` (every user in one call, inactive ones with
 * `active_flag: false`), `GET /v1/users/me` (the token's owner with the company and `timezone_name`),
 * `GET /v1/currencies` (`term` filter) and `GET /v1/activityTypes`.
 */
import { notFound } from './errors.js';
import { type Handler, ok, type Route } from './http.js';
import { serializeActivityTypes, serializeCurrencies, serializeMe, serializeUsers } from './serialize-meta.js';

const users: Handler = (_req, ctx) => ok(serializeUsers(ctx.store.ctx));

const me: Handler = (_req, ctx) => {
  const user = serializeMe(ctx.store.ctx);
  if (user === null) throw notFound('User');
  return ok(user);
};

const currencies: Handler = (req, ctx) => {
  const term = (req.query.get('term') ?? '').toLowerCase();
  const all = serializeCurrencies(ctx.store.ctx);
  return ok(term === '' ? all : all.filter((c) => `${String(c.code)} ${String(c.name)}`.toLowerCase().includes(term)));
};

const activityTypes: Handler = (_req, ctx) => ok(serializeActivityTypes(ctx.store.ctx));

/** Route table of this family. */
export const accountRoutes: Route[] = [
  { method: 'GET', pattern: '/v1/users', handler: users },
  { method: 'GET', pattern: '/v1/users/me', handler: me },
  { method: 'GET', pattern: '/v1/currencies', handler: currencies },
  { method: 'GET', pattern: '/v1/activityTypes', handler: activityTypes },
];
