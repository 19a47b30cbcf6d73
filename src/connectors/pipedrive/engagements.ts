/**
 * Calls, emails, meetings and tasks are activities of a type (the v2 list has no `type` filter, §10: each stream
 * walks the list and keeps its own type); notes are v1 notes. Call outcomes come from the call logs.
 */
import type { CrmEngagement } from '../../domain/records';
import type { PipedriveContext } from './context';
import { rawActivityType, toCrmEngagement, toCrmNote } from './mappers/engagement';
import { collectAll, ENDPOINTS } from './objects';
import { identify, type ObjectHandler } from './stream';
import { callLogSchema, type PipedriveCallLog } from './types';

export type ActivityObjectType = 'calls' | 'emails' | 'meetings' | 'tasks';
const TYPE_OF = { calls: 'call', emails: 'email', meetings: 'meeting', tasks: 'task' } as const;

/**
 * The handler of one activity-backed engagement type.
 * https://developers.pipedrive.com/docs/api/v1/Activities#getActivities — `GET /api/v2/activities` (10 tokens)
 */
export function activitiesHandler(ctx: PipedriveContext, type: ActivityObjectType): ObjectHandler<CrmEngagement> {
  return {
    phases: [{ name: 'live', endpoint: ENDPOINTS.activities }],
    async map(raws, _phase, _state, signal) {
      const own = raws.filter((raw) => rawActivityType(raw) === TYPE_OF[type]);
      const logs =
        type === 'calls' && own.length > 0 ? await ctx.callLogs(signal) : new Map<string, PipedriveCallLog>();
      return {
        results: own.map((raw) => ({
          result: toCrmEngagement(raw, { callLog: logs.get(identify(raw).id ?? '') ?? null }),
          raw,
        })),
      };
    },
  };
}

/**
 * Notes: their own v1 object, not an activity type.
 * https://developers.pipedrive.com/docs/api/v1/Notes#getNotes — `GET /v1/notes` (20 tokens)
 */
export function notesHandler(): ObjectHandler<CrmEngagement> {
  return {
    phases: [{ name: 'live', endpoint: ENDPOINTS.notes }],
    map: async (raws) => ({ results: raws.map((raw) => ({ result: toCrmNote(raw), raw })) }),
  };
}

/**
 * The token user's call logs by activity id. No `updated_since`: every page is read (20 tokens per 50), once per
 * connector instance and only when a page holds calls.
 * https://developers.pipedrive.com/docs/api/v1/CallLogs#getUserCallLogs — `GET /v1/callLogs`
 */
export async function fetchCallLogs(
  ctx: Pick<PipedriveContext, 'http' | 'log'>,
  signal?: AbortSignal,
): Promise<Map<string, PipedriveCallLog>> {
  const byActivity = new Map<string, PipedriveCallLog>();
  for (const raw of await collectAll(ctx.http, ENDPOINTS.callLogs, {}, signal)) {
    const parsed = callLogSchema.safeParse(raw);
    if (!parsed.success) {
      ctx.log?.warn({ reason: parsed.error.message }, 'pipedrive call log skipped');
      continue;
    }
    if (parsed.data.activity_id != null) byActivity.set(String(parsed.data.activity_id), parsed.data);
  }
  return byActivity;
}
