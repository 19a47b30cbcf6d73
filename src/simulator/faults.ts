/**
 * Fault injection for the simulators: a plan of rules, each matching a method and path pattern, firing a set
 * number of times (after skipping some matching requests). The plan is data; each provider's server decides how a
 * fault looks on its wire (e.g. the HubSpot 429 bodies).
 */

/** The faults a rule can inject. */
export type Fault =
  /** A 429; `policy` picks the body (HubSpot: TEN_SECONDLY_ROLLING, SECONDLY, DAILY), with or without Retry-After. */
  | { kind: 'rate-limit'; policy?: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY'; retryAfterSeconds?: number }
  /** A 5xx with a JSON error body, or an HTML page as a CDN edge sends. */
  | { kind: 'server-error'; status?: number; format?: 'json' | 'html' }
  /** Answers normally after a delay. */
  | { kind: 'slow'; delayMs: number }
  /** Destroys the socket without answering. */
  | { kind: 'drop' }
  /** Answers normally but without a Content-Type header. */
  | { kind: 'no-content-type' }
  /** 200 with an empty body (the official client throws a SyntaxError on it). */
  | { kind: 'empty-body' }
  /**
   * Corrupts one record of the answer: sets `property` to `value` (e.g. amount "abc"), or removes it when
   * `value` is undefined (e.g. createdate missing). `recordId` picks the record; default the first one.
   */
  | { kind: 'malformed-record'; property: string; value?: string | null; recordId?: string };

/** One rule of a fault plan. */
export type FaultRule = Fault & {
  /** Path pattern: exact path, `*` wildcards (`/crm/v3/objects/*`), or a RegExp tested on the path. */
  path: string | RegExp;
  /** HTTP method; any when unset. */
  method?: string;
  /** How many times the rule fires. @defaultValue 1 (use Infinity for always) */
  count?: number;
  /** Matching requests to let through before firing. @defaultValue 0 */
  skip?: number;
};

export type FaultPlan = FaultRule[];

/** Which part of a response a fault takes over; one rule per slot fires on a request. */
export type FaultSlot = 'answer' | 'delay' | 'shape';

export function faultSlot(f: Fault): FaultSlot {
  if (f.kind === 'slow') return 'delay';
  if (f.kind === 'no-content-type' || f.kind === 'malformed-record') return 'shape';
  return 'answer';
}

interface LiveRule {
  rule: FaultRule;
  match: (path: string) => boolean;
  remaining: number;
  skip: number;
}

function matcher(pattern: string | RegExp): (path: string) => boolean {
  if (pattern instanceof RegExp) return (p) => pattern.test(p);
  if (!pattern.includes('*')) return (p) => p === pattern;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return (p) => re.test(p);
}

/** Live state of a fault plan: consumed as requests arrive; tests can add rules while the server runs. */
export class FaultController {
  private rules: LiveRule[] = [];
  private firedCount = 0;

  constructor(plan: FaultPlan = []) {
    for (const r of plan) this.add(r);
  }

  /** Adds a rule after the existing ones. */
  add(rule: FaultRule): void {
    this.rules.push({ rule, match: matcher(rule.path), remaining: rule.count ?? 1, skip: rule.skip ?? 0 });
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** Faults fired so far. */
  fired(): number {
    return this.firedCount;
  }

  /** Fires still pending over all rules (Infinity if a rule never runs out). */
  pending(): number {
    return this.rules.reduce((n, r) => n + r.remaining, 0);
  }

  /** The faults to apply to one request (at most one per slot), consuming them. */
  take(method: string, path: string): Fault[] {
    const taken = new Map<FaultSlot, Fault>();
    for (const live of this.rules) {
      const { rule } = live;
      if (live.remaining <= 0 || !live.match(path)) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      const slot = faultSlot(rule);
      if (taken.has(slot)) continue;
      if (live.skip > 0) {
        live.skip--;
        continue;
      }
      live.remaining--;
      this.firedCount++;
      taken.set(slot, rule);
    }
    return [...taken.values()];
  }
}

/** Applies a `malformed-record` fault to a JSON body holding `results[]` or a single record; true if applied. */
export function corruptRecord(body: unknown, fault: Extract<Fault, { kind: 'malformed-record' }>): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as { results?: unknown; properties?: unknown; id?: unknown };
  const records: unknown[] = Array.isArray(b.results) ? b.results : [b];
  const target = records.find((r): r is { id?: unknown; properties: Record<string, unknown> } => {
    if (typeof r !== 'object' || r === null) return false;
    const rec = r as { id?: unknown; properties?: unknown };
    return (
      typeof rec.properties === 'object' &&
      rec.properties !== null &&
      (fault.recordId === undefined || rec.id === fault.recordId)
    );
  });
  if (!target) return false;
  if (fault.value === undefined) delete target.properties[fault.property];
  else target.properties[fault.property] = fault.value;
  return true;
}
