/** Deal pipelines (hubspot-api.md §7) into domain pipelines, plus the stage index the deal mapper needs. */
import type { CrmPipeline, CrmStage } from '../../../domain/records';
import { type HubSpotPipeline, pipelineSchema } from '../types';
import type { MapResult } from './common';

/** What the deal mapper needs to know about a stage id. */
export interface StageInfo {
  pipelineId: string;
  role: CrmStage['role'];
  probability: number | null;
}

/** Stage ids are unique across a portal's deal pipelines, so one index serves every pipeline. */
export interface StageIndex {
  stages: Map<string, StageInfo>;
  pipelineIds: Set<string>;
}

/**
 * Stage role from metadata strings: closed with probability 1 is won, any other closed stage is lost
 * (HubSpot's lost stage has probability "0.0"). Labels are never used: admins rename them freely.
 */
function stageRole(metadata: Record<string, string | null> | undefined): CrmStage['role'] {
  if (metadata?.isClosed !== 'true') return 'open';
  return Number(metadata.probability) >= 1 ? 'won' : 'lost';
}

function stageProbability(metadata: Record<string, string | null> | undefined): number | null {
  const raw = metadata?.probability;
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

/** One pipeline payload into a `CrmPipeline`; stages in display order. */
export function toCrmPipeline(raw: unknown): MapResult<CrmPipeline> {
  const parsed = pipelineSchema.safeParse(raw);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, externalId: null, reason };
  }
  const p: HubSpotPipeline = parsed.data;
  return {
    ok: true,
    record: {
      externalId: p.id,
      label: p.label,
      displayOrder: p.displayOrder,
      archived: p.archived,
      stages: [...p.stages]
        .sort((a, b) => a.displayOrder - b.displayOrder)
        .map((s) => ({
          externalId: s.id,
          label: s.label,
          displayOrder: s.displayOrder,
          probability: stageProbability(s.metadata),
          role: stageRole(s.metadata),
          archived: s.archived,
        })),
    },
  };
}

/** The stage index of mapped pipelines. */
export function stageIndexOf(pipelines: readonly CrmPipeline[]): StageIndex {
  const stages = new Map<string, StageInfo>();
  for (const p of pipelines) {
    for (const s of p.stages)
      stages.set(s.externalId, { pipelineId: p.externalId, role: s.role, probability: s.probability });
  }
  return { stages, pipelineIds: new Set(pipelines.map((p) => p.externalId)) };
}
