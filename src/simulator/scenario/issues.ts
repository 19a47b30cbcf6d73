/**
 * Turns zod issues into the format's one-line errors, `deals[3].timeline[0].stage: ...`, naming the path exactly
 * and each unknown key on its own line.
 */
import type * as z from 'zod';

/** `['deals', 3, 'timeline', 0, 'stage']` -> `deals[3].timeline[0].stage`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key);
      if (!plain) out += `[${JSON.stringify(key)}]`;
      else out += out === '' ? key : `.${key}`;
    }
  }
  return out === '' ? '(top level)' : out;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** One line per problem; `prefix` is prepended to paths (for items checked one by one). */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) lines.push(`${formatPath([...path, key])}: unknown key`);
        break;
      case 'invalid_type':
        lines.push(
          `${formatPath(path)}: ${input === undefined ? 'required' : `expected ${issue.expected}, got ${typeName(input)}`}`,
        );
        break;
      case 'invalid_value':
        lines.push(
          `${formatPath(path)}: unknown value ${JSON.stringify(input)} (expected ${issue.values.map(String).join(', ')})`,
        );
        break;
      default:
        lines.push(`${formatPath(path)}: ${issue.message}`);
    }
  }
  return lines;
}
