/**
 * HubSpot wire payloads, as zod schemas plus the types they infer. Nothing here leaves `connectors/hubspot/`:
 * the rest of the project only sees the domain records of `src/domain/records.ts`.
 *
 * The official client turns `createdAt`/`updatedAt`/history `timestamp` into `Date`s; `client.ts` serialises every
 * response back to plain JSON, so these schemas describe the wire format of hubspot-api.md (ISO strings, property
 * values as strings or null, `toObjectId` as a number) and recorded fixtures parse the same way as live answers.
 */
import { z } from 'zod';

/** One entry of `propertiesWithHistory.<name>` (hubspot-api.md §4). */
export const historyEntrySchema = z.looseObject({
  value: z.string().nullable(),
  timestamp: z.string(),
  sourceType: z.string().optional(),
  sourceId: z.string().nullable().optional(),
  updatedByUserId: z.number().nullable().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** A CRM object as list, search and batch read return it. */
export const hubSpotObjectSchema = z.looseObject({
  id: z.string().min(1),
  properties: z.record(z.string(), z.string().nullable()),
  propertiesWithHistory: z.record(z.string(), z.array(historyEntrySchema)).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean().optional(),
  archivedAt: z.string().nullable().optional(),
});
export type HubSpotObject = z.infer<typeof hubSpotObjectSchema>;

const pagingSchema = z
  .looseObject({ next: z.looseObject({ after: z.coerce.string() }).optional() })
  .optional()
  .nullable();

/**
 * Envelopes keep `results` as unknown: each record is validated on its own by its mapper, so one malformed record
 * is quarantined instead of failing the page.
 */
export const listResponseSchema = z.looseObject({ results: z.array(z.unknown()), paging: pagingSchema });
export type ListResponse = z.infer<typeof listResponseSchema>;

export const searchResponseSchema = z.looseObject({
  total: z.number(),
  results: z.array(z.unknown()),
  paging: pagingSchema,
});
export type SearchResponse = z.infer<typeof searchResponseSchema>;

export const batchResponseSchema = z.looseObject({
  status: z.string().optional(),
  results: z.array(z.unknown()),
  numErrors: z.number().optional(),
  errors: z.array(z.unknown()).optional(),
});
export type BatchResponse = z.infer<typeof batchResponseSchema>;

/** The search body (hubspot-api.md §5); `sorts` are objects although the client types them as strings. */
export interface SearchFilter {
  propertyName: string;
  operator: 'EQ' | 'GT' | 'GTE' | 'LT' | 'LTE' | 'HAS_PROPERTY';
  value?: string;
}
export interface SearchBody {
  filterGroups: { filters: SearchFilter[] }[];
  sorts: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }[];
  properties: string[];
  limit: number;
  after?: string;
}

/** v4 association batch read (hubspot-api.md §9). */
export const associationBatchResponseSchema = z.looseObject({
  results: z.array(
    z.looseObject({
      // The generated model renames `from` to `_from` (a reserved word); recorded wire payloads say `from`.
      from: z.looseObject({ id: z.coerce.string() }).optional(),
      _from: z.looseObject({ id: z.coerce.string() }).optional(),
      to: z.array(
        z.looseObject({
          toObjectId: z.union([z.number(), z.string()]).transform(String),
          associationTypes: z
            .array(z.looseObject({ typeId: z.number().optional(), label: z.string().nullable().optional() }))
            .optional(),
        }),
      ),
      paging: pagingSchema,
    }),
  ),
});
export type AssociationBatchResponse = z.infer<typeof associationBatchResponseSchema>;

/** Deal pipelines (hubspot-api.md §7); stage metadata values are strings. */
export const pipelineSchema = z.looseObject({
  id: z.string(),
  label: z.string(),
  displayOrder: z.number(),
  archived: z.boolean(),
  stages: z.array(
    z.looseObject({
      id: z.string(),
      label: z.string(),
      displayOrder: z.number(),
      archived: z.boolean(),
      metadata: z.record(z.string(), z.string().nullable()).optional(),
    }),
  ),
});
export type HubSpotPipeline = z.infer<typeof pipelineSchema>;
export const pipelinesResponseSchema = z.looseObject({ results: z.array(z.unknown()) });

/** Owners (hubspot-api.md §8). */
export const ownerSchema = z.looseObject({
  id: z.string(),
  email: z.string().nullable().optional(),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  archived: z.boolean().optional(),
  teams: z
    .array(z.looseObject({ id: z.coerce.string(), name: z.string(), primary: z.boolean().optional() }))
    .nullable()
    .optional(),
});
export type HubSpotOwner = z.infer<typeof ownerSchema>;
export const ownersResponseSchema = z.looseObject({ results: z.array(z.unknown()), paging: pagingSchema });

/** Property definitions, used to discover custom properties (hubspot-api.md §11, §13). */
export const propertiesResponseSchema = z.looseObject({
  results: z.array(
    z.looseObject({
      name: z.string(),
      hubspotDefined: z.boolean().optional(),
      archived: z.boolean().optional(),
    }),
  ),
});

/** Account details (hubspot-api.md §12); only the fields we use are required. */
export const accountDetailsSchema = z.looseObject({
  portalId: z.number(),
  timeZone: z.string().min(1),
  companyCurrency: z.string().min(1),
});

/** The error body fields the retry layer reads (hubspot-api.md §2, §3). */
export const errorBodySchema = z.looseObject({
  message: z.string().optional(),
  category: z.string().optional(),
  policyName: z.string().optional(),
  errors: z.array(z.looseObject({ context: z.record(z.string(), z.unknown()).optional() })).optional(),
});
