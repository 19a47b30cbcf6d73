/**
 * Deals: the v2 list (live, then archived: its own endpoint since 2025-07-15) as change detector, and the v1
 * changelog (20 tokens per deal, pipedrive-api.md §5) read only for deals whose tracked fields changed since
 * their last changelog read, compared through the fingerprints the cursor keeps. Deals whose changelog could not
 * be afforded yet are stored with a provisional history and queued (`pending`); `finish` works the queue off
 * within the budget, run after run: the first backfill spreads itself over days.
 */
import type { CrmDeal } from '../../domain/records';
import { CrmResponseError } from '../../lib/errors';
import { mapPool } from '../../lib/pool';
import type { PipedriveContext } from './context';
import type { SyncState } from './cursor';
import { dealFingerprint, toCrmDeal } from './mappers/deal';
import { collectAll, ENDPOINTS, type ListEndpoint } from './objects';
import { paginate } from './paging';
import { identify, type MappedBatch, type ObjectHandler } from './stream';
import { type ChangelogRow, changelogRowSchema, listEnvelopeSchema } from './types';

/** `ids` takes at most 100 ids (§4). */
const IDS_PER_CALL = 100;
const CHANGELOG_TOKENS = 20;
/** Changelog reads in flight per page: enough to fill the burst window past the round trip, few enough for the floor. */
const CHANGELOG_CONCURRENCY = 4;

/** The deals handler. */
export function dealsHandler(ctx: PipedriveContext): ObjectHandler<CrmDeal> {
  return {
    phases: [
      { name: 'live', endpoint: ENDPOINTS.deals },
      { name: 'archived', endpoint: ENDPOINTS.archivedDeals },
    ],
    map: (raws, _phase, state, signal) => mapDeals(ctx, raws, state, signal),
    forget(state, seen) {
      for (const id of Object.keys(state.fp ?? {})) if (!seen.has(id)) delete state.fp?.[id];
      if (state.pending !== undefined) state.pending = state.pending.filter((id) => seen.has(id));
    },
    finish: (state, signal) => backfill(ctx, state, signal),
  };
}

/** Whether one more changelog read leaves the floor kept for the rest of the run. */
function affordChangelog(ctx: PipedriveContext): boolean {
  return ctx.governor.canAfford(CHANGELOG_TOKENS + ctx.settings.changelogFloorTokens);
}

/**
 * Maps a page of deals. Per deal: fingerprint unchanged (and no history owed) -> keep the stored history; changed
 * -> read the changelog when affordable, else queue it and keep what the store has (or store a provisional
 * history for a deal never read).
 */
export async function mapDeals(
  ctx: PipedriveContext,
  raws: unknown[],
  state: SyncState,
  signal?: AbortSignal,
): Promise<MappedBatch<CrmDeal>> {
  const stages = await ctx.stageIndex(signal);
  const channels = await ctx.dealChannels(signal);
  const fp = state.fp ?? {};
  const pending = new Set(state.pending ?? []);
  // Decide first, read the owed changelogs a few at a time (one per deal is the bulk of a backfill's requests and
  // waiting for each in turn left the burst window mostly unused), then map in page order.
  const plans = raws.map((raw) => {
    const id = identify(raw).id;
    const print = dealFingerprint(raw);
    // A deal headed for quarantine is not worth 20 tokens of changelog. Without a changelog read, this mapping is
    // the deal's result as well.
    const withoutChangelog = toCrmDeal(raw, { stages, channels, changelog: null });
    const valid = withoutChangelog.ok;
    const known = id === null ? undefined : fp[id];
    const unchanged = valid && id !== null && print !== null && known === print && !pending.has(id);
    const owed = valid && id !== null && print !== null && !unchanged;
    return { raw, id, print, known, unchanged, owed, withoutChangelog };
  });
  const changelogs = new Map<string, ChangelogRow[] | null>();
  const owed = plans.filter((p) => p.owed).map((p) => p.id as string);
  await mapPool(
    owed,
    CHANGELOG_CONCURRENCY,
    async (id, laneSignal) => {
      // Checked as each read starts: the reads in flight can dig at most a few reads into the floor.
      if (affordChangelog(ctx)) changelogs.set(id, await readChangelog(ctx, id, laneSignal));
    },
    signal,
  );
  const keepHistoryOf: string[] = [];
  const results: MappedBatch<CrmDeal>['results'] = [];
  for (const { raw, id, print, known, unchanged, owed: isOwed, withoutChangelog } of plans) {
    const changelog = id === null ? null : (changelogs.get(id) ?? null);
    // Not affordable now: a deal read before keeps its stored (slightly stale) history until its turn comes.
    const keep = unchanged || (isOwed && id !== null && !changelogs.has(id) && known !== undefined);
    const result = changelog === null ? withoutChangelog : toCrmDeal(raw, { stages, channels, changelog });
    if (id !== null && print !== null) {
      if (!result.ok) {
        // A quarantined deal owes nothing: it comes back through the walk when it changes.
        pending.delete(id);
      } else if (changelog !== null) {
        fp[id] = print;
        pending.delete(id);
      } else if (!unchanged) {
        // Provisional or stale history: owed a changelog read.
        pending.add(id);
      }
      if (result.ok && keep) keepHistoryOf.push(id);
    }
    results.push({ result, raw });
  }
  state.fp = fp;
  state.pending = [...pending];
  return { results, keepHistoryOf };
}

