import { and, eq, isNull, notInArray } from 'drizzle-orm';
import type { CrmAccount, CrmOwner, CrmPipeline, CrmTeam, Provider } from '../../domain/records';
import type { Db } from '../db';
import { accounts, owners, pipelines, stages, teams } from '../schema';
import { upsertRows } from './upsert';

/** Account, owners, teams, pipelines and stages: the labels every KPI segment shows. */
export function upsertAccount(db: Db, connection: string, provider: Provider, account: CrmAccount, at: number): void {
  upsertRows(
    db,
    accounts,
    [accounts.connection],
    [
      {
        connection,
        provider,
        accountId: account.accountId,
        timeZone: account.timeZone,
        currency: account.currency,
        updatedAt: at,
      },
    ],
  );
}

/** Owners are never deleted here: a departed rep's deals keep resolving to their name. */
export function upsertOwners(db: Db, connection: string, list: CrmOwner[], teamList: CrmTeam[]): void {
  upsertRows(
    db,
    teams,
    [teams.connection, teams.externalId],
    teamList.map((t) => ({ connection, externalId: t.externalId, name: t.name })),
  );
  upsertRows(
    db,
    owners,
    [owners.connection, owners.externalId],
    list.map((o) => ({
      connection,
      externalId: o.externalId,
      name: o.name,
      email: o.email,
      archived: o.archived,
      teamId: o.teamId,
    })),
  );
}

/**
 * Pipelines and stages; those that vanished from the CRM keep their row and label with `deleted_at`, since old
 * stage visits still name them.
 */
export function upsertPipelines(db: Db, connection: string, list: CrmPipeline[], at: number): void {
  upsertRows(
    db,
    pipelines,
    [pipelines.connection, pipelines.externalId],
    list.map((p) => ({
      connection,
      externalId: p.externalId,
      label: p.label,
      displayOrder: p.displayOrder,
      archived: p.archived,
      deletedAt: null,
    })),
  );
  upsertRows(
    db,
    stages,
    [stages.connection, stages.pipelineId, stages.externalId],
    list.flatMap((p) =>
      p.stages.map((s) => ({
        connection,
        pipelineId: p.externalId,
        externalId: s.externalId,
        label: s.label,
        displayOrder: s.displayOrder,
        probability: s.probability,
        role: s.role,
        archived: s.archived,
        deletedAt: null,
      })),
    ),
  );
  const live = list.map((p) => p.externalId);
  db.update(pipelines)
    .set({ deletedAt: at })
    .where(
      and(eq(pipelines.connection, connection), notInArray(pipelines.externalId, live), isNull(pipelines.deletedAt)),
    )
    .run();
  for (const p of list) {
    db.update(stages)
      .set({ deletedAt: at })
      .where(
        and(
          eq(stages.connection, connection),
          eq(stages.pipelineId, p.externalId),
          isNull(stages.deletedAt),
          notInArray(
            stages.externalId,
            p.stages.map((s) => s.externalId),
          ),
        ),
      )
      .run();
  }
}
