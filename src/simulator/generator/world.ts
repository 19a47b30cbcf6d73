/**
 * The people side of a generated CRM: reps and teams, companies with their contacts, and which companies are
 * customers since when (for repeat purchases, referrals and lifecycle stages). State is kept in plain number
 * arrays indexed like the records, so a million deals stay affordable.
 */
import type { SimCompany, SimContact, SimUser } from '../model';
import type { Rng } from '../rng';
import { COMPANY_ROOTS, COMPANY_SUFFIXES, FIRST_NAMES, INDUSTRIES, LAST_NAMES, TEAMS } from './catalog';

const MINUTE = 60_000;

/** 6 to 12 reps in 2 or 3 teams; the last one left (archived) somewhere in the middle of the history. */
export function makeUsers(rng: Rng, start: number, span: number) {
  const count = rng.int(6, 12);
  const teams = TEAMS.slice(0, count >= 9 ? 3 : 2);
  const firsts = [...FIRST_NAMES];
  const users: SimUser[] = [];
  for (let i = 0; i < count; i++) {
    const first = firsts.splice(rng.int(0, firsts.length - 1), 1)[0] ?? `Rep${i}`;
    const last = rng.pick(LAST_NAMES);
    users.push({
      id: first.toLowerCase(),
      name: `${first} ${last}`,
      email: `${first}.${last}@example.com`.toLowerCase(),
      team: teams[i % teams.length] ?? null,
      archived: i === count - 1,
    });
  }
  const leftAt = start + span * (0.45 + rng.next() * 0.2);
  const all = users.map((u) => u.id);
  const active = users.filter((u) => !u.archived).map((u) => u.id);
  return { users, ownersAt: (at: number): readonly string[] => (at < leftAt ? all : active) };
}

/** Companies, contacts and customer tracking while deals are generated. */
export class World {
  readonly companies: SimCompany[] = [];
  readonly contacts: SimContact[] = [];
  /** Per company: first win instant (Infinity until won), first contact index, contact count, last deal index. */
  private readonly wonAt: number[] = [];
  private readonly firstContact: number[] = [];
  private readonly contactCount: number[] = [];
  readonly lastDeal: number[] = [];
  /** Per contact: first deal creation and first win (Infinity when none). */
  private readonly contactDealAt: number[] = [];
  private readonly contactWonAt: number[] = [];
  /** Companies with a win, in the order their first win was generated. */
  private readonly customers: number[] = [];

  constructor(private readonly rng: Rng) {}

  /** A new company created at `at` with 1 or 2 contacts a few minutes later; returns its index. */
  addCompany(at: number, owner: string): number {
    const rng = this.rng;
    const index = this.companies.length;
    const root = rng.pick(COMPANY_ROOTS);
    this.companies.push({
      id: `c${index + 1}`,
      name: `${root}${rng.pick(['', 'tech', 'soft', 'ia', 'on'])} ${rng.pick(COMPANY_SUFFIXES)}`,
      createdAt: at,
      industry: rng.pick(INDUSTRIES),
      owner,
      properties: {},
      modifiedAt: at,
      writtenAtWallMs: 0,
      deletedAt: null,
      mergedInto: null,
    });
    this.wonAt.push(Number.POSITIVE_INFINITY);
    this.firstContact.push(this.contacts.length);
    this.lastDeal.push(-1);
    const count = rng.int(1, 2);
    this.contactCount.push(count);
    for (let k = 0; k < count; k++) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const n = this.contacts.length + 1;
      this.contacts.push({
        id: `p${n}`,
        name: `${first} ${last}`,
        email: `${first}.${last}.${n}@${root}.example`.toLowerCase(),
        company: `c${index + 1}`,
        owner,
        createdAt: at + (k + 1) * 5 * MINUTE,
        lifecycle: [],
        properties: {},
        modifiedAt: at,
        writtenAtWallMs: 0,
        deletedAt: null,
        mergedInto: null,
      });
      this.contactDealAt.push(Number.POSITIVE_INFINITY);
      this.contactWonAt.push(Number.POSITIVE_INFINITY);
    }
    return index;
  }

  /** One of the company's contacts (index). */
  contactOf(company: number): number {
    return (this.firstContact[company] ?? 0) + this.rng.int(0, (this.contactCount[company] ?? 1) - 1);
  }

  /** A company that was already a customer at `at` (not `exclude`), or -1 after a few misses. */
  customerAt(at: number, exclude = -1): number {
    if (this.customers.length === 0) return -1;
    for (let tries = 0; tries < 6; tries++) {
      const c = this.rng.pick(this.customers);
      if (c !== exclude && (this.wonAt[c] ?? Number.POSITIVE_INFINITY) < at) return c;
    }
    return -1;
  }

  /** Records a deal's creation and first win for its company and contact. */
  recordDeal(company: number, contact: number, createdAt: number, firstWonAt: number | null): void {
    this.contactDealAt[contact] = Math.min(this.contactDealAt[contact] ?? createdAt, createdAt);
    if (firstWonAt === null) return;
    const before = this.wonAt[company] ?? Number.POSITIVE_INFINITY;
    if (before === Number.POSITIVE_INFINITY) this.customers.push(company);
    this.wonAt[company] = Math.min(before, firstWonAt);
    this.contactWonAt[contact] = Math.min(this.contactWonAt[contact] ?? firstWonAt, firstWonAt);
  }

  /** Fills each contact's lifecycle: lead when created, opportunity at its first deal, customer at its first win. */
  finishLifecycles(): void {
    this.contacts.forEach((c, k) => {
      const dealAt = this.contactDealAt[k] ?? Number.POSITIVE_INFINITY;
      const wonAt = this.contactWonAt[k] ?? Number.POSITIVE_INFINITY;
      // Built as one exact-size literal: push() on an empty array reserves 16 slots, 150 bytes per contact.
      const lead = { at: c.createdAt, stage: 'lead' };
      const opportunity = dealAt < wonAt ? { at: dealAt, stage: 'opportunity' } : null;
      const customer = wonAt < Number.POSITIVE_INFINITY ? { at: wonAt, stage: 'customer' } : null;
      if (opportunity && customer) c.lifecycle = [lead, opportunity, customer];
      else if (opportunity || customer) c.lifecycle = [lead, (opportunity ?? customer) as typeof lead];
      else c.lifecycle = [lead];
    });
  }
}
