import type {
  CrmAccount,
  CrmCompany,
  CrmContact,
  CrmDeal,
  CrmEngagement,
  CrmLead,
  CrmOwner,
  CrmPipeline,
  CrmTeam,
  ObjectType,
  Provider,
  QuarantinedRecord,
} from '../domain/records';

/** The domain record each object type yields. */
export interface RecordOf {
  deals: CrmDeal;
  contacts: CrmContact;
  companies: CrmCompany;
  leads: CrmLead;
  calls: CrmEngagement;
  emails: CrmEngagement;
  meetings: CrmEngagement;
  notes: CrmEngagement;
  tasks: CrmEngagement;
}

/**
 * One page of a stream. The job stores `records`, `quarantined` and `deletedIds`, then persists `cursor` in the
 * same transaction: a crash between pages resumes from the last committed page, never past it.
 */
export interface Page<T> {
  records: T[];
  quarantined: QuarantinedRecord[];
  /** Ids found gone while reading this page (merged away), with the instant they went. */
  deletedIds: { externalId: string; at: string; mergedInto: string | null }[];
  /** Opaque cursor to persist once this page is committed; null leaves the stored cursor as it was. */
  cursor: string | null;
  /**
   * Deals of `records` whose stage visits and field changes were not re-read (Pipedrive reads a deal's changelog
   * only when a tracked field changed): the store keeps their stored history instead of replacing it.
   */
  keepHistoryOf?: string[];
}

export interface StreamOptions {
  /** The stored cursor, null for a full sync. */
  cursor: string | null;
  /**
   * The stored cursor even when a full read was asked for (`cursor: null`): connectors that remember per-record
   * state in it (Pipedrive's changelog fingerprints and backfill queue) keep that memory across reconciliations.
   */
  previousCursor?: string | null;
  signal?: AbortSignal;
}

/** Records the CRM reports as deleted (archived) or merged, for one object type. */
export interface Tombstone {
  externalId: string;
  at: string;
  mergedInto: string | null;
}

export interface ConnectorStats {
  apiCalls: number;
  retries: number;
  rateLimited: number;
  /** Calls per endpoint family, for the benchmark and `pulse status`. */
  callsByKind: Record<string, number>;
  /** Token-metered providers (Pipedrive): tokens spent, and left today above the reserve (null: unknown). */
  tokens?: { used: number; left: number | null };
}

/**
 * The one interface every provider implements. Connectors yield pages of domain records; they never touch the
 * store (jobs do).
 */
export interface CrmConnector {
  readonly provider: Provider;
  account(): Promise<CrmAccount>;
  /** Every owner, archived ones included. */
  owners(): Promise<{ owners: CrmOwner[]; teams: CrmTeam[] }>;
  /** Every pipeline with its stages, archived ones included. */
  pipelines(): Promise<CrmPipeline[]>;
  /** Records created or modified since the cursor (all when it is null), in pages. */
  stream<T extends ObjectType>(type: T, options: StreamOptions): AsyncIterable<Page<RecordOf[T]>>;
  /** The CRM's own count of live records of a type (HubSpot search `total`). */
  count(type: ObjectType): Promise<number>;
  /** Every live id of a type, in pages: the reconciliation pass. */
  enumerateIds(type: ObjectType, signal?: AbortSignal): AsyncIterable<string[]>;
  /** Archived (deleted) records of a type. */
  tombstones(type: ObjectType, signal?: AbortSignal): AsyncIterable<Tombstone[]>;
  /** Reads records by id (sample checks, re-reads after reconciliation). Missing ids are left out. */
  read<T extends ObjectType>(type: T, ids: string[]): Promise<Page<RecordOf[T]>>;
  /** Object types this account carries (HubSpot portals without Sales Hub Pro have no leads). */
  supports(type: ObjectType): Promise<boolean>;
  stats(): ConnectorStats;
}
