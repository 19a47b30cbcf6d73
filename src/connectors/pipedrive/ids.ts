/**
 * Live id lists per object type, for `count` and `enumerateIds` (the completeness check and reconciliation):
 * Pipedrive has no cheap count, so both come from one id walk per type, memoised per connector instance.
 */
import type { ObjectType } from '../../domain/records';
import type { PipedriveContext } from './context';
import { rawActivityType } from './mappers/engagement';
import { ENDPOINTS, type ListEndpoint, listAll } from './objects';
import { identify } from './stream';

const ACTIVITY_TYPES = { calls: 'call', emails: 'email', meetings: 'meeting', tasks: 'task' } as const;
/** A memo older than this is read again (a connector instance reused across runs). */
const MAX_AGE_MS = 10 * 60_000;

type Memo = { at: number; ids: Promise<Map<string, string[]>> };

/** The id lists, memoised by source list (the four activity types share one walk of the activity list). */
export class IdLists {
  private readonly memo = new Map<string, Memo>();

  constructor(
    private readonly ctx: PipedriveContext,
    private readonly clock: () => number,
  ) {}

  /** Forgets the list a stream of `type` may change. The activity walk is forgotten when `calls` (first) starts. */
  invalidate(type: ObjectType): void {
    if (type in ACTIVITY_TYPES && type !== 'calls') return;
    this.memo.delete(sourceOf(type));
  }

  async of(type: ObjectType, signal?: AbortSignal): Promise<string[]> {
    const source = sourceOf(type);
    let memo = this.memo.get(source);
    if (memo === undefined || this.clock() - memo.at > MAX_AGE_MS) {
      memo = { at: this.clock(), ids: this.load(source, signal) };
      memo.ids.catch(() => this.memo.delete(source));
      this.memo.set(source, memo);
    }
    return (await memo.ids).get(type) ?? [];
  }

  private async load(source: string, signal?: AbortSignal): Promise<Map<string, string[]>> {
    const ctx = this.ctx;
    switch (source) {
      case 'deals':
        // Archived deals are live records of the store: they belong to the live set.
        return new Map([
          [
            'deals',
            [...(await ids(ctx, ENDPOINTS.deals, signal)), ...(await ids(ctx, ENDPOINTS.archivedDeals, signal))],
          ],
        ]);
      case 'contacts':
        return new Map([['contacts', await ids(ctx, ENDPOINTS.persons, signal)]]);
      case 'companies':
        return new Map([['companies', await ids(ctx, ENDPOINTS.organizations, signal)]]);
      case 'notes':
        return new Map([['notes', await ids(ctx, ENDPOINTS.notes, signal)]]);
      case 'leads': {
        const leads = [
          ...(await ids(ctx, ENDPOINTS.leads, signal)),
          ...(await ids(ctx, ENDPOINTS.archivedLeads, signal)),
        ];
        // Converted leads are deleted by Pipedrive but kept by us through their deal (see leads.ts).
        // Archived deals too: their leads were converted like any other.
        for (const endpoint of [ENDPOINTS.deals, ENDPOINTS.archivedDeals]) {
          for await (const page of listAll(ctx.http, endpoint, {}, signal)) {
            for (const raw of page) {
              const lead =
                typeof raw === 'object' && raw !== null && 'source_lead_id' in raw ? raw.source_lead_id : null;
              if (typeof lead === 'string' && lead !== '') leads.push(lead);
            }
          }
        }
        return new Map([['leads', [...new Set(leads)]]]);
      }
      default: {
        const byType = new Map<string, string[]>(Object.keys(ACTIVITY_TYPES).map((t) => [t, []]));
        const objectOf = Object.fromEntries(Object.entries(ACTIVITY_TYPES).map(([k, v]) => [v, k]));
        for await (const page of listAll(ctx.http, ENDPOINTS.activities, {}, signal)) {
          for (const raw of page) {
            const id = identify(raw).id;
            const type = rawActivityType(raw);
            if (id !== null && type !== null) byType.get(objectOf[type] ?? '')?.push(id);
          }
        }
        return byType;
      }
    }
  }
}

function sourceOf(type: ObjectType): string {
  return type in ACTIVITY_TYPES ? 'activities' : type;
}

async function ids(ctx: PipedriveContext, endpoint: ListEndpoint, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  for await (const page of listAll(ctx.http, endpoint, {}, signal)) {
    for (const raw of page) {
      const id = identify(raw).id;
      if (id !== null) out.push(id);
    }
  }
  return out;
}
