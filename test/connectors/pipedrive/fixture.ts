/** Reads a spec-shaped Pipedrive payload from `test/fixtures/pipedrive/<METHOD>/<path>.json`. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/pipedrive');

export function fixture(method: 'GET', path: string): { success: boolean; data: unknown; additional_data?: unknown } {
  return JSON.parse(readFileSync(join(root, method, `${path}.json`), 'utf8'));
}

/** `data[]` of a list fixture. */
export function dataOf(path: string): unknown[] {
  return fixture('GET', path).data as unknown[];
}

export function byId(items: unknown[], id: number | string): unknown {
  const found = items.find((r) => typeof r === 'object' && r !== null && 'id' in r && r.id === id);
  if (found === undefined) throw new Error(`fixture has no record ${id}`);
  return found;
}

export const HASH_REFERRER = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const HASH_MONEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f001234567';
