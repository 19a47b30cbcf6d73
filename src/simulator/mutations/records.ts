/** Mutations that create engagements, contacts, companies and leads at the simulator clock. */
import type { SimCompany, SimContact, SimEngagement, SimLead, SimModel, SimRecordMeta } from '../model';
import { checkUnique, fail, find, freshId, stamp } from './shared';

/** An engagement; `at` defaults to now, the rest to the format's defaults. */
export type NewEngagement = Partial<Omit<SimEngagement, keyof SimRecordMeta | 'type'>> & Pick<SimEngagement, 'type'>;

/** Logs an engagement (ids default to `e<n>`); `at` may not be after now. */
export function addEngagement(model: SimModel, input: NewEngagement): SimEngagement {
  const id = input.id ?? freshId(model.engagements, 'e');
  checkUnique(model.engagements, id, 'addEngagement');
  const at = input.at ?? model.now;
  if (at > model.now) fail('addEngagement', `${at} is after now (${model.now})`);
  for (const d of input.deals ?? []) find(model, 'deals', d, 'addEngagement');
  for (const c of input.contacts ?? []) find(model, 'contacts', c, 'addEngagement');
  for (const c of input.companies ?? []) find(model, 'companies', c, 'addEngagement');
  const e: SimEngagement = {
    id,
    type: input.type,
    at,
    endAt: input.endAt ?? null,
    owner: input.owner ?? null,
    direction: input.direction ?? null,
    outcome: input.outcome ?? null,
    durationSeconds: input.durationSeconds ?? null,
    done: input.done ?? null,
    support: input.support ?? false,
    deals: [...(input.deals ?? [])],
    contacts: [...(input.contacts ?? [])],
    companies: [...(input.companies ?? [])],
    leads: [...(input.leads ?? [])],
    modifiedAt: model.now,
    writtenAtWallMs: 0,
    deletedAt: null,
    mergedInto: null,
  };
  stamp(e, model.now);
  model.engagements.push(e);
  return e;
}

/** A contact created now; `lifecycleStage` gives its first lifecycle entry. */
export function addContact(
  model: SimModel,
  input: Partial<Pick<SimContact, 'id' | 'email' | 'company' | 'owner' | 'properties'>> & {
    name: string;
    lifecycleStage?: string;
  },
): SimContact {
  const id = input.id ?? freshId(model.contacts, 'p');
  checkUnique(model.contacts, id, 'addContact');
  if (input.company) find(model, 'companies', input.company, 'addContact');
  const c: SimContact = {
    id,
    name: input.name,
    email: input.email ?? null,
    company: input.company ?? null,
    owner: input.owner ?? null,
    createdAt: model.now,
    lifecycle: input.lifecycleStage === undefined ? [] : [{ at: model.now, stage: input.lifecycleStage }],
    properties: { ...input.properties },
    modifiedAt: model.now,
    writtenAtWallMs: 0,
    deletedAt: null,
    mergedInto: null,
  };
  stamp(c, model.now);
  model.contacts.push(c);
  return c;
}

/** Moves a contact to a lifecycle stage now (e.g. customer after a win). */
export function setLifecycleStage(model: SimModel, contactId: string, stage: string): SimContact {
  const c = find(model, 'contacts', contactId, 'setLifecycleStage');
  c.lifecycle = [...c.lifecycle, { at: model.now, stage }];
  stamp(c, model.now);
  return c;
}

/** A company created now (ids default to `c<n>`). */
export function addCompany(
  model: SimModel,
  input: Partial<Pick<SimCompany, 'id' | 'industry' | 'owner' | 'properties'>> & { name: string },
): SimCompany {
  const id = input.id ?? freshId(model.companies, 'c');
  checkUnique(model.companies, id, 'addCompany');
  const c: SimCompany = {
    id,
    name: input.name,
    createdAt: model.now,
    industry: input.industry ?? null,
    owner: input.owner ?? null,
    properties: { ...input.properties },
    modifiedAt: model.now,
    writtenAtWallMs: 0,
    deletedAt: null,
    mergedInto: null,
  };
  stamp(c, model.now);
  model.companies.push(c);
  return c;
}

/** A lead created now (ids default to `l<n>`). */
export function addLead(
  model: SimModel,
  input: Partial<Pick<SimLead, 'id' | 'contact' | 'company' | 'owner' | 'source'>> & { title: string },
): SimLead {
  const id = input.id ?? freshId(model.leads, 'l');
  checkUnique(model.leads, id, 'addLead');
  const l: SimLead = {
    id,
    title: input.title,
    createdAt: model.now,
    contact: input.contact ?? null,
    company: input.company ?? null,
    owner: input.owner ?? null,
    source: input.source ?? null,
    convertedAt: null,
    deal: null,
    modifiedAt: model.now,
    writtenAtWallMs: 0,
    deletedAt: null,
    mergedInto: null,
  };
  stamp(l, model.now);
  model.leads.push(l);
  return l;
}
