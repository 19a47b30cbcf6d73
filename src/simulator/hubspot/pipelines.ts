/**
 * `GET /crm/v3/pipelines/{deals|leads}` and `/{pipelineId}` (hubspot-api.md §7, §17). Each scenario pipeline
 * gets a closed-won and a closed-lost stage appended (probability 1 and 0); metadata values are strings. The
 * model has no lead pipeline, so HubSpot's built-in one is served for leads.
 */
import type { SimPipeline } from '../model.js';
import { type JsonObject, notFound, validationError } from './errors.js';
import { type Handler, ok, type Route, type RouteContext } from './http.js';
import { LEAD_PIPELINE_ID } from './ids.js';
import { parseObjectKind } from './schema.js';

/** Built-in objects report epoch 0 as their dates (§7, §18). */
const EPOCH = new Date(0).toISOString();

/** `0.2` -> "0.2", `1` -> "1.0", as HubSpot writes probabilities in stage metadata. */
function probabilityString(p: number): string {
  return Number.isInteger(p) ? p.toFixed(1) : String(p);
}

function stage(id: string, label: string, displayOrder: number, metadata: Record<string, string>): JsonObject {
  return {
    id,
    label,
    displayOrder,
    metadata,
    createdAt: EPOCH,
    updatedAt: EPOCH,
    archived: false,
    writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
  };
}

function dealPipeline(ctx: RouteContext, p: SimPipeline, order: number): JsonObject {
  const { ids } = ctx.store;
  const open = p.stages.map((s, i) =>
    stage(ids.stageId(p.id, s.id)!, s.name, i, { isClosed: 'false', probability: probabilityString(s.probability) }),
  );
  const n = p.stages.length;
  return {
    id: ids.pipelineId(p.id)!,
    label: p.name,
    displayOrder: order,
    archived: false,
    createdAt: EPOCH,
    updatedAt: EPOCH,
    stages: [
      ...open,
      stage(ids.wonStageId(p.id)!, 'Closed won', n, { isClosed: 'true', probability: '1.0' }),
      stage(ids.lostStageId(p.id)!, 'Closed lost', n + 1, { isClosed: 'true', probability: '0.0' }),
    ],
  };
}

/** HubSpot's default lead pipeline (ids from §17); lead stage metadata is undocumented, so it is left empty. */
function leadPipeline(): JsonObject {
  const stages: [string, string][] = [
    ['new-stage-id', 'New'],
    ['attempting-stage-id', 'Attempting'],
    ['connected-stage-id', 'Connected'],
    ['qualified-stage-id', 'Qualified'],
    ['unqualified-stage-id', 'Disqualified'],
  ];
  return {
    id: LEAD_PIPELINE_ID,
    label: 'Lead pipeline',
    displayOrder: 0,
    archived: false,
    createdAt: EPOCH,
    updatedAt: EPOCH,
    stages: stages.map(([id, label], i) => stage(id, label, i, {})),
  };
}

function pipelinesOf(ctx: RouteContext, type: string): JsonObject[] {
  const kind = parseObjectKind(type);
  if (kind === 'deals') return ctx.store.model.pipelines.map((p, i) => dealPipeline(ctx, p, i));
  if (kind === 'leads') return [leadPipeline()];
  throw validationError(`Unable to infer object type from: ${type}`);
}

const getAll: Handler = (req, ctx) => ok({ results: pipelinesOf(ctx, req.params.type ?? '') });

const getOne: Handler = (req, ctx) => {
  const found = pipelinesOf(ctx, req.params.type ?? '').find((p) => p.id === req.params.id);
  if (!found) throw notFound(`Unable to find pipeline ${req.params.id ?? ''}`);
  return ok(found);
};

/** Route table of this family. */
export const pipelineRoutes: Route[] = [
  { method: 'GET', pattern: '/crm/v3/pipelines/:type', handler: getAll },
  { method: 'GET', pattern: '/crm/v3/pipelines/:type/:id', handler: getOne },
];
