/**
 * Turns zod issues of the `kpis` schema into one line per problem, each naming its path and the fix. Unknown keys
 * get one line each with a did-you-mean for near misses, which needs the keys the schema knows at that path.
 */
import { z } from 'zod';

/** A problem at a path relative to the settings object. */
export interface KpiIssue {
  path: PropertyKey[];
  message: string;
}

/** `kpis.targets[1].annual`; the prefix alone for the root. Same notation as `formatPath` in config/load.ts. */
export function formatKpiPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(top level)';
}

/** `kpis.fiscalYear.startMonth: must be a month number 1-12`. */
export function formatKpiIssue(prefix: string, issue: KpiIssue): string {
  return `${formatKpiPath(prefix, issue.path)}: ${issue.message}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known key closest to `key` when it is a plausible typo: case-insensitive edit distance of at most a third
 * of the key's length (at least 1), so `anual` suggests `annual` but `foo` suggests nothing.
 */
export function didYouMean(key: string, known: readonly string[]): string | null {
  const limit = Math.max(1, Math.floor(key.length / 3));
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The keys of the strict object the schema expects at `path` (through optionals, arrays, records and pipes). */
export function knownKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.core.$ZodType | undefined = schema;
  let rest = [...path];
  while (current !== undefined) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap();
    else if (current instanceof z.ZodPipe) current = current.in;
    else if (rest.length === 0) break;
    else if (current instanceof z.ZodObject) {
      const shape: Record<string, z.core.$ZodType> = current.shape;
      current = shape[String(rest[0])];
      rest = rest.slice(1);
    } else if (current instanceof z.ZodArray) {
      current = current.element;
      rest = rest.slice(1);
    } else if (current instanceof z.ZodRecord) {
      current = current.valueType;
      rest = rest.slice(1);
    } else return [];
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const suggestion = didYouMean(key, known);
  if (suggestion !== null) return `unknown key (did you mean ${suggestion}?)`;
  return known.length > 0
    ? `unknown key (remove it; known keys: ${known.join(', ')})`
    : 'unknown key (remove it or check its spelling)';
}

/**
 * One KpiIssue per problem; an `unrecognized_keys` issue becomes one line per key. Identical lines are kept
 * once: zod may report a wrong type and a failed check of the same value with one shared message.
 */
export function toKpiIssues(schema: z.core.$ZodType, issues: readonly z.core.$ZodIssue[]): KpiIssue[] {
  const out: KpiIssue[] = [];
  const seen = new Set<string>();
  const add = (path: PropertyKey[], message: string): void => {
    const key = `${formatKpiPath('', path)}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path, message });
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path);
      for (const key of issue.keys) add([...issue.path, key], unknownKeyMessage(key, known));
    } else add([...issue.path], issue.message);
  }
  return out;
}