/**
 * Every changelog row of a deal, newest first; null when the deal vanished in between (404/410).
 * https://developers.pipedrive.com/docs/api/v1/Deals#getDealChangelog — `GET /v1/deals/{id}/changelog` (20 tokens)
 */
export async function readChangelog(
  ctx: PipedriveContext,
  dealId: string,
  signal?: AbortSignal,
): Promise<ChangelogRow[] | null> {
  const rows: ChangelogRow[] = [];
  try {
    const pages = paginate({
      style: 'cursor',
      list: (paging) =>
        ctx.http.get({
          family: 'changelog',
          path: `/v1/deals/${dealId}/changelog`,
          query: { limit: 500, ...paging },
          schema: listEnvelopeSchema,
          signal,
        }),
      signal,
    });
    for await (const page of pages) {
      for (const raw of page) {
        const parsed = changelogRowSchema.safeParse(raw);
        if (parsed.success) rows.push(parsed.data);
        else ctx.log?.warn({ dealId, reason: parsed.error.message }, 'pipedrive changelog row skipped');
      }
    }
  } catch (error) {
    if (error instanceof CrmResponseError && (error.status === 404 || error.status === 410)) return null;
    throw error;
  }
  return rows;
}

/**
 * Deals by id from a list endpoint (`ids`, ≤ 100 per call).
 * https://developers.pipedrive.com/docs/api/v1/Deals#getDeals — `GET /api/v2/deals?ids=…` (10 tokens),
 * https://developers.pipedrive.com/docs/api/v1/Deals#getArchivedDeals — `GET /api/v2/deals/archived?ids=…` (20)
 */
export async function dealsByIds(
  ctx: PipedriveContext,
  endpoint: ListEndpoint,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
    out.push(...(await collectAll(ctx.http, endpoint, { ids: ids.slice(i, i + IDS_PER_CALL).join(',') }, signal)));
  }
  return out;
}

/** Live deals first, then the archived endpoint for the ids still missing. */
export async function readDeals(
  ctx: PipedriveContext,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<unknown[]> {
  const live = await dealsByIds(ctx, ENDPOINTS.deals, ids, signal);
  const found = new Set(live.map((r) => identify(r).id));
  const missing = ids.filter((id) => !found.has(id));
  return missing.length === 0 ? live : [...live, ...(await dealsByIds(ctx, ENDPOINTS.archivedDeals, missing, signal))];
}

/**
 * Works off the changelog queue, 100 deals per page, while the budget allows. Stops without an error when only
 * the backfill is left to do, so the run still reaches the other object types; the queue stays in the cursor.
 */
async function* backfill(
  ctx: PipedriveContext,
  state: SyncState,
  signal?: AbortSignal,
): AsyncGenerator<MappedBatch<CrmDeal>> {
  while ((state.pending?.length ?? 0) > 0) {
    if (!ctx.governor.canAfford(10 + CHANGELOG_TOKENS + ctx.settings.changelogFloorTokens)) {
      ctx.log?.warn(
        { pending: state.pending?.length ?? 0 },
        'pipedrive deal history backfill paused until the budget resets',
      );
      return;
    }
    const ids = (state.pending ?? []).slice(0, IDS_PER_CALL);
    const raws = await readDeals(ctx, ids, signal);
    const found = new Set(raws.map((r) => identify(r).id));
    // Deleted or purged deals leave the queue: tombstones and reconciliation take care of them.
    const before = state.pending?.length ?? 0;
    state.pending = (state.pending ?? []).filter((id) => !ids.includes(id) || found.has(id));
    const batch = await mapDeals(ctx, raws, state, signal);
    // Deals the budget did not reach are unchanged: do not write them again.
    const done = batch.results.filter(({ raw }) => !(state.pending ?? []).includes(identify(raw).id ?? ''));
    yield { results: done, keepHistoryOf: [] };
    if ((state.pending?.length ?? 0) >= before) return;
  }
}
