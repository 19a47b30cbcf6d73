/**
 * `GET /account-info/v3/details` and `GET /account-info/v3/api-usage/daily/private-apps` (hubspot-api.md §12).
 * `utcOffset` is the zone's offset at `model.now` (DST-dependent, like the live value at call time).
 */
import { type Handler, ok, type Route } from './http.js';
import { PORTAL_ID } from './schema.js';
import { iso } from './serialize.js';

/** Offset of a time zone at an instant, in ms (east positive). */
export function utcOffsetMs(timeZone: string, at: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!m) return 0;
  const ms = (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  return m[1] === '-' ? -ms : ms;
}

function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const minutes = Math.abs(ms) / 60_000;
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const details: Handler = (_req, ctx) => {
  const { account, now } = ctx.store.model;
  const offset = utcOffsetMs(account.timeZone, now);
  return ok({
    portalId: PORTAL_ID,
    accountType: 'STANDARD',
    timeZone: account.timeZone,
    companyCurrency: account.currency,
    additionalCurrencies: Object.keys(account.exchangeRates).filter((c) => c !== account.currency),
    utcOffset: formatOffset(offset),
    utcOffsetMilliseconds: offset,
    uiDomain: 'app.hubspot.com',
    dataHostingLocation: 'na1',
  });
};

const usage: Handler = (_req, ctx) =>
  ok({
    results: [
      {
        name: 'private-apps-api-calls-daily',
        usageLimit: ctx.limiter.dailyMax,
        currentUsage: ctx.limiter.dailyUsage(),
        collectedAt: iso(ctx.store.model.now),
        fetchStatus: 'SUCCESS',
        resetsAt: iso(ctx.limiter.dailyResetsAt()),
      },
    ],
  });

/** Route table of this family. */
export const accountRoutes: Route[] = [
  { method: 'GET', pattern: '/account-info/v3/details', handler: details },
  { method: 'GET', pattern: '/account-info/v3/api-usage/daily/private-apps', handler: usage },
  { method: 'GET', pattern: '/account-info/v3/api-usage/daily', handler: usage },
];
