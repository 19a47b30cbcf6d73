/** Account details: time zone and home currency (pipedrive-api.md §6). */
import type { CrmAccount } from '../../domain/records';
import { CrmResponseError } from '../../lib/errors';
import { isValidTimeZone } from '../../lib/time';
import type { PipedriveHttp, PipedriveLog } from './client';
import { meSchema, objectEnvelopeSchema } from './types';

/**
 * The company currency and id from the token user, and the time zone from config: Pipedrive exposes no company
 * time zone (§6), so without `timeZone` in the connection the token user's `timezone_name` stands in, with a
 * warning (it is one user's preference).
 * https://developers.pipedrive.com/docs/api/v1/Users#getCurrentUser — `GET /v1/users/me` (2 tokens)
 */
export async function fetchAccount(
  http: PipedriveHttp,
  configuredTimeZone: string | undefined,
  log?: PipedriveLog,
  signal?: AbortSignal,
): Promise<CrmAccount> {
  const response = await http.get({ family: 'account', path: '/v1/users/me', schema: objectEnvelopeSchema, signal });
  const me = meSchema.safeParse(response.data);
  if (!me.success) {
    throw new CrmResponseError(
      `pipedrive GET /v1/users/me -> 200 "unexpected shape: ${me.error.issues[0]?.message ?? 'invalid'}"`,
      200,
      'GET /v1/users/me',
      false,
    );
  }
  let timeZone = configuredTimeZone;
  if (timeZone === undefined) {
    timeZone = me.data.timezone_name !== null && isValidTimeZone(me.data.timezone_name) ? me.data.timezone_name : 'UTC';
    log?.warn(
      { timeZone },
      'pipedrive has no company time zone: using the token user\'s; set "timeZone" on the connection',
    );
  }
  return {
    timeZone,
    currency: me.data.default_currency ?? 'USD',
    accountId: me.data.company_id == null ? null : String(me.data.company_id),
  };
}
