/**
 * Binds the job handlers to the queue: builds each run's deps (store, connector with the shared Redis limiter,
 * token from the environment) from the job's data, which holds names only.
 */
import type { Redis } from 'ioredis';
import { baseUrlOf, tokenOf } from '../../config/load';
import type { ConnectionConfig, PulseConfig } from '../../config/schema';
import { createConnector, hubspotPlanLimits, pipedriveGovernorSettings } from '../../connectors';
import type { LimiterLimits, RateLimiter } from '../../connectors/hubspot/limiter';
import type { GovernorOptions, TokenGovernor } from '../../connectors/pipedrive/governor';
import type { CrmConnector } from '../../connectors/types';
import type { Logger } from '../../lib/logger';
import type { Db } from '../../storage/db';
import { resolveConnectionKpis } from '../kpi-config';
import { after, isJobName, JOB_HANDLERS, JOB_ORDER, type JobName, type JobTypes } from '../registry';
import { RedisTokenGovernor } from './governor-redis';
import type { QueueJob, QueueJobs } from './jobs';
import { RedisRateLimiter } from './limiter-redis';
import { accountKeyOf, type QueueTarget } from './queues';

/**
 * Where each registry job runs. Typed over the registry's names: a job added there does not build until it says
 * whether it talks to a CRM account.
 */
export const JOB_TARGETS: { readonly [N in JobName]: QueueTarget } = { sync: 'crm', kpis: 'local' };

/** Jobs that only one worker may run per connection at a time. */
const EXCLUSIVE: ReadonlySet<JobName> = new Set<JobName>(['sync']);

/**
 * What follows `name` when it succeeds: the next job of the registry's `JOB_ORDER` (sync -> kpis), then the
 * registry's `after` slot (kpis -> writeback, digest). Names without a handler in this build are left out, so
 * later jobs join the chain by landing in the registry, without a change here.
 */
export function chainOf(name: JobName): JobName[] {
  const i = JOB_ORDER.indexOf(name);
  const next = i >= 0 && i + 1 < JOB_ORDER.length ? [JOB_ORDER[i + 1]] : [];
  return [...new Set([...next, ...(after[name] ?? [])])].filter((n): n is JobName => n !== undefined && isJobName(n));
}

/** The kpis deps that come from the config. */
export type KpisConfigResolved = Pick<JobTypes['kpis']['deps'], 'config' | 'ownerTeams' | 'timeZone'>;

/**
 * The config's `kpis` section resolved for the connection (see resolveConnectionKpis); a problem (an unknown stage
 * label...) is a ConfigError, which fails the job at once with the list of issues.
 */
export function kpisConfigFromStore(
  db: Db,
  config: PulseConfig,
  connection: ConnectionConfig,
  configDir = '.',
): KpisConfigResolved {
  return resolveConnectionKpis(db, config.kpis, connection, configDir);
}

const HOUR = 3_600_000;

/**
 * Builds a connector for one run; the limiter (HubSpot) and the governor (Pipedrive connections only) are the
 * account's shared ones.
 */
export type ConnectorFactory = (
  connection: ConnectionConfig,
  limiter: RateLimiter,
  log: Logger,
  governor?: TokenGovernor,
) => CrmConnector;

export interface QueueJobsDeps {
  config: PulseConfig;
  db: Db;
  redis: Redis;
  prefix: string;
  env: NodeJS.ProcessEnv;
  now: () => number;
  /** @defaultValue {@link defaultConnectorFactory} */
  connectorFor?: ConnectorFactory;
  /** Limiter budgets per connection. @defaultValue {@link planLimits} */
  limitsFor?: (connection: ConnectionConfig) => Partial<LimiterLimits>;
  /** Pipedrive governor settings per connection. @defaultValue {@link pipedriveGovernorSettings} */
  governorFor?: (connection: ConnectionConfig) => GovernorOptions;
  /** The kpis settings resolved against the connection's catalogue. @defaultValue {@link kpisConfigFromStore} */
  kpisConfigFor?: (db: Db, config: PulseConfig, connection: ConnectionConfig) => KpisConfigResolved;
  /** The config file's folder: a spend CSV path is relative to it. @defaultValue '.' */
  configDir?: string;
}

/** HubSpot burst budgets by plan (one definition, shared with the one-shot CLI). */
export const planLimits = hubspotPlanLimits;

/** The production connector: the token is read from the environment here, inside the worker, never from job data. */
export function defaultConnectorFactory(env: NodeJS.ProcessEnv): ConnectorFactory {
  return (connection, limiter, log, governor) =>
    createConnector({
      connection,
      baseUrl: baseUrlOf(connection),
      token: tokenOf(connection, env),
      log,
      limiter,
      ...(governor ? { governor } : {}),
    });
}

/** The registry's jobs as queue jobs, with their chain. */
export function createQueueJobs(deps: QueueJobsDeps): QueueJobs {
  const connectorFor = deps.connectorFor ?? defaultConnectorFactory(deps.env);
  const limitsFor = deps.limitsFor ?? planLimits;
  const governorFor = deps.governorFor ?? pipedriveGovernorSettings;
  const sync: QueueJob = {
    target: JOB_TARGETS.sync,
    exclusive: EXCLUSIVE.has('sync'),
    async run(data, ctx) {
      const accountKey = accountKeyOf(ctx.connection);
      const limiter = new RedisRateLimiter({
        redis: deps.redis,
        prefix: deps.prefix,
        accountKey,
        limits: limitsFor(ctx.connection),
        log: ctx.log,
      });
      // Pipedrive's burst window and daily token budget are company-wide: every worker spends from Redis.
      const governor =
        ctx.connection.provider === 'pipedrive'
          ? new RedisTokenGovernor({
              redis: deps.redis,
              prefix: deps.prefix,
              accountKey,
              ...governorFor(ctx.connection),
              log: ctx.log,
            })
          : undefined;
      const result = await JOB_HANDLERS.sync(
        { connection: ctx.connection.id, ...(data.full === true ? { full: true } : {}) },
        {
          db: deps.db,
          connector: connectorFor(ctx.connection, limiter, ctx.log, governor),
          log: ctx.log,
          now: deps.now,
          reconcileEveryMs: (ctx.connection.sync?.reconcileEveryHours ?? 24) * HOUR,
          signal: ctx.signal,
        },
      );
      if (result.status !== 'succeeded') ctx.log.warn({ runId: result.runId }, 'sync incomplete: kpis not chained');
      return {
        result: { runId: result.runId, status: result.status, apiCalls: result.apiCalls },
        chain: result.status === 'succeeded',
      };
    },
  };
  const kpisConfigFor =
    deps.kpisConfigFor ??
    ((db: Db, config: PulseConfig, connection: ConnectionConfig) =>
      kpisConfigFromStore(db, config, connection, deps.configDir));
  const kpis: QueueJob = {
    target: JOB_TARGETS.kpis,
    exclusive: EXCLUSIVE.has('kpis'),
    async run(data, ctx) {
      const result = await JOB_HANDLERS.kpis(
        { connection: ctx.connection.id, ...(typeof data.asOf === 'number' ? { asOf: data.asOf } : {}) },
        { db: deps.db, log: ctx.log, now: deps.now, ...kpisConfigFor(deps.db, deps.config, ctx.connection) },
      );
      return { result: { snapshotAt: result.snapshotAt, rows: result.rows.length }, chain: true };
    },
  };
  const jobs: { [N in JobName]: QueueJob } = { sync, kpis };
  const chain: Record<string, readonly string[]> = {};
  for (const name of Object.keys(jobs) as JobName[]) chain[name] = chainOf(name);
  return { jobs, chain };
}
