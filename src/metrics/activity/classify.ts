/**
 * What an engagement counts as. Conversations = connected calls of at least the minimum duration + held meetings,
 * support excluded. Connected (for connect rates and engagement) uses the outcome only, without the minimum.
 */

import { type Interval, within } from '../../lib/time';
import type { ConversationRules } from '../config';
import type { Env } from '../env';
import type { Dims } from '../segments';
import type { EngagementRow, KpiInput } from '../types';

/** A meeting is held when completed, or with no outcome once ended (Pipedrive: done). */
export function isHeldMeeting(e: EngagementRow, now: number): boolean {
  if (e.type !== 'meeting') return false;
  if (e.outcome !== null) return e.outcome === 'completed';
  if (e.done !== null) return e.done;
  return (e.endAt ?? e.at) <= now;
}

export function isConnectedCall(e: EngagementRow, rules: ConversationRules): boolean {
  return e.type === 'call' && e.outcome !== null && rules.connectedOutcomes.includes(e.outcome);
}

/** Calls without a direction are outbound (Pipedrive call logs have none). */
export function isOutboundCall(e: EngagementRow): boolean {
  return e.type === 'call' && (e.direction === 'outbound' || e.direction === null);
}

/** Support work by activity type or by the owner's team. */
export function isSupport(e: EngagementRow, env: Env): boolean {
  const rules = env.config.conversations;
  if (e.activityType !== null && rules.supportActivityTypes.includes(e.activityType)) return true;
  const team = env.teamOf(e.ownerId);
  return team !== null && rules.supportTeams.includes(team);
}

/** A sales conversation: connected call lasting at least the minimum, or a held meeting; never support. */
export function isConversation(e: EngagementRow, env: Env): boolean {
  if (isSupport(e, env)) return false;
  const rules = env.config.conversations;
  if (isConnectedCall(e, rules)) return (e.durationSeconds ?? 0) >= rules.minDurationSeconds;
  return isHeldMeeting(e, env.ctx.now);
}

/** Segment values of an engagement: its owner and the owner's team. */
export function engagementDims(e: EngagementRow, env: Env): Dims {
  return { owner: e.ownerId, team: env.teamOf(e.ownerId) };
}

/**
 * The engagements dated in `interval` (`start <= at < end`): the store's range scan when the input offers one,
 * else the full collection filtered. Both give the same rows in the same order.
 */
export function* engagementsWithin(input: KpiInput, interval: Interval): Generator<EngagementRow> {
  if (input.engagementsIn) {
    yield* input.engagementsIn({ start: interval.start, end: interval.end });
    return;
  }
  for (const e of input.engagements ?? []) if (within(e.at, interval)) yield e;
}
