/** v2 pipelines and stages (pipedrive-api.md §4) into domain pipelines, plus the stage index the deal mapper needs. */
import type { CrmPipeline } from '../../../domain/records';
import { type PipedrivePipeline, type PipedriveStage, pipelineSchema, stageSchema } from '../types';
import type { MapResult } from './common';

/** Stage ids are global in Pipedrive: `stage_id` alone gives the pipeline (§5.3). */
export interface StageIndex {
  pipelineOf: ReadonlyMap<string, string>;
}

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/**
 * Pipelines with their stages, in `order_nr` order. Every Pipedrive stage is open (won and lost are the deal's
 * `status`); `deal_probability` is a percentage. A payload that fails validation is reported, not thrown.
 */
export function toCrmPipelines(rawPipelines: unknown[], rawStages: unknown[]): MapResult<CrmPipeline>[] {
  const stages: PipedriveStage[] = [];
  const results: MapResult<CrmPipeline>[] = [];
  for (const raw of rawStages) {
    const parsed = stageSchema.safeParse(raw);
    if (parsed.success) stages.push(parsed.data);
    else results.push({ ok: false, externalId: null, reason: `stage: ${issues(parsed.error)}` });
  }
  for (const raw of rawPipelines) {
    const parsed = pipelineSchema.safeParse(raw);
    if (!parsed.success) {
      results.push({ ok: false, externalId: null, reason: `pipeline: ${issues(parsed.error)}` });
      continue;
    }
    const p: PipedrivePipeline = parsed.data;
    results.push({
      ok: true,
      record: {
        externalId: String(p.id),
        label: p.name,
        displayOrder: p.order_nr ?? 0,
        archived: p.is_deleted === true,
        stages: stages
          .filter((s) => s.pipeline_id === p.id)
          .sort((a, b) => (a.order_nr ?? 0) - (b.order_nr ?? 0) || a.id - b.id)
          .map((s) => ({
            externalId: String(s.id),
            label: s.name,
            displayOrder: s.order_nr ?? 0,
            probability:
              s.deal_probability === null || s.deal_probability === undefined ? null : s.deal_probability / 100,
            role: 'open' as const,
            archived: s.is_deleted === true,
          })),
      },
    });
  }
  return results;
}

/** The stage index of mapped pipelines. */
export function stageIndexOf(pipelines: readonly CrmPipeline[]): StageIndex {
  const pipelineOf = new Map<string, string>();
  for (const p of pipelines) for (const s of p.stages) pipelineOf.set(s.externalId, p.externalId);
  return { pipelineOf };
}
