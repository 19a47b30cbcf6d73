/** Account details: time zone and home currency (hubspot-api.md §12). */
import type { CrmAccount } from '../../domain/records';
import type { HubSpotHttp } from './client';
import { sendApiRequest } from './http-errors';
import { accountDetailsSchema } from './types';

/**
 * The account's time zone (periods are bucketed in it) and company currency.
 * https://developers.hubspot.com/docs/api-reference/account-account-info-v3/details/get-account-info-v3-details —
 * `GET /account-info/v3/details` (no generated API in the client: sent through `client.apiRequest`)
 */
export async function fetchAccount(http: HubSpotHttp, signal?: AbortSignal): Promise<CrmAccount> {
  const details = await http.request({
    kind: 'burst',
    family: 'account',
    method: 'GET',
    path: '/account-info/v3/details',
    schema: accountDetailsSchema,
    send: (c) => sendApiRequest(c, { method: 'GET', path: '/account-info/v3/details' }),
    signal,
  });
  return { timeZone: details.timeZone, currency: details.companyCurrency, accountId: String(details.portalId) };
}
