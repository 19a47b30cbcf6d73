/**
 * The simulator's in-memory CRM model: the ground truth tests compare the store with. It is built from a scenario
 * file (scenario/) or by the seeded generator (generator.ts), and served as provider-shaped HTTP (hubspot/).
 * It imports nothing from connectors/ or storage/: a mapper bug cannot hide by being mirrored here.
 *
 * Ids are the scenario's author-chosen ids; provider ids come from ids.ts. Instants are epoch milliseconds
 * (UTC) inside the model; calendar dates stay `YYYY-MM-DD`.
 */

export interface SimAccount {
  timeZone: string;
  currency: string;
  /** 1 unit of X in home currency. Constant over time. */
  exchangeRates: Record<string, number>;
}

export interface SimUser {
  id: string;
  name: string;
  email: string;
  team: string | null;
  archived: boolean;
}

export interface SimStage {
  id: string;
  name: string;
  probability: number;
}

export interface SimPipeline {
  id: string;
  name: string;
  /** Open stages only, in order; won and lost are outcomes. */
  stages: SimStage[];
}

/** Bookkeeping every mutable record carries. */
export interface SimRecordMeta {
  /** Last modification instant (clock ms). Association edits do not move it, as on HubSpot. */
  modifiedAt: number;
  /** Wall-clock ms (performance.now) of the last write: search hides writes younger than the index lag. */
  writtenAtWallMs: number;
  deletedAt: number | null;
  /** Id of the record this one was merged into. */
  mergedInto: string | null;
}

export interface SimLifecycleChange {
  at: number;
  stage: string;
}

export interface SimCompany extends SimRecordMeta {
  id: string;
  name: string;
  createdAt: number;
  industry: string | null;
  owner: string | null;
  properties: Record<string, string | number | boolean | null>;
}

export interface SimContact extends SimRecordMeta {
  id: string;
  name: string;
  email: string | null;
  company: string | null;
  owner: string | null;
  createdAt: number;
  lifecycle: SimLifecycleChange[];
  properties: Record<string, string | number | boolean | null>;
}

export interface SimLead extends SimRecordMeta {
  id: string;
  title: string;
  createdAt: number;
  contact: string | null;
  company: string | null;
  owner: string | null;
  source: string | null;
  convertedAt: number | null;
  deal: string | null;
}

/** One timeline event; the first one creates the deal and gives pipeline, stage and owner. */
export interface SimDealEvent {
  at: number;
  pipeline?: string;
  stage?: string;
  status?: 'open' | 'won' | 'lost';
  lostReason?: string | null;
  amount?: number | null;
  currency?: string;
  owner?: string;
  /** `YYYY-MM-DD` */
  closeDate?: string | null;
  probability?: number | null;
}

export interface SimDeal extends SimRecordMeta {
  id: string;
  name: string;
  company: string | null;
  contacts: string[];
  source: string | null;
  properties: Record<string, string | number | boolean | null>;
  /** Pipedrive archived deal; HubSpot does not serve it differently. */
  archived: boolean;
  timeline: SimDealEvent[];
}

export interface SimEngagement extends SimRecordMeta {
  id: string;
  type: 'call' | 'email' | 'meeting' | 'note' | 'task';
  at: number;
  endAt: number | null;
  owner: string | null;
  direction: 'inbound' | 'outbound' | 'forwarded' | null;
  outcome: string | null;
  durationSeconds: number | null;
  done: boolean | null;
  support: boolean;
  deals: string[];
  contacts: string[];
  companies: string[];
  leads: string[];
}

/** The folded current state of a deal (the timeline's last values). */
export interface SimDealState {
  createdAt: number;
  pipeline: string;
  stage: string;
  status: 'open' | 'won' | 'lost';
  owner: string;
  amount: number | null;
  currency: string;
  closeDate: string | null;
  probability: number | null;
  lostReason: string | null;
  /** Instant of the status event that made the current status won / lost. */
  closedAt: number | null;
  firstWonAt: number | null;
}

export interface SimModel {
  /** The simulator clock (epoch ms). Only tests and the CLI move it. */
  now: number;
  account: SimAccount;
  users: SimUser[];
  pipelines: SimPipeline[];
  companies: SimCompany[];
  contacts: SimContact[];
  leads: SimLead[];
  deals: SimDeal[];
  engagements: SimEngagement[];
}
