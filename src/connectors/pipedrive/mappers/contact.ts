/** v2 person -> `CrmContact` (pipedrive-api.md §4). Pipedrive has no lifecycle stages: the list stays empty. */
import type { CrmContact } from '../../../domain/records';
import { personSchema } from '../types';
import { customProperties, type MapResult, mapWith, ref, toInstant } from './common';

/** Maps one v2 person, or says why it goes to quarantine. */
export function toCrmContact(raw: unknown): MapResult<CrmContact> {
  return mapWith(personSchema, raw, (p) => {
    const emails = p.emails ?? [];
    const email = (emails.find((e) => e.primary === true) ?? emails[0])?.value ?? null;
    return {
      externalId: String(p.id),
      name: p.name,
      email: email === '' ? null : email,
      companyIds: p.org_id == null ? [] : [String(p.org_id)],
      ownerId: ref(p.owner_id),
      createdAt: toInstant(p.add_time, 'add_time'),
      lifecycle: [],
      source: null,
      properties: customProperties(p.custom_fields),
      modifiedAt: toInstant(p.update_time, 'update_time'),
      mergedIds: [],
    };
  });
}
