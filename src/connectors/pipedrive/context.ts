/**
 * Per-connector-instance state shared by the object handlers: the HTTP wrapper, the governor, settings and
 * lookups read once per instance (stages, option labels, call logs). Nothing here is module-level.
 */
import type { PipedriveHttp, PipedriveLog } from './client';
import type { TokenGovernor } from './governor';
import type { OptionLabels } from './mappers/common';
import type { StageIndex } from './mappers/pipeline';
import type { PipedriveCallLog } from './types';

export interface StreamSettings {
  /** Look-back overlap re-read before each watermark, in whole seconds (`updated_since` has no finer unit). */
  overlapSeconds: number;
  /**
   * Tokens kept free of changelog reads for the other object types of the run: the deal history backfill stops
   * here and goes on next run (the company reserve of the governor comes on top). 0 when the budget is unknown.
   */
  changelogFloorTokens: number;
}

export interface PipedriveContext {
  http: PipedriveHttp;
  governor: TokenGovernor;
  settings: StreamSettings;
  log?: PipedriveLog | undefined;
  stageIndex(signal?: AbortSignal): Promise<StageIndex>;
  /** Option labels of the deal field `channel` (deals and leads). */
  dealChannels(signal?: AbortSignal): Promise<OptionLabels>;
  /** Option labels of the organization field `industry`. */
  industries(signal?: AbortSignal): Promise<OptionLabels>;
  /** The token user's call logs by activity id (§6), read once per instance and only when calls need them. */
  callLogs(signal?: AbortSignal): Promise<ReadonlyMap<string, PipedriveCallLog>>;
}

/** Memoises an async lookup; a failure is not cached, so the next caller tries again. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}
