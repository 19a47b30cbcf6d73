/**
 * A tiny YAML emitter for the scenario's flow-style lines. Hand-written rather than the `yaml` package's
 * stringifier because export must be byte-stable and fast enough for a million deals, line by line; the output is
 * plain YAML 1.2 that any parser reads back.
 */

/** Scalar strings the 1.2 core schema would read as something else (null, booleans, numbers). */
const NOT_A_STRING =
  /^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** Plain-safe text: words of safe characters separated by single spaces, no `: ` and no trailing colon. */
const PLAIN = /^[A-Za-z0-9_/][A-Za-z0-9_./@+:-]*( [A-Za-z0-9_./@+:()'-]+)*$/;

/** A value the emitter can write. */
export type Emittable = string | number | boolean | null | readonly Emittable[] | { readonly [k: string]: Emittable };

/** A string as a plain scalar when that reads back as the same string, else double-quoted (JSON is valid YAML). */
export function scalar(s: string): string {
  if (PLAIN.test(s) && !s.endsWith(':') && !s.includes(': ') && !NOT_A_STRING.test(s)) return s;
  return JSON.stringify(s);
}

/** Any value in flow style: `{ a: 1, b: [x, y] }`. Keys keep insertion order, so callers fix the order. */
export function flow(v: Emittable): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return scalar(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot export the number ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  const entries = Object.entries(v as { readonly [k: string]: Emittable });
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, x]) => `${scalar(k)}: ${flow(x)}`).join(', ')} }`;
}

/**
 * Builds an object for `flow` from `[key, value]` pairs, leaving out the pairs whose value is the field's default
 * (undefined, null, false or an empty list/object), which the loader fills back in.
 */
export function compact(
  pairs: readonly (readonly [string, Emittable | undefined])[],
  /** Keys whose `false` is information (an open task's `done: false`) and is written. */
  keepFalse: readonly string[] = [],
): Record<string, Emittable> {
  const out: Record<string, Emittable> = {};
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || (v === false && !keepFalse.includes(k))) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out;
}
