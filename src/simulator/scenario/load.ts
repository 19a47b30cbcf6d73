/**
 * Reads a scenario file: YAML -> shape check (zod) -> cross-record checks -> model. All problems are collected
 * and thrown as one ScenarioError whose issues name their paths (`deals[3].timeline[0].stage: ...`).
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { ScenarioError } from '../../lib/errors';
import { buildExpectations, buildModel } from './build';
import type { Collection, Indexed } from './check-context';
import { type CheckInput, checkScenario } from './checks';
import { formatZodIssues } from './issues';
import { accountSchema, instant, itemSchemas, type RawScenario, scenarioSchema } from './schema';
import { parseInstant } from './time';
import type { Scenario } from './types';

const COLLECTIONS: Collection[] = ['users', 'pipelines', 'companies', 'contacts', 'leads', 'deals', 'engagements'];

/**
 * Parses YAML with the YAML 1.2 core schema whatever the file's `%YAML` directive says: the 1.1 schema would turn
 * `2026-01-05T09:00:00Z` into a Date (dropping the written offset) and `2026-03-31` into a midnight instant, and
 * would read `no`/`yes` as booleans.
 */
function parseYaml(text: string, source: string): unknown {
  const doc = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      `${source}: not valid YAML`,
      doc.errors.map((e) => e.message.split('\n')[0] ?? e.message),
    );
  }
  return doc.toJS({ maxAliasCount: 1000 });
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/**
 * When the whole file fails the shape check, keep checking what can be checked: the items that are valid on their
 * own, against the ids every item declares. Needs a valid `now` and `account`; otherwise only shape errors remain.
 */
function partialCheckInput(data: unknown): CheckInput | null {
  if (typeof data !== 'object' || data === null) return null;
  const top = data as Record<string, unknown>;
  const now = instant.safeParse(top.now);
  const account = accountSchema.safeParse(top.account);
  if (!now.success || !account.success) return null;
  const declaredIds = {} as CheckInput['declaredIds'];
  for (const c of COLLECTIONS) {
    declaredIds[c] = asArray(top[c]).map((item) => {
      const id = (item as { id?: unknown } | null)?.id;
      return typeof id === 'string' ? id : undefined;
    });
  }
  const valid = <K extends keyof typeof itemSchemas>(key: K) => {
    const out: Indexed<unknown>[] = [];
    asArray(top[key]).forEach((item, i) => {
      const r = itemSchemas[key].safeParse(item);
      if (r.success) out.push({ i, v: r.data });
    });
    return out as never;
  };
  return {
    now: parseInstant(now.data) ?? 0,
    account: account.data,
    declaredIds,
    users: valid('users'),
    pipelines: valid('pipelines'),
    companies: valid('companies'),
    contacts: valid('contacts'),
    leads: valid('leads'),
    deals: valid('deals'),
    engagements: valid('engagements'),
    expect: valid('expect'),
  };
}

function fullCheckInput(raw: RawScenario): CheckInput {
  const indexed = <T>(items: T[] | undefined): Indexed<T>[] => (items ?? []).map((v, i) => ({ i, v }));
  const declaredIds = {} as CheckInput['declaredIds'];
  for (const c of COLLECTIONS) declaredIds[c] = (raw[c] ?? []).map((item) => item.id);
  return {
    now: parseInstant(raw.now) ?? 0,
    account: raw.account,
    declaredIds,
    users: indexed(raw.users),
    pipelines: indexed(raw.pipelines),
    companies: indexed(raw.companies),
    contacts: indexed(raw.contacts),
    leads: indexed(raw.leads),
    deals: indexed(raw.deals),
    engagements: indexed(raw.engagements),
    expect: indexed(raw.expect),
  };
}

/**
 * Validates scenario YAML text and builds its model.
 *
 * @param source named in the error message (a file path); defaults to `scenario`
 * @throws ScenarioError listing every problem found, one `path: message` line each
 */
export function loadScenario(text: string, source = 'scenario'): Scenario {
  const data = parseYaml(text, source);
  const parsed = scenarioSchema.safeParse(data, { reportInput: true });
  const issues = parsed.success ? checkScenario(fullCheckInput(parsed.data)) : formatZodIssues(parsed.error.issues);
  if (!parsed.success) {
    const partial = partialCheckInput(data);
    if (partial !== null) issues.push(...checkScenario(partial));
  }
  if (issues.length > 0 || !parsed.success) {
    const n = issues.length;
    throw new ScenarioError(`${source}: ${n} problem${n === 1 ? '' : 's'} in the scenario`, issues);
  }
  return {
    model: buildModel(parsed.data),
    config: parsed.data.config ?? null,
    expect: buildExpectations(parsed.data.expect),
  };
}

/** Reads and loads a scenario file; errors name the file. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  return loadScenario(await readFile(path, 'utf8'), path);
}
