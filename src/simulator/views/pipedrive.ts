import { type CrmSnapshot, canonicalNumber, pushChange, type SnapshotChange } from '../../domain/snapshot';
import { fieldHistory, foldDealSteps, type SimFieldChange } from '../fold';
import type { SimEngagement, SimModel } from '../model';
import { floorMinute, floorSecond } from '../pipedrive/format';
import { createPipedriveIds, type PdCollection, type PipedriveIds } from '../pipedrive/ids';
import {
  activityDone,
  engagementKind,
  firstLive,
  goneSets,
  hasCallLog,
  isGone,
  ownerOrAdmin,
  storedAmount,
} from '../pipedrive/projection';
import { neutralVisits } from './visits';

/**
 * What the store should hold after syncing the model through Pipedrive, in Pipedrive ids (as strings): the model
 * projected onto what Pipedrive carries (docs/scenarios.md "Pipedrive projection"): won/lost as status, no
 * lifecycle stages, one person and one organization per deal, one deal per activity, calls and logged emails
 * outbound, meeting outcome only `completed` (done) or none, unowned records owned by the admin, instants in whole
 * seconds (activity times in minutes), a 0 or missing amount as none. Deleted and merged records are marked
 * `deleted`: the store may hold them as deleted or not at all.
 *
 * Converted leads: conversion deletes a Pipedrive lead and leaves only the deal's `source_lead_id`, so a first
 * sync knows the lead through its deal: created and converted when the deal was, with the deal's person and
 * organization. (A sync that saw the lead before its conversion keeps its real creation time.)
 */
export function pipedriveView(model: SimModel, ids: PipedriveIds = createPipedriveIds(model)): CrmSnapshot {
  const gone = goneSets(model);
  const dealsById = new Map(model.deals.map((d) => [d.id, d]));
  const pd = (c: PdCollection, scenarioId: string): string =>
    String(ids.toPipedrive(c, scenarioId) ?? `?${scenarioId}`);
  const user = (u: string | null): string | null => {
    const o = ownerOrAdmin(model, u);
    return o === null ? null : String(ids.userId(o) ?? `?${o}`);
  };
  const one = (c: 'deals' | 'contacts' | 'companies', list: readonly (string | null)[]): string[] => {
    const id = firstLive(list, gone[c]);
    return id === null ? [] : [pd(c, id)];
  };
  const pipeline = (p: string): string => String(ids.pipelineId(p) ?? `?${p}`);
  const stage = (p: string, s: string): string => String(ids.stageId(p, s) ?? `?${s}`);
  const sec = (ms: number | null): number | null => (ms === null ? null : floorSecond(ms));
  return {
    owners: model.users.map((u) => ({ id: String(ids.userId(u.id)), archived: u.archived })).sort(byId),
    deals: model.deals
      .map((d) => {
        const steps = foldDealSteps(d, model.account.currency);
        const state = steps[steps.length - 1]!.state;
        return {
          id: pd('deals', d.id),
          deleted: isGone(d),
          pipelineId: pipeline(state.pipeline),
          stageId: state.status === 'open' ? stage(state.pipeline, state.stage) : null,
          status: state.status,
          amount: storedAmount(state.amount),
          currency: state.currency,
          createdAt: floorSecond(state.createdAt),
          wonAt: state.status === 'won' ? sec(state.closedAt) : null,
          lostAt: state.status === 'lost' ? sec(state.closedAt) : null,
          lostReason: state.status === 'lost' ? state.lostReason : null,
          ownerId: user(state.owner),
          companyIds: one('companies', [d.company]),
          contactIds: one('contacts', d.contacts),
          visits: neutralVisits(steps)
            .map((v) => ({
              pipelineId: pipeline(v.pipeline),
              stageId: stage(v.pipeline, v.stage),
              enteredAt: floorSecond(v.enteredAt),
              exitedAt: sec(v.exitedAt),
            }))
            .filter((v) => v.exitedAt === null || v.exitedAt > v.enteredAt),
          history: {
            amount: changes(
              fieldHistory(steps, (s) => storedAmount(s.amount)),
              (v) => canonicalNumber(v === null ? null : String(v)),
            ),
            owner: changes(
              fieldHistory(steps, (s) => s.owner),
              user,
            ),
            pipeline: changes(
              fieldHistory(steps, (s) => s.pipeline),
              pipeline,
            ),
            status: changes(
              fieldHistory(steps, (s) => s.status),
              (s) => s,
            ),
          },
        };
      })
      .sort(byId),
    engagements: model.engagements
      .flatMap((e, pos) => {
        const kind = engagementKind(e);
        if (kind === null) return [];
        const isNote = kind === 'note';
        const liveContacts = e.contacts.filter((c) => !gone.contacts.has(c));
        return [
          {
            id: String(ids.atPosition(isNote ? 'notes' : 'activities', pos)),
            type: e.type,
            deleted: e.deletedAt !== null,
            direction: e.type === 'call' || e.type === 'email' ? 'outbound' : null,
            outcome: outcomeOf(e),
            durationSeconds: hasCallLog(e) ? (e.durationSeconds ?? 0) : null,
            occurredAt: isNote ? floorSecond(e.at) : floorMinute(e.at),
            ownerId: user(e.owner),
            dealIds: one('deals', e.deals),
            contactIds: isNote ? one('contacts', liveContacts) : liveContacts.map((c) => pd('contacts', c)).sort(),
            companyIds: one('companies', e.companies),
          },
        ];
      })
      .sort(byId),
    contacts: model.contacts
      .map((c) => ({
        id: pd('contacts', c.id),
        deleted: isGone(c),
        companyId: one('companies', [c.company])[0] ?? null,
        ownerId: user(c.owner),
        createdAt: floorSecond(c.createdAt),
        lifecycle: [],
      }))
      .sort(byId),
    companies: model.companies
      .map((c) => ({
        id: pd('companies', c.id),
        deleted: isGone(c),
        ownerId: user(c.owner),
        createdAt: floorSecond(c.createdAt),
      }))
      .sort(byId),
    leads: model.leads
      .map((l) => {
        const id = ids.leadId(l.id) ?? `?${l.id}`;
        const deal = l.convertedAt === null || l.deal === null ? undefined : dealsById.get(l.deal);
        if (deal !== undefined && !isGone(deal)) {
          // Known only through the deal's `source_lead_id` (see above).
          return {
            id,
            deleted: isGone(l),
            createdAt: floorSecond(deal.timeline[0]!.at),
            contactIds: one('contacts', deal.contacts),
            companyIds: one('companies', [deal.company]),
            dealIds: one('deals', [deal.id]),
          };
        }
        return {
          id,
          deleted: isGone(l) || l.convertedAt !== null,
          createdAt: l.createdAt,
          contactIds: one('contacts', [l.contact]),
          companyIds: one('companies', [l.company]),
          dealIds: one('deals', [l.deal]),
        };
      })
      .sort(byId),
  };
}

/** Call outcome from the call log (neutral names); meeting outcome only as done = completed. */
function outcomeOf(e: SimEngagement): string | null {
  if (e.type === 'call') return hasCallLog(e) ? e.outcome : null;
  if (e.type === 'meeting') return activityDone(e) ? 'completed' : null;
  return null;
}

function changes<T>(history: SimFieldChange<T>[], toValue: (v: T) => string | null): SnapshotChange[] {
  const out: SnapshotChange[] = [];
  for (const h of history) pushChange(out, { value: toValue(h.value), at: floorSecond(h.at) });
  return out;
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
