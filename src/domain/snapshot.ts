/**
 * A comparable picture of one CRM's content, in provider ids: what the store holds (read from SQLite) and what
 * it should hold (projected from the simulator's model). `pulse verify` and the integration tests diff the two.
 * Instants are epoch ms; link lists are sorted; fields a provider cannot carry are left out of its picture.
 */

export interface SnapshotChange {
  value: string | null;
  at: number;
}

export interface SnapshotDeal {
  id: string;
  deleted: boolean;
  pipelineId: string;
  /** Only for open deals (a closed deal's stage differs by provider). */
  stageId: string | null;
  /** Only for lost deals (HubSpot keeps a reopened deal's old reason). */
  status: 'open' | 'won' | 'lost';
  amount: number | null;
  currency: string | null;
  createdAt: number;
  wonAt: number | null;
  lostAt: number | null;
  lostReason: string | null;
  ownerId: string | null;
  companyIds: string[];
  contactIds: string[];
  /** Open-stage visits, zero-length ones dropped (a stage set in the same instant the deal closed). */
  visits: { pipelineId: string; stageId: string; enteredAt: number; exitedAt: number | null }[];
  /** Per tracked field, the values it took (consecutive repeats collapsed), oldest first. */
  history: Record<'amount' | 'owner' | 'pipeline' | 'status', SnapshotChange[]>;
}

export interface SnapshotEngagement {
  id: string;
  type: string;
  deleted: boolean;
  direction: string | null;
  outcome: string | null;
  durationSeconds: number | null;
  occurredAt: number;
  ownerId: string | null;
  dealIds: string[];
  contactIds: string[];
  companyIds: string[];
}

export interface SnapshotContact {
  id: string;
  deleted: boolean;
  companyId: string | null;
  ownerId: string | null;
  createdAt: number;
  lifecycle: { stage: string; at: number }[];
}

export interface SnapshotCompany {
  id: string;
  deleted: boolean;
  ownerId: string | null;
  createdAt: number;
}

export interface SnapshotLead {
  id: string;
  deleted: boolean;
  createdAt: number;
  contactIds: string[];
  companyIds: string[];
  dealIds: string[];
}

export interface SnapshotOwner {
  id: string;
  archived: boolean;
}

export interface CrmSnapshot {
  owners: SnapshotOwner[];
  deals: SnapshotDeal[];
  engagements: SnapshotEngagement[];
  contacts: SnapshotContact[];
  companies: SnapshotCompany[];
  leads: SnapshotLead[];
}

/**
 * Collapses consecutive repeats (a history is a list of changes of value) and starts at the first value: a field
 * never set before has no history entry on any provider.
 */
export function pushChange(list: SnapshotChange[], change: SnapshotChange): void {
  const last = list[list.length - 1];
  if (last === undefined ? change.value !== null : last.value !== change.value) list.push(change);
}

/** `"1000.00"` and `"1e3"` both become `"1000"`, so number histories compare by value. */
export function canonicalNumber(value: string | null): string | null {
  if (value === null || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? String(n) : value;
}
