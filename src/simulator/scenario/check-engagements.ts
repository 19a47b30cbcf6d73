import type { CheckContext, Indexed } from './check-context';
import { CALL_OUTCOMES, MEETING_OUTCOMES, type RawEngagement } from './schema';
import { parseInstant } from './time';

/**
 * Engagement rules: links name existing records, the activity happened by `now` (a meeting's end or a task's due
 * time, `endAt`, may lie later), and direction/outcome/duration fit the type.
 */
export function checkEngagements(ctx: CheckContext, engagements: readonly Indexed<RawEngagement>[]): void {
  for (const { i, v: e } of engagements) {
    const path = `engagements[${i}]`;
    ctx.ref(`${path}.owner`, 'users', e.owner);
    ctx.refs(`${path}.deals`, 'deals', e.deals);
    ctx.refs(`${path}.contacts`, 'contacts', e.contacts);
    ctx.refs(`${path}.companies`, 'companies', e.companies);
    ctx.refs(`${path}.leads`, 'leads', e.leads);
    const at = ctx.notAfterNow(`${path}.at`, e.at);
    if (e.endAt !== null && e.endAt !== undefined && (parseInstant(e.endAt) ?? 0) < at) {
      ctx.add(`${path}.endAt`, `${e.endAt} is before at`);
    }
    if (e.deletedAt !== null && e.deletedAt !== undefined) {
      if (ctx.notAfterNow(`${path}.deletedAt`, e.deletedAt) < at) {
        ctx.add(`${path}.deletedAt`, `${e.deletedAt} is before at`);
      }
    }
    if (e.direction !== null && e.direction !== undefined) {
      if (e.type !== 'call' && e.type !== 'email') ctx.add(`${path}.direction`, `a ${e.type} has no direction`);
      else if (e.type === 'call' && e.direction === 'forwarded') {
        ctx.add(`${path}.direction`, 'only emails can be forwarded');
      }
    }
    if (e.outcome !== null && e.outcome !== undefined) {
      const allowed = e.type === 'call' ? CALL_OUTCOMES : e.type === 'meeting' ? MEETING_OUTCOMES : [];
      if (!allowed.includes(e.outcome)) {
        ctx.add(
          `${path}.outcome`,
          allowed.length === 0
            ? `a ${e.type} has no outcome`
            : `unknown ${e.type} outcome ${JSON.stringify(e.outcome)} (expected ${allowed.join(', ')})`,
        );
      }
    }
    if (e.durationSeconds !== null && e.durationSeconds !== undefined && e.type !== 'call') {
      ctx.add(`${path}.durationSeconds`, `only calls have a duration (this is a ${e.type})`);
    }
    if (e.endAt !== null && e.endAt !== undefined && e.type !== 'meeting' && e.type !== 'task') {
      ctx.add(`${path}.endAt`, `only meetings (end) and tasks (due) have endAt`);
    }
  }
}
