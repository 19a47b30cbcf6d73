/**
 * Leads, first-class (pipedrive-api.md §6): the v1 list (20 tokens per 500), archived leads (40), and the leads
 * converted into deals. Conversion deletes the lead, so those come from the deals' `source_lead_id`
 * (`GET /api/v2/deals?include_fields=source_lead_id`, 10 tokens per 500 deals, and the archived deals' list).
 */
import type { CrmLead } from '../../domain/records';
import type { PipedriveContext } from './context';
import { secondsOf } from './mappers/common';
import { convertedLeadOf, toCrmLead } from './mappers/lead';
import { ENDPOINTS } from './objects';
import type { MappedBatch, ObjectHandler } from './stream';

/** The leads handler; the cursor remembers each live lead's creation second for its converted form. */
export function leadsHandler(ctx: PipedriveContext): ObjectHandler<CrmLead> {
  return {
    phases: [
      // https://developers.pipedrive.com/docs/api/v1/Leads#getLeads — `GET /v1/leads`
      { name: 'live', endpoint: ENDPOINTS.leads },
      // https://developers.pipedrive.com/docs/api/v1/Leads#getArchivedLeads — `GET /v1/leads/archived`
      { name: 'archived', endpoint: ENDPOINTS.archivedLeads },
      // https://developers.pipedrive.com/docs/api/v1/Deals#getDeals — `GET /api/v2/deals` (source_lead_id)
      { name: 'converted', endpoint: ENDPOINTS.deals },
      // Archived deals keep their `source_lead_id` but are listed only here (§4, since 2025-07-15).
      { name: 'converted-archived', endpoint: ENDPOINTS.archivedDeals },
    ],
    async map(raws, phase, state, signal): Promise<MappedBatch<CrmLead>> {
      const channels = raws.length > 0 ? await ctx.dealChannels(signal) : new Map<string, string>();
      const created = state.created ?? {};
      state.created = created;
      if (!phase.startsWith('converted')) {
        return {
          results: raws.map((raw) => {
            const result = toCrmLead(raw, { channels });
            if (result.ok) {
              const sec = secondsOf(result.record.createdAt);
              if (sec !== null) created[result.record.externalId] = sec;
            }
            return { result, raw };
          }),
        };
      }
      const results: MappedBatch<CrmLead>['results'] = [];
      for (const raw of raws) {
        const leadId =
          typeof raw === 'object' && raw !== null && 'source_lead_id' in raw && typeof raw.source_lead_id === 'string'
            ? raw.source_lead_id
            : null;
        const result = convertedLeadOf(raw, {
          channels,
          createdSec: leadId === null ? null : (created[leadId] ?? null),
        });
        if (result !== null) results.push({ result, raw });
      }
      return { results };
    },
    forget(state, seen) {
      for (const id of Object.keys(state.created ?? {})) if (!seen.has(id)) delete state.created?.[id];
    },
  };
}
