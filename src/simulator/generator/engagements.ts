/**
 * Activity around a deal: calls with outcomes and durations, emails both ways, meetings with outcomes, notes and
 * tasks, plus prospecting touches on a contact before an outbound deal exists and support calls after a win.
 */
import { DAY, HOUR, MINUTE } from '../clock';
import type { SimEngagement } from '../model';
import type { Rng } from '../rng';

type Kind = SimEngagement['type'];
type Fields = Partial<Omit<SimEngagement, 'id' | 'type' | 'at'>>;

const KINDS: readonly (readonly [Kind, number])[] = [
  ['call', 35],
  ['email', 30],
  ['meeting', 15],
  ['note', 10],
  ['task', 10],
];
const CALL_OUTCOMES: readonly (readonly [string, number])[] = [
  ['connected', 45],
  ['no_answer', 25],
  ['left_voicemail', 15],
  ['busy', 5],
  ['left_live_message', 5],
  ['wrong_number', 5],
];
const MEETING_OUTCOMES: readonly (readonly [string | null, number])[] = [
  ['completed', 70],
  ['no_show', 10],
  ['rescheduled', 8],
  ['canceled', 7],
  [null, 5],
];

/**
 * One frozen empty list shared by every generated engagement without links of a kind, and frozen link lists shared
 * by a deal's engagements: at a million deals, per-record arrays would cost ~700 bytes a deal. Frozen, so an
 * in-place edit throws instead of silently changing siblings; mutations replace lists, never edit them.
 */
const NONE: string[] = Object.freeze([]) as unknown as string[];
const shared = (id: string | null): string[] => (id === null ? NONE : (Object.freeze([id]) as unknown as string[]));

/** Collects engagements with sequential ids (`e1`, `e2`...). */
export class EngagementSink {
  readonly items: SimEngagement[] = [];

  add(type: Kind, at: number, f: Fields): SimEngagement {
    // One literal with every field in the same order (no spread): all engagements share one compact hidden class,
    // which matters at a million deals.
    const e: SimEngagement = {
      id: `e${this.items.length + 1}`,
      type,
      at,
      endAt: f.endAt ?? null,
      owner: f.owner ?? null,
      direction: f.direction ?? null,
      outcome: f.outcome ?? null,
      durationSeconds: f.durationSeconds ?? null,
      done: f.done ?? null,
      support: f.support ?? false,
      deals: f.deals ?? NONE,
      contacts: f.contacts ?? NONE,
      companies: f.companies ?? NONE,
      leads: f.leads ?? NONE,
      modifiedAt: at,
      writtenAtWallMs: 0,
      deletedAt: null,
      mergedInto: null,
    };
    this.items.push(e);
    return e;
  }
}

/** The type-specific fields of one engagement at `at` (a meeting ending after `now` is still scheduled). */
function details(rng: Rng, type: Kind, at: number, now: number): Fields {
  switch (type) {
    case 'call': {
      const outcome = rng.weighted(CALL_OUTCOMES);
      const seconds =
        outcome === 'connected' ? (rng.chance(0.15) ? rng.int(10, 59) : rng.int(60, 1800)) : rng.int(0, 45);
      return { direction: rng.chance(0.85) ? 'outbound' : 'inbound', outcome, durationSeconds: seconds };
    }
    case 'email':
      return {
        direction: rng.weighted([
          ['outbound', 65],
          ['inbound', 32],
          ['forwarded', 3],
        ] as const),
      };
    case 'meeting': {
      const endAt = at + rng.pick([30, 45, 60]) * MINUTE;
      return { endAt, outcome: endAt > now ? 'scheduled' : rng.weighted(MEETING_OUTCOMES) };
    }
    case 'task':
      return { endAt: at + rng.int(1, 7) * DAY, done: rng.chance(0.75) };
    default:
      return {};
  }
}

/** Links and owner shared by a deal's engagements. */
export interface DealActivity {
  dealId: string;
  contact: string | null;
  company: string | null;
  /** The deal owner at an instant. */
  ownerAt: (at: number) => string;
  from: number;
  /** When activity stops: the close, or now for an open deal. */
  until: number;
}

/** Adds 3 to 6 engagements spread over the deal's active life (never after now). */
export function dealEngagements(rng: Rng, sink: EngagementSink, deal: DealActivity, now: number): void {
  const count = rng.int(3, 6);
  const span = Math.max(HOUR, Math.min(deal.until, now) - deal.from);
  const links = { deals: shared(deal.dealId), contacts: shared(deal.contact), companies: shared(deal.company) };
  for (let k = 0; k < count; k++) {
    const at = Math.floor((deal.from + rng.next() * span) / MINUTE) * MINUTE;
    if (at > now) continue;
    const type = rng.weighted(KINDS);
    sink.add(type, at, {
      ...details(rng, type, at, now),
      owner: deal.ownerAt(at),
      ...links,
    });
  }
}

/** Cold calls and emails on a contact in the weeks before an outbound deal is created (no deal link yet). */
export function prospectingTouches(
  rng: Rng,
  sink: EngagementSink,
  target: { contact: string; company: string | null; owner: string; before: number; notBefore: number },
): void {
  const count = rng.int(1, 4);
  const links = { contacts: shared(target.contact), companies: shared(target.company) };
  for (let k = 0; k < count; k++) {
    const at = Math.floor((target.before - rng.int(1, 20) * DAY - rng.int(0, 480) * MINUTE) / MINUTE) * MINUTE;
    if (at < target.notBefore) continue;
    const type = rng.chance(0.6) ? 'call' : 'email';
    const fields = type === 'call' ? details(rng, 'call', at, at) : { direction: 'outbound' as const };
    sink.add(type, at, {
      ...fields,
      direction: 'outbound',
      owner: target.owner,
      ...links,
    });
  }
}

/** A customer's support call some weeks after a win, marked `support`. */
export function supportCall(
  rng: Rng,
  sink: EngagementSink,
  target: { contact: string; company: string | null; owner: string; wonAt: number; now: number },
): void {
  const at = Math.floor((target.wonAt + rng.int(3, 60) * DAY) / MINUTE) * MINUTE;
  if (at > target.now) return;
  sink.add('call', at, {
    direction: 'inbound',
    outcome: 'connected',
    durationSeconds: rng.int(120, 1200),
    support: true,
    owner: target.owner,
    contacts: shared(target.contact),
    companies: shared(target.company),
  });
}
