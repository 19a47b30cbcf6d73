/**
 * KPI input rows built straight from the simulator's model: the independent path `pulse verify` and the
 * model-vs-store test compare the store's rows with. Nothing here reads the store or its SQL; the model is
 * projected onto what HubSpot carries (through `fold.ts` and the HubSpot id mapping) so ids, sources and
 * industries are the values the store holds after a sync.
 */
import type { KpiCatalog } from '../config/kpis';
import type {
  CompanyRow,
  ContactRow,
  DealRow,
  EngagementRow,
  KpiInput,
  LeadRow,
  OwnerRow,
  StageRow,
} from '../metrics/types';
import { fieldHistory, foldDealSteps } from '../simulator/fold';
import { createHubSpotIds, type HubSpotIds, type IdCollection } from '../simulator/hubspot/ids';
import { analyticsSource, enumValue } from '../simulator/hubspot/serialize';
import type { SimDeal, SimModel } from '../simulator/model';
import type { PipedriveIds } from '../simulator/pipedrive/ids';
import type { ExpectationSegment } from '../simulator/scenario/types';
import { neutralVisits } from '../simulator/views/visits';
import { removedAt, stateAt, teamNames } from './model-rows/common';
import { pipedriveKpiCatalog, pipedriveKpiInput } from './model-rows/pipedrive';

export { pipedriveKpiCatalog, pipedriveKpiInput };

/** The providers a model can be projected onto. */
export type ModelView = 'hubspot' | 'pipedrive';

/** The id lookups every row builder needs, with "gone" records filtered out of link lists as HubSpot does. */
interface Projection {
  model: SimModel;
  ids: HubSpotIds;
  id(c: IdCollection, scenarioId: string): string;
  owner(userId: string | null): string | null;
  links(c: IdCollection, list: readonly (string | null)[]): string[];
  industryOf(companyId: string | null): string | null;
}

function projection(model: SimModel, ids: HubSpotIds): Projection {
  const gone = {
    deals: new Set(model.deals.filter((r) => removedAt(r) !== null).map((r) => r.id)),
    contacts: new Set(model.contacts.filter((r) => removedAt(r) !== null).map((r) => r.id)),
    companies: new Set(model.companies.filter((r) => removedAt(r) !== null).map((r) => r.id)),
    leads: new Set(model.leads.filter((r) => removedAt(r) !== null).map((r) => r.id)),
    engagements: new Set(model.engagements.filter((r) => r.deletedAt !== null).map((r) => r.id)),
  };
  const industries = new Map(model.companies.map((c) => [c.id, c.industry]));
  const id = (c: IdCollection, scenarioId: string): string => ids.toHubSpot(c, scenarioId) ?? `?${scenarioId}`;
  return {
    model,
    ids,
    id,
    owner: (userId) => (userId === null ? null : (ids.ownerId(userId) ?? `?${userId}`)),
    links: (c, list) => list.filter((x): x is string => x !== null && !gone[c].has(x)).map((x) => id(c, x)),
    industryOf: (companyId) => {
      const label = companyId === null ? null : (industries.get(companyId) ?? null);
      // HubSpot's industry is an enumeration: the store holds its internal value (`Health care` -> HEALTH_CARE).
      return label === null ? null : enumValue(label);
    },
  };
}

/**
 * A custom property as HubSpot serves it: the id of a company or contact (a referrer) becomes that record's
 * HubSpot id, companies first; booleans and numbers are written as text.
 */
function propertyValue(ids: HubSpotIds, v: string | number | boolean | null): string | null {
  if (v === null) return null;
  if (typeof v !== 'string') return String(v);
  return ids.toHubSpot('companies', v) ?? ids.toHubSpot('contacts', v) ?? v;
}

