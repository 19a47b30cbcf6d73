/**
 * Prospects by customer key: first touch = the earliest creation among the company, its contacts and its leads.
 * Owner = the record's current owner (the company's, else the earliest record's); industry from the company.
 */
import type { KpiConfig } from '../config';
import { isLive } from '../env';
import type { KpiInput } from '../types';

export interface Prospect {
  key: string;
  firstTouchAt: number;
  ownerId: string | null;
  industry: string | null;
  source: string | null;
}

/**
 * One entry per customer key that has a company, contact or lead record; only the keys of `only` when given (a
 * key's entry depends on its own records only, so the entries kept are the same, and a KPI that needs a few
 * thousand customers does not hold a map of every company and contact).
 */
export function prospects(input: KpiInput, config: KpiConfig, only?: ReadonlySet<string>): Map<string, Prospect> {
  const out = new Map<string, Prospect>();
  const companyOfContact = new Map<string, string | null>();
  const touch = (
    key: string,
    at: number,
    owner: string | null,
    industry: string | null,
    source: string | null,
    authoritative: boolean,
  ): void => {
    if (only !== undefined && !only.has(key)) return;
    const p = out.get(key);
    if (!p) {
      out.set(key, { key, firstTouchAt: at, ownerId: owner, industry, source });
      return;
    }
    if (at < p.firstTouchAt) {
      p.firstTouchAt = at;
      p.source = source ?? p.source;
      if (!authoritative && p.ownerId === null) p.ownerId = owner;
    }
    if (authoritative) {
      p.ownerId = owner ?? p.ownerId;
      p.industry = industry ?? p.industry;
    }
  };
  // Only a lead without a company reads its contact's company: note those contacts first, so the map holds them
  // rather than every contact (400,000 entries at a million deals, for leads that are usually far fewer).
  const leadContacts = new Set<string>();
  for (const l of input.leads ?? [])
    if (isLive(l) && l.companyId === null && l.contactId !== null) leadContacts.add(l.contactId);
  for (const c of input.companies ?? [])
    if (isLive(c)) touch(`company:${c.id}`, c.createdAt, c.ownerId, c.industry, null, true);
  for (const c of input.contacts ?? []) {
    if (!isLive(c)) continue;
    if (leadContacts.has(c.id)) companyOfContact.set(c.id, c.companyId);
    const key = config.customerKey === 'company' && c.companyId !== null ? `company:${c.companyId}` : `contact:${c.id}`;
    touch(key, c.createdAt, c.ownerId, null, null, false);
  }
  for (const l of input.leads ?? []) {
    if (!isLive(l)) continue;
    const company = l.companyId ?? (l.contactId !== null ? (companyOfContact.get(l.contactId) ?? null) : null);
    const key =
      config.customerKey === 'company' && company !== null
        ? `company:${company}`
        : l.contactId !== null
          ? `contact:${l.contactId}`
          : `lead:${l.id}`;
    touch(key, l.createdAt, l.ownerId, null, l.source, false);
  }
  return out;
}
