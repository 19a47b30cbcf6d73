import type { CrmSnapshot } from '../domain/snapshot';

export interface SnapshotDiff {
  /** `deals[40000000003].visits[1].exitedAt: expected 1767603600000, got null` */
  differences: string[];
  /** Total differences found (the list stops at the limit). */
  count: number;
}

/**
 * Diffs the store's snapshot against the model's, record by record (matched on id): missing records, extra
 * records (duplicates included), and every differing field with its path.
 */
export function compareSnapshots(expected: CrmSnapshot, actual: CrmSnapshot, limit = 20): SnapshotDiff {
  const differences: string[] = [];
  let count = 0;
  const report = (line: string): void => {
    count += 1;
    if (differences.length < limit) differences.push(line);
  };
  for (const collection of Object.keys(expected) as (keyof CrmSnapshot)[]) {
    const want = new Map<string, unknown>(expected[collection].map((r) => [r.id, r]));
    const stored = new Map<string, unknown>();
    for (const record of actual[collection]) {
      if (stored.has(record.id)) report(`${collection}[${record.id}]: stored twice`);
      stored.set(record.id, record);
      if (!want.has(record.id) && (record as { deleted?: boolean }).deleted !== true)
        report(`${collection}[${record.id}]: in the store, not in the CRM`);
    }
    for (const [id, record] of want) {
      const got = stored.get(id);
      // A record deleted in the CRM may be absent (never synced while it lived) or stored as deleted.
      const deleted = (record as { deleted?: boolean }).deleted === true;
      if (deleted) {
        if (got !== undefined && (got as { deleted?: boolean }).deleted !== true) {
          report(`${collection}[${id}]: deleted in the CRM, live in the store`);
        }
      } else if (got === undefined) report(`${collection}[${id}]: missing from the store`);
      else diffValue(`${collection}[${id}]`, record, got, report);
    }
  }
  return { differences, count };
}

function diffValue(path: string, want: unknown, got: unknown, report: (line: string) => void): void {
  if (Array.isArray(want) && Array.isArray(got)) {
    if (want.length !== got.length) {
      report(
        `${path}: expected ${want.length} items ${JSON.stringify(want)}, got ${got.length} ${JSON.stringify(got)}`,
      );
      return;
    }
    for (const [i, w] of want.entries()) diffValue(`${path}[${i}]`, w, got[i], report);
    return;
  }
  if (isObject(want) && isObject(got)) {
    for (const key of Object.keys(want)) diffValue(`${path}.${key}`, want[key], got[key], report);
    return;
  }
  if (want !== got) report(`${path}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