function dealRow(p: Projection, deal: SimDeal): DealRow {
  const { model, ids } = p;
  const steps = foldDealSteps(deal, model.account.currency);
  const first = steps[0];
  const last = steps[steps.length - 1];
  if (first === undefined || last === undefined) throw new Error(`deal ${deal.id}: empty timeline`);
  const s = last.state;
  const visits = neutralVisits(steps).map((v) => ({
    dealId: p.id('deals', deal.id),
    pipelineId: ids.pipelineId(v.pipeline) ?? `?${v.pipeline}`,
    stageId: ids.stageId(v.pipeline, v.stage) ?? `?${v.stage}`,
    enteredAt: v.enteredAt,
    exitedAt: v.exitedAt,
  }));
  const rate = s.currency === model.account.currency ? 1 : model.account.exchangeRates[s.currency];
  const stageProbability =
    model.pipelines.find((x) => x.id === s.pipeline)?.stages.find((x) => x.id === s.stage)?.probability ?? null;
  // HubSpot serves the stage probability when the deal has no override: only a differing value is the deal's own.
  const own =
    s.status !== 'open' || s.probability === null || s.probability === stageProbability ? null : s.probability;
  const closeOwner = s.closedAt === null ? null : (stateAt(steps, s.closedAt)?.owner ?? null);
  const properties: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(deal.properties)) properties[k] = propertyValue(ids, v);
  const contacts = p.links('contacts', deal.contacts);
  return {
    id: p.id('deals', deal.id),
    pipelineId: ids.pipelineId(s.pipeline) ?? `?${s.pipeline}`,
    stageId: visits[visits.length - 1]?.stageId ?? null,
    status: s.status,
    createdAt: s.createdAt,
    wonAt: s.status === 'won' ? s.closedAt : null,
    lostAt: s.status === 'lost' ? s.closedAt : null,
    amountReporting: s.amount === null || rate === undefined ? null : s.amount * rate,
    probability: own,
    closeDate: s.status === 'open' ? s.closeDate : null,
    lostReason: s.status === 'lost' ? s.lostReason : null,
    source: analyticsSource(deal.source).source,
    industry: p.industryOf(p.links('companies', [deal.company]).length > 0 ? deal.company : null),
    ownerId: p.owner(s.owner),
    ownerAtCreation: p.owner(first.state.owner),
    ownerAtClose: p.owner(closeOwner),
    companyId: p.links('companies', [deal.company])[0] ?? null,
    contactIds: contacts,
    properties,
    deletedAt: removedAt(deal),
    visits,
    statusChanges: fieldHistory(steps, (x) => x.status).map((c) => ({
      dealId: p.id('deals', deal.id),
      status: c.value,
      at: c.at,
    })),
  };
}

function stageRows(p: Projection): StageRow[] {
  return p.model.pipelines.flatMap((pl) =>
    pl.stages.map((st, order) => ({
      pipelineId: p.ids.pipelineId(pl.id) ?? `?${pl.id}`,
      stageId: p.ids.stageId(pl.id, st.id) ?? `?${st.id}`,
      order,
      probability: st.probability,
    })),
  );
}

function engagementRow(p: Projection, e: SimModel['engagements'][number]): EngagementRow {
  return {
    id: p.id('engagements', e.id),
    type: e.type,
    direction: e.type === 'call' || e.type === 'email' ? e.direction : null,
    outcome: e.type === 'call' || e.type === 'meeting' ? e.outcome : null,
    durationSeconds: e.type === 'call' ? e.durationSeconds : null,
    at: e.at,
    endAt: e.type === 'meeting' ? e.endAt : null,
    ownerId: p.owner(e.owner),
    // HubSpot carries done for tasks only (hs_task_status).
    done: e.type === 'task' ? e.done === true : null,
    activityType: e.support ? 'Support call' : null,
    dealIds: p.links('deals', e.deals),
    contactIds: p.links('contacts', e.contacts),
    companyIds: p.links('companies', e.companies),
    deletedAt: e.deletedAt,
  };
}

/**
 * The KPI engine's input computed from the model as the provider would serve it, with that provider's ids:
 * deals with their stage visits and status log, stages (open ones, in order), owners and teams, companies,
 * contacts (HubSpot: their first `lead` lifecycle entry), leads and engagements. Deleted and merged records are
 * kept with `deletedAt`. Pipedrive's rows are `pipedriveKpiInput`'s (model-rows/pipedrive.ts).
 */
export function modelKpiInput(model: SimModel, view?: 'hubspot', ids?: HubSpotIds): KpiInput;
export function modelKpiInput(model: SimModel, view: 'pipedrive', ids?: PipedriveIds): KpiInput;
export function modelKpiInput(model: SimModel, view: ModelView = 'hubspot', ids?: HubSpotIds | PipedriveIds): KpiInput {
  if (view === 'pipedrive') return pipedriveKpiInput(model, ids as PipedriveIds | undefined);
  if (view !== 'hubspot') throw new RangeError(`no model view for provider "${String(view)}"`);
  return hubspotKpiInput(model, (ids as HubSpotIds | undefined) ?? createHubSpotIds(model));
}

