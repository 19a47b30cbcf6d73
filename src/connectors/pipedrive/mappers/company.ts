/**
 * v2 organization -> `CrmCompany` (pipedrive-api.md §4). No customer-since here: Pipedrive has none, and the KPI
 * engine derives it from the company's deals' first win.
 */
import type { CrmCompany } from '../../../domain/records';
import { organizationSchema } from '../types';
import { customProperties, type MapResult, mapWith, type OptionLabels, optionLabel, ref, toInstant } from './common';

export interface CompanyContext {
  /** Option labels of the organization field `industry` (an enum: the payload carries the option id). */
  industries: OptionLabels;
}

/** Maps one v2 organization, or says why it goes to quarantine. */
export function toCrmCompany(raw: unknown, ctx: CompanyContext): MapResult<CrmCompany> {
  return mapWith(organizationSchema, raw, (o) => ({
    externalId: String(o.id),
    name: o.name,
    industry: optionLabel(ctx.industries, o.industry),
    ownerId: ref(o.owner_id),
    createdAt: toInstant(o.add_time, 'add_time'),
    customerSince: null,
    lifecycle: [],
    source: null,
    properties: customProperties(o.custom_fields),
    modifiedAt: toInstant(o.update_time, 'update_time'),
    mergedIds: [],
  }));
}
