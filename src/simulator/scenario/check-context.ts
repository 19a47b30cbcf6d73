/**
 * Shared state of the semantic checks: the ids each collection declares, the clock, and the issue list.
 * Checks read items that passed the shape (zod) check; ids are gathered from every item with a string id, so one
 * malformed deal does not turn every reference to it into a second, misleading error.
 */
import { formatInstant, parseInstant } from './time';

export type Collection = 'users' | 'pipelines' | 'companies' | 'contacts' | 'leads' | 'deals' | 'engagements';

/** An item that passed the shape check, with its index in the file. */
export interface Indexed<T> {
  i: number;
  v: T;
}

export const NOUN: Record<Collection, string> = {
  users: 'user',
  pipelines: 'pipeline',
  companies: 'company',
  contacts: 'contact',
  leads: 'lead',
  deals: 'deal',
  engagements: 'engagement',
};

export class CheckContext {
  readonly issues: string[] = [];
  constructor(
    readonly now: number,
    readonly ids: Record<Collection, Set<string>>,
    /** Stage ids per pipeline id. */
    readonly stages: Map<string, Set<string>>,
    /** Currencies a deal may use: the home currency and those with an exchange rate. */
    readonly currencies: Set<string>,
  ) {}

  add(path: string, message: string): void {
    this.issues.push(`${path}: ${message}`);
  }

  /** Reports `path: unknown company "x"` when a non-null reference names no record. */
  ref(path: string, collection: Collection, value: string | null | undefined): void {
    if (value !== null && value !== undefined && !this.ids[collection].has(value)) {
      this.add(path, `unknown ${NOUN[collection]} ${JSON.stringify(value)}`);
    }
  }

  refs(path: string, collection: Collection, values: readonly string[] | undefined): void {
    values?.forEach((v, j) => {
      this.ref(`${path}[${j}]`, collection, v);
    });
  }

  /** Reports an instant after `now`; returns the instant (ms) for further checks. */
  notAfterNow(path: string, text: string): number {
    const ms = parseInstant(text) ?? Number.NaN;
    if (ms > this.now) this.add(path, `${text} is after now (${formatInstant(this.now)})`);
    return ms;
  }

  /** `deletedAt` / `mergedInto` of companies, contacts, leads and deals. */
  removal(
    path: string,
    collection: Collection,
    rec: { id: string; deletedAt?: string | null | undefined; mergedInto?: string | null | undefined },
    createdAt: number,
  ): void {
    if (rec.deletedAt !== null && rec.deletedAt !== undefined) {
      const at = this.notAfterNow(`${path}.deletedAt`, rec.deletedAt);
      if (at < createdAt) this.add(`${path}.deletedAt`, `${rec.deletedAt} is before the record was created`);
    }
    if (rec.mergedInto !== null && rec.mergedInto !== undefined) {
      this.ref(`${path}.mergedInto`, collection, rec.mergedInto);
      if (rec.mergedInto === rec.id) this.add(`${path}.mergedInto`, 'a record cannot be merged into itself');
      if (rec.deletedAt === null || rec.deletedAt === undefined) {
        this.add(`${path}.mergedInto`, 'a merged record needs deletedAt (the merge instant)');
      }
    }
  }
}
