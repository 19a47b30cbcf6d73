/**
 * The one typed map from job name to payload type to handler. Handlers are `(payload, deps)` functions the queue
 * worker and the CLI both call; adding a job means adding it here, so its payload type is checked everywhere a
 * job is enqueued by name.
 */
import { type KpisDeps, type KpisPayload, type KpisResult, runKpis } from './kpis';
import { runSync, type SyncDeps, type SyncPayload, type SyncResult } from './sync';

/** Payload, collaborators and result of each job. */
export interface JobTypes {
  sync: { payload: SyncPayload; deps: SyncDeps; result: SyncResult };
  kpis: { payload: KpisPayload; deps: KpisDeps; result: KpisResult };
}

export type JobName = keyof JobTypes;
export type JobPayload<N extends JobName> = JobTypes[N]['payload'];
export type JobHandler<N extends JobName> = (
  payload: JobTypes[N]['payload'],
  deps: JobTypes[N]['deps'],
) => Promise<JobTypes[N]['result']>;

/** Handlers by job name. */
export const JOB_HANDLERS: { readonly [N in JobName]: JobHandler<N> } = {
  sync: runSync,
  kpis: runKpis,
};

/** The order a full refresh runs in: fresh data first, then the KPIs computed from it. */
export const JOB_ORDER: readonly JobName[] = ['sync', 'kpis'];

/**
 * Jobs that run after a job succeeds, by name. The names listed are planned by later issues and have no handler
 * yet (write-back of per-record KPIs into the CRM, the Slack digest); a worker enqueues only names present in
 * `JOB_HANDLERS`, so listing them here documents the chain without stub handlers.
 */
export const after: Readonly<Partial<Record<JobName, readonly string[]>>> = {
  kpis: ['writeback', 'digest'],
};

/** True when `name` is a job with a handler (as opposed to a planned name from `after`). */
export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOB_HANDLERS, name);
}
