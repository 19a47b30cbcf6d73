/**
 * The stored sync cursor of one object type. Opaque to the rest of the project: a JSON string that only this
 * folder reads.
 *
 * `w` (watermark, epoch ms): every record with a modified time below `w` has been delivered by committed pages.
 * The next run searches `modified >= w - lookBack`, so records at exactly `w` (ties that may straddle a page
 * boundary) and records that reached the search index late are read again; re-delivery is harmless because the
 * store upserts.
 *
 * `full` is present while a full listing (no search, no 10k cap) is under way: `after` is the list offset of the
 * next page, and `w` is the run start of that listing, which becomes the watermark once it completes.
 */
import { z } from 'zod';

const cursorSchema = z.object({
  v: z.literal(1),
  w: z.number().int().nonnegative(),
  full: z.object({ after: z.string() }).optional(),
});

export type SyncCursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: SyncCursor): string {
  return JSON.stringify(cursor);
}

/** Parses a stored cursor; `null` (full sync) for none. Throws on a cursor this version cannot read. */
export function decodeCursor(stored: string | null): SyncCursor | null {
  if (stored === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(stored);
  } catch {
    throw new Error(`unreadable HubSpot cursor ${JSON.stringify(stored.slice(0, 80))}`);
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw new Error(`unreadable HubSpot cursor ${JSON.stringify(stored.slice(0, 80))}`);
  return parsed.data;
}
