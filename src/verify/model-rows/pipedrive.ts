/**
 * KPI input rows from the model as Pipedrive serves it (docs/scenarios.md "Pipedrive projection"), with
 * Pipedrive ids as strings: the independent path the Pipedrive store's rows are compared with. Every rule comes
 * from `simulator/pipedrive/projection.ts` (shared with the HTTP serializers and the store view), so the rows
 * differ from HubSpot's exactly where the CRM does: won/lost as status, one person and one organization per
 * deal, unowned records owned by the admin, whole-second instants (activities: minutes), a 0 amount as none,
 * no lifecycle, converted leads known through their deal, channel labels as sources, custom fields by key.
 */
import type { KpiCatalog } from '../../config/kpis';
import type {
  CompanyRow,
  ContactRow,
  DealRow,
  EngagementRow,
  KpiInput,
  LeadRow,
  OwnerRow,
  StageRow,
} from '../../metrics/types';
import { fieldHistory, foldDealSteps } from '../../simulator/fold';
import type { SimDeal, SimEngagement, SimModel } from '../../simulator/model';
import { floorMinute, floorSecond, pipedriveSource, SOURCE_NAMES } from '../../simulator/pipedrive/format';
import { createPipedriveIds, customFieldKey, type PipedriveIds } from '../../simulator/pipedrive/ids';
import {
  activityDone,
  activityType,
  engagementKind,
  firstLive,
  type GoneSets,
  goneSets,
  hasCallLog,
  isGone,
  ownerOrAdmin,
  storedAmount,
} from '../../simulator/pipedrive/projection';
import { neutralVisits } from '../../simulator/views/visits';
import { removedAt, stateAt } from './common';

/** Id lookups with Pipedrive's one-link-per-kind rule and the admin as the default owner. */
interface Projection {
  model: SimModel;
  ids: PipedriveIds;
  gone: GoneSets;
  deal(id: string): string;
  user(userId: string | null): string | null;
  one(c: 'deals' | 'contacts' | 'companies', list: readonly (string | null)[]): string | null;
  industry: ReadonlyMap<string, string | null>;
  rates: ReadonlyMap<string, number>;
}

function projection(model: SimModel, ids: PipedriveIds): Projection {
  const gone = goneSets(model);
  const user = (u: string | null): string | null => {
    const o = ownerOrAdmin(model, u);
    return o === null ? null : String(ids.userId(o) ?? `?${o}`);
  };
  return {
    model,
    ids,
    gone,
    deal: (id) => String(ids.toPipedrive('deals', id) ?? `?${id}`),
    user,
    one: (c, list) => {
      const id = firstLive(list, gone[c]);
      return id === null ? null : String(ids.toPipedrive(c, id) ?? `?${id}`);
    },
    industry: new Map(model.companies.map((c) => [c.id, c.industry])),
    rates: new Map(Object.entries(model.account.exchangeRates)),
  };
}

/** The channel label the connector stores as a deal's or lead's source (null: no channel). */
const channelOf = (source: string | null): string | null => pipedriveSource(source).channel;

/**
 * A custom value as stored: Pipedrive serves a property whose values are all company (contact) ids as an
 * organization (person) field, i.e. the record's Pipedrive id; numbers and text as text.
 */
function propertyValues(p: Projection, deal: SimDeal): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [name, v] of Object.entries(deal.properties)) {
    const key = customFieldKey('deal', name);
    const values = p.model.deals.map((d) => d.properties[name] ?? null).filter((x) => x !== null);
    const all = (c: 'companies' | 'contacts') =>
      values.length > 0 && values.every((x) => typeof x === 'string' && p.ids.toPipedrive(c, x) !== undefined);
    if (v === null) out[key] = null;
    else if (typeof v === 'string' && all('companies')) out[key] = String(p.ids.toPipedrive('companies', v));
    else if (typeof v === 'string' && all('contacts')) out[key] = String(p.ids.toPipedrive('contacts', v));
    else out[key] = String(v);
  }
  return out;
}

