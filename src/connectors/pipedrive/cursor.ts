/**
 * The stored sync cursor of one object type: a JSON string only this folder reads.
 *
 * - `walks.<phase>`: one `WalkState` per list the type reads (deals: `live`, `archived`; leads: `live`,
 *   `archived`, `converted`...). `w` is a watermark in whole seconds (`updated_since` takes nothing finer) and
 *   `recent` the ids delivered inside the look-back overlap, so the overlap is re-read but not re-delivered.
 * - `fp` (deals): a fingerprint of each deal's tracked fields as of its last exact history (changelog read). A
 *   deal whose fingerprint still matches needs no changelog (20 tokens saved).
 * - `pending` (deals): deals stored with a provisional history whose changelog is still to be read: the first
 *   backfill, spread over runs within the budget.
 * - `created` (leads): creation second of each lead seen live, because a converted lead is deleted by Pipedrive
 *   (§6) and only its deal remains.
 */
import { z } from 'zod';
import type { WalkState } from './paging';

const walkSchema = z.object({
  w: z.number().int().nonnegative().nullable(),
  recent: z.record(z.string(), z.number().int()),
});

const cursorSchema = z.object({
  v: z.literal(1),
  walks: z.record(z.string(), walkSchema),
  fp: z.record(z.string(), z.string()).optional(),
  pending: z.array(z.string()).optional(),
  created: z.record(z.string(), z.number().int()).optional(),
});

export type SyncState = z.infer<typeof cursorSchema>;

export const EMPTY_WALK: WalkState = { w: null, recent: {} };

/** A fresh state; `memory` carries per-record memory over from a previous cursor (a reconciliation read). */
export function freshState(memory: SyncState | null): SyncState {
  const state: SyncState = { v: 1, walks: {} };
  if (memory?.fp !== undefined) state.fp = { ...memory.fp };
  if (memory?.pending !== undefined) state.pending = [...memory.pending];
  if (memory?.created !== undefined) state.created = { ...memory.created };
  return state;
}

export function encodeCursor(state: SyncState): string {
  return JSON.stringify(state);
}

/** Parses a stored cursor; null for none. Throws on a cursor this version cannot read. */
export function decodeCursor(stored: string | null | undefined): SyncState | null {
  if (stored === null || stored === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(stored);
  } catch {
    throw new Error(`unreadable Pipedrive cursor ${JSON.stringify(stored.slice(0, 80))}`);
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw new Error(`unreadable Pipedrive cursor ${JSON.stringify(stored.slice(0, 80))}`);
  return parsed.data;
}

/** Deep copy, so a yielded page's cursor never changes after the fact. */
export function cloneState(state: SyncState): SyncState {
  return structuredClone(state);
}
