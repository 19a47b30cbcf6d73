/**
 * The association graph of the model with HubSpot's type ids (hubspot-api.md §9, §17). Built per object-type pair
 * on first use and dropped with the store's caches when the model changes.
 */
import type { SimModel } from '../model.js';
import { type EngagementKind, engagementType, isEngagement, type ObjectKind } from './schema.js';

/** One association type on a link; `label` is "Primary" for primary types, null for unlabeled ones. */
export interface AssocType {
  category: 'HUBSPOT_DEFINED';
  typeId: number;
  label: string | null;
}
/** A link from a record to the record at `pos` of the target kind's collection. */
export interface AssocLink {
  pos: number;
  types: AssocType[];
}

const t = (typeId: number, label: string | null = null): AssocType => ({ category: 'HUBSPOT_DEFINED', typeId, label });
const ENG_IDS: Record<EngagementKind, { to: [number, number, number]; from: [number, number, number] }> = {
  // [contact, company, deal] in each direction
  calls: { to: [194, 182, 206], from: [193, 181, 205] },
  emails: { to: [198, 186, 210], from: [197, 185, 209] },
  meetings: { to: [200, 188, 212], from: [199, 187, 211] },
  notes: { to: [202, 190, 214], from: [201, 189, 213] },
  tasks: { to: [204, 192, 216], from: [203, 191, 215] },
};
/** lead -> engagement and engagement -> lead; email -> lead is not in the docs table, 599 follows the pattern. */
const LEAD_ENG: Record<EngagementKind, [number, number]> = {
  calls: [596, 597],
  emails: [598, 599],
  meetings: [600, 601],
  notes: [854, 855],
  tasks: [646, 647],
};
const PAIRS: Record<string, AssocType[]> = {
  'deals>contacts': [t(3)],
  'contacts>deals': [t(4)],
  'deals>companies': [t(5, 'Primary'), t(341)],
  'companies>deals': [t(6, 'Primary'), t(342)],
  'contacts>companies': [t(1, 'Primary'), t(279)],
  'companies>contacts': [t(2, 'Primary'), t(280)],
  'leads>contacts': [t(578, 'Primary'), t(608)],
  'contacts>leads': [t(609)],
  'leads>companies': [t(580, 'Primary'), t(610)],
  'companies>leads': [t(611)],
  'leads>deals': [t(582, 'Primary'), t(1037)],
  'deals>leads': [t(583, 'Primary'), t(1038)],
};

/** Association types from one kind to another, or undefined when HubSpot defines no such pair here. */
export function associationTypes(from: ObjectKind, to: ObjectKind): AssocType[] | undefined {
  const direct = PAIRS[`${from}>${to}`];
  if (direct) return direct;
  const idx = (k: ObjectKind): number => (k === 'contacts' ? 0 : k === 'companies' ? 1 : k === 'deals' ? 2 : -1);
  if (isEngagement(from)) {
    if (to === 'leads') return [t(LEAD_ENG[from][1])];
    const i = idx(to);
    return i < 0 ? undefined : [t(ENG_IDS[from].to[i]!)];
  }
  if (isEngagement(to)) {
    if (from === 'leads') return [t(LEAD_ENG[to][0])];
    const i = idx(from);
    return i < 0 ? undefined : [t(ENG_IDS[to].from[i]!)];
  }
  return undefined;
}

type Edge = [number, number];

function positions<T extends { id: string }>(list: readonly T[]): Map<string, number> {
  return new Map(list.map((r, i) => [r.id, i]));
}

/** Edges (owner side first) of the pair whose link lives on the `owner` record. */
function ownedEdges(model: SimModel, owner: ObjectKind, other: ObjectKind): Edge[] | undefined {
  const edges: Edge[] = [];
  const push = (from: number, id: string | null, index: Map<string, number>) => {
    const to = id === null ? undefined : index.get(id);
    if (to !== undefined) edges.push([from, to]);
  };
  const idx = {
    contacts: () => positions(model.contacts),
    companies: () => positions(model.companies),
    deals: () => positions(model.deals),
    leads: () => positions(model.leads),
  };
  if (isEngagement(owner)) {
    if (other !== 'contacts' && other !== 'companies' && other !== 'deals' && other !== 'leads') return undefined;
    const index = idx[other]();
    const type = engagementType(owner);
    model.engagements.forEach((e, i) => {
      if (e.type === type) for (const id of e[other]) push(i, id, index);
    });
    return edges;
  }
  const key = `${owner}>${other}`;
  if (key === 'deals>contacts') {
    const index = idx.contacts();
    model.deals.forEach((d, i) => {
      for (const c of d.contacts) push(i, c, index);
    });
  } else if (key === 'deals>companies') {
    const index = idx.companies();
    model.deals.forEach((d, i) => {
      push(i, d.company, index);
    });
  } else if (key === 'contacts>companies') {
    const index = idx.companies();
    model.contacts.forEach((c, i) => {
      push(i, c.company, index);
    });
  } else if (owner === 'leads' && (other === 'contacts' || other === 'companies' || other === 'deals')) {
    const index = idx[other]();
    const field = other === 'contacts' ? 'contact' : other === 'companies' ? 'company' : 'deal';
    model.leads.forEach((l, i) => {
      push(i, l[field], index);
    });
  } else return undefined;
  return edges;
}

/** Target positions per source position for one direction; empty when the pair has no links. */
export function buildAdjacency(model: SimModel, from: ObjectKind, to: ObjectKind): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const add = (a: number, b: number) => {
    const list = out.get(a);
    if (list) {
      if (!list.includes(b)) list.push(b);
    } else out.set(a, [b]);
  };
  const forward = ownedEdges(model, from, to);
  if (forward) for (const [a, b] of forward) add(a, b);
  else for (const [b, a] of ownedEdges(model, to, from) ?? []) add(a, b);
  for (const list of out.values()) list.sort((x, y) => x - y);
  return out;
}