function dealRow(p: Projection, deal: SimDeal): DealRow {
  const { model, ids } = p;
  const steps = foldDealSteps(deal, model.account.currency);
  const first = steps[0];
  const last = steps[steps.length - 1];
  if (first === undefined || last === undefined) throw new Error(`deal ${deal.id}: empty timeline`);
  const s = last.state;
  const id = p.deal(deal.id);
  const pipeline = (x: string): string => String(ids.pipelineId(x) ?? `?${x}`);
  const visits = neutralVisits(steps)
    .map((v) => ({
      dealId: id,
      pipelineId: pipeline(v.pipeline),
      stageId: String(ids.stageId(v.pipeline, v.stage) ?? `?${v.stage}`),
      enteredAt: floorSecond(v.enteredAt),
      exitedAt: v.exitedAt === null ? null : floorSecond(v.exitedAt),
    }))
    // A visit shorter than a second vanishes once instants are whole seconds (as in the store view).
    .filter((v) => v.exitedAt === null || v.exitedAt > v.enteredAt);
  const amount = storedAmount(s.amount);
  const rate = s.currency === model.account.currency ? 1 : p.rates.get(s.currency);
  const closedAt = s.closedAt === null ? null : floorSecond(s.closedAt);
  const closeOwner = s.closedAt === null ? null : (stateAt(steps, s.closedAt)?.owner ?? null);
  const companyId = p.one('companies', [deal.company]);
  return {
    id,
    pipelineId: pipeline(s.pipeline),
    // Pipedrive keeps a closed deal in its last open stage.
    stageId: String(ids.stageId(s.pipeline, s.stage) ?? `?${s.stage}`),
    status: s.status,
    createdAt: floorSecond(s.createdAt),
    wonAt: s.status === 'won' ? closedAt : null,
    lostAt: s.status === 'lost' ? closedAt : null,
    amountReporting: amount === null || rate === undefined ? null : amount * rate,
    // Pipedrive serves the deal's own probability only (null: the stage's applies).
    probability: s.status === 'open' ? s.probability : null,
    closeDate: s.status === 'open' ? s.closeDate : null,
    lostReason: s.status === 'lost' ? s.lostReason : null,
    source: channelOf(deal.source),
    industry: companyId === null || deal.company === null ? null : (p.industry.get(deal.company) ?? null),
    ownerId: p.user(s.owner),
    ownerAtCreation: p.user(first.state.owner),
    ownerAtClose: s.closedAt === null ? null : p.user(closeOwner),
    companyId,
    contactIds: [p.one('contacts', deal.contacts)].filter((x): x is string => x !== null),
    properties: propertyValues(p, deal),
    deletedAt: removedAt(deal),
    visits,
    statusChanges: fieldHistory(steps, (x) => x.status).map((c) => ({
      dealId: id,
      status: c.value,
      at: floorSecond(c.at),
    })),
  };
}

function engagementRow(p: Projection, e: SimEngagement, pos: number): EngagementRow | null {
  const kind = engagementKind(e);
  if (kind === null) return null;
  const note = kind === 'note';
  const at = note ? floorSecond(e.at) : floorMinute(e.at);
  // The meeting's `duration` is served as HH:MM: its end is the start plus whole minutes.
  const minutes = e.type === 'meeting' && e.endAt !== null ? Math.floor((e.endAt - e.at) / 60_000) : null;
  const contacts = e.contacts
    .filter((c) => !p.gone.contacts.has(c))
    .map((c) => String(p.ids.toPipedrive('contacts', c)));
  return {
    id: String(p.ids.atPosition(note ? 'notes' : 'activities', pos)),
    type: e.type,
    direction: e.type === 'call' || e.type === 'email' ? 'outbound' : null,
    outcome:
      e.type === 'call'
        ? hasCallLog(e)
          ? e.outcome
          : null
        : e.type === 'meeting' && activityDone(e)
          ? 'completed'
          : null,
    durationSeconds: hasCallLog(e) ? (e.durationSeconds ?? 0) : null,
    at,
    endAt: minutes === null ? null : at + minutes * 60_000,
    ownerId: p.user(e.owner),
    done: note ? null : activityDone(e),
    activityType: note ? null : activityType(e),
    dealIds: [p.one('deals', e.deals)].filter((x): x is string => x !== null),
    contactIds: note ? contacts.slice(0, 1) : contacts,
    companyIds: [p.one('companies', e.companies)].filter((x): x is string => x !== null),
    deletedAt: e.deletedAt,
  };
}

