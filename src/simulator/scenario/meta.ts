/**
 * Derived bookkeeping of a model read from a file or generated: a scenario does not store `modifiedAt`, so it is
 * the instant of the record's last known change. Loader and generator share this rule, which is what makes a
 * generated model equal to the same model exported and loaded back.
 */
import type { SimModel, SimRecordMeta } from '../model';

/** The later of a record's change instant and its deletion (no rest arguments: this runs for every record). */
function latest(changedAt: number, deletedAt: number | null): number {
  return deletedAt !== null && deletedAt > changedAt ? deletedAt : changedAt;
}

/** A merge modifies the surviving record too: its modifiedAt reaches the losers' merge (deletion) instants. */
function applyMerges(records: readonly (SimRecordMeta & { id: string })[]): void {
  if (!records.some((r) => r.mergedInto !== null)) return;
  const byId = new Map<string, SimRecordMeta>();
  for (const r of records) if (!byId.has(r.id)) byId.set(r.id, r);
  for (const r of records) {
    if (r.mergedInto === null || r.deletedAt === null) continue;
    const winner = byId.get(r.mergedInto);
    if (winner !== undefined && winner.modifiedAt < r.deletedAt) winner.modifiedAt = r.deletedAt;
  }
}

/**
 * Sets `modifiedAt` of every record from its history: deal = last timeline event, contact = last lifecycle change
 * or creation, lead = conversion or creation, company = creation, engagement = `at`; a deletion counts as a
 * change, and a merge winner is modified at the merge. `writtenAtWallMs` becomes 0 (written long ago).
 */
export function deriveRecordMeta(model: SimModel): void {
  for (const c of model.companies) c.modifiedAt = latest(c.createdAt, c.deletedAt);
  for (const c of model.contacts) {
    const changed = c.lifecycle[c.lifecycle.length - 1]?.at ?? c.createdAt;
    c.modifiedAt = latest(Math.max(changed, c.createdAt), c.deletedAt);
  }
  for (const l of model.leads) l.modifiedAt = latest(Math.max(l.createdAt, l.convertedAt ?? l.createdAt), l.deletedAt);
  for (const d of model.deals) d.modifiedAt = latest(d.timeline[d.timeline.length - 1]?.at ?? 0, d.deletedAt);
  for (const e of model.engagements) e.modifiedAt = latest(e.at, e.deletedAt);
  applyMerges(model.companies);
  applyMerges(model.contacts);
  applyMerges(model.leads);
  applyMerges(model.deals);
  for (const list of [model.companies, model.contacts, model.leads, model.deals, model.engagements]) {
    for (let i = 0; i < list.length; i++) (list[i] as SimRecordMeta).writtenAtWallMs = 0;
  }
}
