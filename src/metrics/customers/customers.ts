/**
 * Customers derived from won deals. A customer key is a company (a contact without a company is its own key, or
 * always the contact when configured); customer since = the key's first won deal (current status: a reopened deal
 * is not a win; a re-won deal counts at its last win). Lifecycle stages decide nothing, so both CRMs agree.
 * Memory: a few numbers per customer key, never the deals.
 */
import { customerKeyOf, type Env, isLive } from '../env';
import { shared } from '../shared';
import { dealSlice, EVER } from '../slices';
import type { DealRow, KpiInput } from '../types';

export interface Win {
  dealId: string;
  at: number;
  amount: number | null;
  createdAt: number;
}

export interface CustomerFacts {
  key: string;
  /** Wins in time order. */
  wins: Win[];
  firstWonAt: number;
  /** Owner of the first won deal at its win. */
  ownerAtFirstWin: string | null;
  industry: string | null;
  source: string | null;
}

/** Customer facts per key from the live, in-scope won deals. */
export function deriveCustomers(deals: Iterable<DealRow>, env: Env): Map<string, CustomerFacts> {
  const out = new Map<string, CustomerFacts>();
  for (const d of deals) {
    if (!isLive(d) || d.status !== 'won' || d.wonAt === null || !env.inScope(d.pipelineId)) continue;
    const key = customerKeyOf(d, env.config);
    if (key === null) continue;
    const win: Win = { dealId: d.id, at: d.wonAt, amount: d.amountReporting, createdAt: d.createdAt };
    const c = out.get(key);
    if (!c) {
      out.set(key, {
        key,
        wins: [win],
        firstWonAt: d.wonAt,
        ownerAtFirstWin: d.ownerAtClose ?? d.ownerId,
        industry: d.industry,
        source: d.source,
      });
      continue;
    }
    c.wins.push(win);
    if (d.wonAt < c.firstWonAt) {
      c.firstWonAt = d.wonAt;
      c.ownerAtFirstWin = d.ownerAtClose ?? d.ownerId;
      c.industry = d.industry;
      c.source = d.source;
    }
  }
  for (const c of out.values()) c.wins.sort((a, b) => a.at - b.at);
  return out;
}

/** The run's customer facts (one pass over the deals per run, shared by every customer KPI). Read-only. */
export function customersOf(input: KpiInput, env: Env): ReadonlyMap<string, CustomerFacts> {
  return shared(env, 'customers', () => deriveCustomers(dealSlice(input, { by: 'won', ...EVER }), env));
}

/** When each company and each contact became a customer (for "prospect at the time of the call"). */
export interface CustomerSince {
  company: Map<string, number>;
  contact: Map<string, number>;
  /** Contact -> primary company, to check the contact's company too. */
  companyOfContact: Map<string, string>;
}

/** Customer-since instants of companies and contacts from won deals (computed once per run). Read-only. */
export function customerSince(input: KpiInput, env: Env): CustomerSince {
  return shared(env, 'customerSince', () => deriveCustomerSince(input, env));
}

function deriveCustomerSince(input: KpiInput, env: Env): CustomerSince {
  const company = new Map<string, number>();
  const contact = new Map<string, number>();
  const keep = (m: Map<string, number>, id: string, at: number): void => {
    const prev = m.get(id);
    if (prev === undefined || at < prev) m.set(id, at);
  };
  for (const d of dealSlice(input, { by: 'won', ...EVER })) {
    if (!isLive(d) || d.status !== 'won' || d.wonAt === null || !env.inScope(d.pipelineId)) continue;
    if (d.companyId !== null) keep(company, d.companyId, d.wonAt);
    for (const c of d.contactIds) keep(contact, c, d.wonAt);
  }
  const companyOfContact = new Map<string, string>();
  for (const c of input.contacts ?? []) if (c.companyId !== null) companyOfContact.set(c.id, c.companyId);
  return { company, contact, companyOfContact };
}

/** True when, at instant t, none of the contacts, companies or contacts' companies is a customer yet. */
export function isProspectAt(
  since: CustomerSince,
  t: number,
  contactIds: readonly string[],
  companyIds: readonly string[],
): boolean {
  const isCustomer = (m: Map<string, number>, id: string | undefined): boolean => {
    if (id === undefined) return false;
    const at = m.get(id);
    return at !== undefined && at <= t;
  };
  for (const c of contactIds) {
    if (isCustomer(since.contact, c) || isCustomer(since.company, since.companyOfContact.get(c))) return false;
  }
  return !companyIds.some((c) => isCustomer(since.company, c));
}
