/** Helpers shared by the mutation functions: lookups, fresh ids, and the write stamp. */
import { performance } from 'node:perf_hooks';
import type { SimModel, SimRecordMeta } from '../model';

/** Collections whose records carry modifiedAt / deletedAt. */
export type MutableCollection = 'companies' | 'contacts' | 'leads' | 'deals' | 'engagements';

export function fail(op: string, message: string): never {
  throw new Error(`${op}: ${message}`);
}

/** Every write: `modifiedAt` at the clock, `writtenAtWallMs` at the wall clock (search-index lag). */
export function stamp(rec: SimRecordMeta, at: number, wallMs = performance.now()): void {
  rec.modifiedAt = at;
  rec.writtenAtWallMs = wallMs;
}

export function find<C extends MutableCollection>(model: SimModel, c: C, id: string, op: string): SimModel[C][number] {
  const list: readonly { id: string }[] = model[c];
  const rec = list.find((r) => r.id === id);
  if (rec === undefined) fail(op, `unknown ${c.slice(0, -1).replace(/ie$/, 'y')} "${id}"`);
  return rec as SimModel[C][number];
}

export function freshId(list: readonly { id: string }[], prefix: string): string {
  const taken = new Set(list.map((r) => r.id));
  let n = list.length + 1;
  while (taken.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

export function checkUnique(list: readonly { id: string }[], id: string, op: string): void {
  if (list.some((r) => r.id === id)) fail(op, `id "${id}" is already taken`);
}
