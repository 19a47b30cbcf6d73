/** Reads a recorded/spec-shaped HubSpot payload from `test/fixtures/hubspot/<METHOD>/<path>.json`. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/hubspot');

export function fixture(method: 'GET' | 'POST', path: string): unknown {
  return JSON.parse(readFileSync(join(root, method, `${path}.json`), 'utf8'));
}

/** `results[]` of a fixture, keyed by `id` (or `from.id` for associations). */
export function resultsOf(method: 'GET' | 'POST', path: string): unknown[] {
  const body = fixture(method, path) as { results: unknown[] };
  return body.results;
}

export function byId(results: unknown[], id: string): unknown {
  const found = results.find((r) => typeof r === 'object' && r !== null && 'id' in r && r.id === id);
  if (found === undefined) throw new Error(`fixture has no record ${id}`);
  return found;
}
