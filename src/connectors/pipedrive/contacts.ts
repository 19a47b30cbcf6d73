/**
 * Persons: the v2 list, ascending by update time from the watermark.
 * https://developers.pipedrive.com/docs/api/v1/Persons#getPersons — `GET /api/v2/persons` (10 tokens)
 */
import type { CrmContact } from '../../domain/records';
import { toCrmContact } from './mappers/contact';
import { ENDPOINTS } from './objects';
import type { ObjectHandler } from './stream';

/** The contacts (persons) handler. */
export function contactsHandler(): ObjectHandler<CrmContact> {
  return {
    phases: [{ name: 'live', endpoint: ENDPOINTS.persons }],
    map: async (raws) => ({ results: raws.map((raw) => ({ result: toCrmContact(raw), raw })) }),
  };
}