function leadRow(p: Projection, l: SimModel['leads'][number]): LeadRow {
  const id = p.ids.leadId(l.id) ?? `?${l.id}`;
  const deal = l.convertedAt === null || l.deal === null ? undefined : p.model.deals.find((d) => d.id === l.deal);
  if (deal !== undefined && !isGone(deal)) {
    // Conversion deletes the lead: a first sync knows it only through the deal's `source_lead_id`.
    const steps = foldDealSteps(deal, p.model.account.currency);
    const created = floorSecond(steps[0]?.at ?? deal.timeline[0]?.at ?? 0);
    return {
      id,
      createdAt: created,
      ownerId: p.user(steps[steps.length - 1]?.state.owner ?? null),
      source: channelOf(deal.source),
      contactId: p.one('contacts', deal.contacts),
      companyId: p.one('companies', [deal.company]),
      dealIds: [p.deal(deal.id)],
      convertedAt: created,
      deletedAt: removedAt(l),
    };
  }
  const src = pipedriveSource(l.source);
  return {
    id,
    createdAt: l.createdAt,
    ownerId: p.user(l.owner),
    source: src.channel ?? SOURCE_NAMES[src.origin] ?? src.origin,
    contactId: p.one('contacts', [l.contact]),
    companyId: p.one('companies', [l.company]),
    dealIds: [],
    convertedAt: null,
    // A converted lead whose deal is gone is gone with it.
    deletedAt: removedAt(l) ?? (l.convertedAt !== null ? l.convertedAt : null),
  };
}

/**
 * The KPI engine's input computed from the model as Pipedrive would serve it. Owners carry the scenario team as
 * their team id, as the team map `pulse verify` builds for Pipedrive does (`pipedriveSettings`).
 */
export function pipedriveKpiInput(model: SimModel, ids: PipedriveIds = createPipedriveIds(model)): KpiInput {
  const p = projection(model, ids);
  const owners: OwnerRow[] = model.users.map((u) => ({ id: p.user(u.id) ?? `?${u.id}`, teamId: u.team }));
  const stages: StageRow[] = model.pipelines.flatMap((pl) =>
    pl.stages.map((st, order) => ({
      pipelineId: String(ids.pipelineId(pl.id)),
      stageId: String(ids.stageId(pl.id, st.id)),
      order,
      probability: st.probability,
    })),
  );
  const companies: CompanyRow[] = model.companies.map((c) => ({
    id: String(ids.toPipedrive('companies', c.id)),
    createdAt: floorSecond(c.createdAt),
    industry: c.industry,
    ownerId: p.user(c.owner),
    deletedAt: removedAt(c),
  }));
  const contacts: ContactRow[] = model.contacts.map((c) => ({
    id: String(ids.toPipedrive('contacts', c.id)),
    companyId: p.one('companies', [c.company]),
    createdAt: floorSecond(c.createdAt),
    ownerId: p.user(c.owner),
    leadStageAt: null,
    deletedAt: removedAt(c),
  }));
  return {
    deals: model.deals.map((d) => dealRow(p, d)),
    stages,
    owners,
    companies,
    contacts,
    leads: model.leads.map((l) => leadRow(p, l)),
    engagements: model.engagements.flatMap((e, pos) => engagementRow(p, e, pos) ?? []),
  };
}

/** The labels config resolution needs, in Pipedrive ids: no provider teams (the team map defines them). */
export function pipedriveKpiCatalog(model: SimModel, ids: PipedriveIds = createPipedriveIds(model)): KpiCatalog {
  return {
    pipelines: model.pipelines.map((pl) => ({ id: String(ids.pipelineId(pl.id)), label: pl.name })),
    stages: model.pipelines.flatMap((pl) =>
      pl.stages.map((st) => ({
        pipelineId: String(ids.pipelineId(pl.id)),
        id: String(ids.stageId(pl.id, st.id)),
        label: st.name,
      })),
    ),
    owners: model.users.map((u) => ({ id: String(ids.userId(u.id)), name: u.name, email: u.email })),
    // Pipedrive has no teams of its own: the config's team map defines them (label = id).
    teams: [],
    currency: model.account.currency,
  };
}