function hubspotKpiInput(model: SimModel, ids: HubSpotIds): KpiInput {
  const p = projection(model, ids);
  const owners: OwnerRow[] = model.users.map((u) => ({
    id: p.owner(u.id) ?? `?${u.id}`,
    teamId: u.team === null ? null : p.ids.teamId(u.team),
  }));
  const companies: CompanyRow[] = model.companies.map((c) => ({
    id: p.id('companies', c.id),
    createdAt: c.createdAt,
    industry: c.industry === null ? null : enumValue(c.industry),
    ownerId: p.owner(c.owner),
    deletedAt: removedAt(c),
  }));
  const contacts: ContactRow[] = model.contacts.map((c) => ({
    id: p.id('contacts', c.id),
    companyId: p.links('companies', [c.company])[0] ?? null,
    createdAt: c.createdAt,
    ownerId: p.owner(c.owner),
    leadStageAt: c.lifecycle.find((l) => l.stage === 'lead')?.at ?? null,
    deletedAt: removedAt(c),
  }));
  const leads: LeadRow[] = model.leads.map((l) => ({
    id: p.id('leads', l.id),
    createdAt: l.createdAt,
    ownerId: p.owner(l.owner),
    source: analyticsSource(l.source).source,
    contactId: p.links('contacts', [l.contact])[0] ?? null,
    companyId: p.links('companies', [l.company])[0] ?? null,
    dealIds: p.links('deals', [l.deal]),
    convertedAt: l.convertedAt,
    deletedAt: removedAt(l),
  }));
  return {
    deals: model.deals.map((d) => dealRow(p, d)),
    stages: stageRows(p),
    owners,
    companies,
    contacts,
    leads,
    engagements: model.engagements.map((e) => engagementRow(p, e)),
  };
}

/**
 * The labels config resolution needs, from the model with HubSpot ids: pipelines and their open stages, owners
 * (name, email), teams (named by the scenario's team id) and the home currency.
 */
export function modelKpiCatalog(model: SimModel, ids: HubSpotIds = createHubSpotIds(model)): KpiCatalog {
  const teams = teamNames(model.users);
  return {
    pipelines: model.pipelines.map((pl) => ({ id: ids.pipelineId(pl.id) ?? `?${pl.id}`, label: pl.name })),
    stages: model.pipelines.flatMap((pl) =>
      pl.stages.map((st) => ({
        pipelineId: ids.pipelineId(pl.id) ?? `?${pl.id}`,
        id: ids.stageId(pl.id, st.id) ?? `?${st.id}`,
        label: st.name,
      })),
    ),
    owners: model.users.map((u) => ({ id: ids.ownerId(u.id) ?? `?${u.id}`, name: u.name, email: u.email })),
    teams: teams.map((t) => ({ id: ids.teamId(t), name: t })),
    currency: model.account.currency,
  };
}

/**
 * An expectation's segment with HubSpot values: ids for pipeline, stage (in the named pipeline, else the first
 * pipeline that has it), owner and team; the served `hs_analytics_source` for a neutral source; the industry's
 * enumeration value. `direction` is the same word everywhere.
 */
export function hubspotSegment(
  model: SimModel,
  segment: ExpectationSegment | undefined,
  ids: HubSpotIds = createHubSpotIds(model),
): Record<string, string> {
  const out: Record<string, string> = {};
  if (segment === undefined) return out;
  const missing = (what: string, v: string): string => `?${what}:${v}`;
  if (segment.pipeline !== undefined) {
    out.pipeline = ids.pipelineId(segment.pipeline) ?? missing('pipeline', segment.pipeline);
  }
  if (segment.stage !== undefined) {
    const stage = segment.stage;
    const pipeline = segment.pipeline ?? model.pipelines.find((pl) => pl.stages.some((s) => s.id === stage))?.id;
    out.stage = (pipeline === undefined ? undefined : ids.stageId(pipeline, stage)) ?? missing('stage', stage);
  }
  if (segment.owner !== undefined) out.owner = ids.ownerId(segment.owner) ?? missing('owner', segment.owner);
  if (segment.team !== undefined) out.team = ids.teamId(segment.team);
  if (segment.source !== undefined) out.source = analyticsSource(segment.source).source ?? segment.source;
  if (segment.direction !== undefined) out.direction = segment.direction;
  if (segment.industry !== undefined) out.industry = enumValue(segment.industry);
  return out;
}
