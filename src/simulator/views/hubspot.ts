import { type CrmSnapshot, canonicalNumber, pushChange, type SnapshotChange } from '../../domain/snapshot';
import { fieldHistory, foldDealSteps, type SimFieldChange } from '../fold';
import { createHubSpotIds, type HubSpotIds } from '../hubspot/ids';
import type { SimModel } from '../model';
import { neutralVisits } from './visits';

/**
 * What the store should hold after syncing the model through HubSpot, in HubSpot ids: the model projected onto
 * what HubSpot carries (no archived-deal endpoint; emails and calls keep their direction; meeting outcomes as
 * given). Deleted and merged records are marked `deleted`: the store may hold them as deleted or not at all.
 */
export function hubspotView(model: SimModel, ids: HubSpotIds = createHubSpotIds(model)): CrmSnapshot {
  const id = (c: Parameters<HubSpotIds['toHubSpot']>[0], scenarioId: string): string =>
    ids.toHubSpot(c, scenarioId) ?? `?${scenarioId}`;
  const owner = (user: string | null): string | null => (user === null ? null : (ids.ownerId(user) ?? `?${user}`));
  const gone = (r: { deletedAt: number | null; mergedInto: string | null }): boolean =>
    r.deletedAt !== null || r.mergedInto !== null;
  // HubSpot returns no association to an archived or merged-away record.
  const goneIds = {
    deals: new Set(model.deals.filter(gone).map((r) => r.id)),
    contacts: new Set(model.contacts.filter(gone).map((r) => r.id)),
    companies: new Set(model.companies.filter(gone).map((r) => r.id)),
    leads: new Set(model.leads.filter(gone).map((r) => r.id)),
    engagements: new Set(model.engagements.filter(gone).map((r) => r.id)),
  };
  const many = (c: Parameters<HubSpotIds['toHubSpot']>[0], list: readonly (string | null)[]): string[] =>
    list
      .filter((x): x is string => x !== null && !goneIds[c].has(x))
      .map((x) => id(c, x))
      .sort();
  return {
    owners: model.users
      .map((u) => ({ id: ids.ownerId(u.id) ?? `?${u.id}`, archived: u.archived }))
      .sort((a, b) => cmp(a.id, b.id)),
    deals: model.deals
      .map((d) => {
        const steps = foldDealSteps(d, model.account.currency);
        const state = steps[steps.length - 1]!.state;
        return {
          id: id('deals', d.id),
          deleted: gone(d),
          pipelineId: ids.pipelineId(state.pipeline) ?? `?${state.pipeline}`,
          stageId: state.status === 'open' ? (ids.stageId(state.pipeline, state.stage) ?? `?${state.stage}`) : null,
          status: state.status,
          amount: state.amount,
          currency: state.currency,
          createdAt: state.createdAt,
          wonAt: state.status === 'won' ? state.closedAt : null,
          lostAt: state.status === 'lost' ? state.closedAt : null,
          lostReason: state.status === 'lost' ? state.lostReason : null,
          ownerId: owner(state.owner),
          companyIds: many('companies', [d.company]),
          contactIds: many('contacts', d.contacts),
          visits: neutralVisits(steps).map((v) => ({
            pipelineId: ids.pipelineId(v.pipeline) ?? `?${v.pipeline}`,
            stageId: ids.stageId(v.pipeline, v.stage) ?? `?${v.stage}`,
            enteredAt: v.enteredAt,
            exitedAt: v.exitedAt,
          })),
          history: {
            amount: changes(
              fieldHistory(steps, (s) => s.amount),
              (v) => canonicalNumber(v === null ? null : String(v)),
            ),
            owner: changes(
              fieldHistory(steps, (s) => s.owner),
              owner,
            ),
            pipeline: changes(
              fieldHistory(steps, (s) => s.pipeline),
              (p) => ids.pipelineId(p) ?? `?${p}`,
            ),
            status: changes(
              fieldHistory(steps, (s) => s.status),
              (s) => s,
            ),
          },
        };
      })
      .sort((a, b) => cmp(a.id, b.id)),
    engagements: model.engagements
      .map((e) => ({
        id: id('engagements', e.id),
        type: e.type,
        deleted: gone(e),
        direction: e.type === 'call' || e.type === 'email' ? e.direction : null,
        outcome: e.type === 'call' || e.type === 'meeting' ? e.outcome : null,
        durationSeconds: e.type === 'call' ? e.durationSeconds : null,
        occurredAt: e.at,
        ownerId: owner(e.owner),
        dealIds: many('deals', e.deals),
        contactIds: many('contacts', e.contacts),
        companyIds: many('companies', e.companies),
      }))
      .sort((a, b) => cmp(a.id, b.id)),
    contacts: model.contacts
      .map((c) => ({
        id: id('contacts', c.id),
        deleted: gone(c),
        companyId: many('companies', [c.company])[0] ?? null,
        ownerId: owner(c.owner),
        createdAt: c.createdAt,
        lifecycle: c.lifecycle.map((l) => ({ stage: l.stage, at: l.at })),
      }))
      .sort((a, b) => cmp(a.id, b.id)),
    companies: model.companies
      .map((c) => ({ id: id('companies', c.id), deleted: gone(c), ownerId: owner(c.owner), createdAt: c.createdAt }))
      .sort((a, b) => cmp(a.id, b.id)),
    leads: model.leads
      .map((l) => ({
        id: id('leads', l.id),
        deleted: gone(l),
        createdAt: l.createdAt,
        contactIds: many('contacts', [l.contact]),
        companyIds: many('companies', [l.company]),
        dealIds: many('deals', [l.deal]),
      }))
      .sort((a, b) => cmp(a.id, b.id)),
  };
}

function changes<T>(history: SimFieldChange<T>[], toValue: (v: T) => string | null): SnapshotChange[] {
  const out: SnapshotChange[] = [];
  for (const h of history) pushChange(out, { value: toValue(h.value), at: h.at });
  return out;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
