/**
 * One lead list for every lead KPI: the leads object when the account has lead records, else contacts entering
 * the `lead` lifecycle stage (HubSpot fallback), never both. A contact-based lead's converted deal is the first
 * deal associated with the contact created on or after the lead date.
 */
import { isLive } from '../env';
import type { DealRow, KpiInput } from '../types';

export interface LeadRecord {
  id: string;
  createdAt: number;
  ownerId: string | null;
  source: string | null;
  contactId: string | null;
  companyId: string | null;
  dealIds: readonly string[];
  convertedAt: number | null;
  /** Built from a contact's lifecycle: its deal is found through the contact. */
  contactBased: boolean;
}

/** The small per-deal facts lead KPIs look up. */
export interface DealFacts {
  id: string;
  createdAt: number;
  wonAt: number | null;
  source: string | null;
  contactIds: readonly string[];
}

/** Unified lead records (live ones only). */
export function leadRecords(input: KpiInput): LeadRecord[] {
  const out: LeadRecord[] = [];
  for (const l of input.leads ?? []) {
    if (isLive(l)) out.push({ ...l, contactBased: false });
  }
  if (out.length > 0) return out;
  for (const c of input.contacts ?? []) {
    if (!isLive(c) || c.leadStageAt === undefined || c.leadStageAt === null) continue;
    out.push({
      id: `contact:${c.id}`,
      createdAt: c.leadStageAt,
      ownerId: c.ownerId,
      source: null,
      contactId: c.id,
      companyId: c.companyId,
      dealIds: [],
      convertedAt: null,
      contactBased: true,
    });
  }
  return out;
}

/**
 * Indexes the deals the given leads may point to (by id, and by contact for contact-based leads), keeping a few
 * numbers per deal: only deals a lead references are kept, and without leads the deals are not read at all.
 */
export function indexDeals(
  deals: Iterable<DealRow>,
  leads: readonly LeadRecord[],
): {
  byId: Map<string, DealFacts>;
  byContact: Map<string, DealFacts[]>;
} {
  const byId = new Map<string, DealFacts>();
  const byContact = new Map<string, DealFacts[]>();
  const wantedIds = new Set<string>();
  const wantedContacts = new Set<string>();
  for (const l of leads) {
    if (l.contactBased) wantedContacts.add(l.contactId ?? '');
    else for (const id of l.dealIds) wantedIds.add(id);
  }
  if (wantedIds.size === 0 && wantedContacts.size === 0) return { byId, byContact };
  for (const d of deals) {
    if (!isLive(d)) continue;
    const byIdWanted = wantedIds.has(d.id);
    const contacts = d.contactIds.filter((c) => wantedContacts.has(c));
    if (!byIdWanted && contacts.length === 0) continue;
    const facts: DealFacts = {
      id: d.id,
      createdAt: d.createdAt,
      wonAt: d.status === 'won' ? d.wonAt : null,
      source: d.source,
      contactIds: d.contactIds,
    };
    if (byIdWanted) byId.set(d.id, facts);
    for (const c of contacts) {
      const list = byContact.get(c) ?? [];
      list.push(facts);
      byContact.set(c, list);
    }
  }
  return { byId, byContact };
}

/** The deals a lead converted into (contact-based: the first deal of the contact created on/after the lead). */
export function convertedDeals(lead: LeadRecord, index: ReturnType<typeof indexDeals>): DealFacts[] {
  if (!lead.contactBased) {
    return lead.dealIds.map((id) => index.byId.get(id)).filter((d): d is DealFacts => d !== undefined);
  }
  const candidates = (index.byContact.get(lead.contactId ?? '') ?? []).filter((d) => d.createdAt >= lead.createdAt);
  candidates.sort((a, b) => a.createdAt - b.createdAt);
  return candidates.slice(0, 1);
}
