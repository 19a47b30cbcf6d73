/**
 * The semantic pass of scenario validation: everything zod cannot see within one item. It runs on the items that
 * passed the shape check and returns one line per problem, in file order per collection.
 */
import { CheckContext, type Collection, type Indexed, NOUN } from './check-context';
import { checkDeals } from './check-deals';
import { checkEngagements } from './check-engagements';
import type { RawExpectation, RawScenario } from './schema';

type Item<K extends keyof RawScenario> = NonNullable<RawScenario[K]> extends (infer T)[] ? T : never;

/** The parts of a scenario the checks read; each collection holds only the items whose shape is valid. */
export interface CheckInput {
  now: number;
  account: RawScenario['account'];
  /** Every id string per collection, valid item or not, in file order (duplicates kept). */
  declaredIds: Record<Collection, (string | undefined)[]>;
  users: Indexed<Item<'users'>>[];
  pipelines: Indexed<Item<'pipelines'>>[];
  companies: Indexed<Item<'companies'>>[];
  contacts: Indexed<Item<'contacts'>>[];
  leads: Indexed<Item<'leads'>>[];
  deals: Indexed<Item<'deals'>>[];
  engagements: Indexed<Item<'engagements'>>[];
  expect: Indexed<RawExpectation>[];
}

function duplicates(collection: Collection, declared: (string | undefined)[], issues: string[]): Set<string> {
  const first = new Map<string, number>();
  declared.forEach((id, i) => {
    if (id === undefined) return;
    const at = first.get(id);
    if (at === undefined) first.set(id, i);
    else
      issues.push(`${collection}[${i}].id: duplicate ${NOUN[collection]} id "${id}" (first at ${collection}[${at}])`);
  });
  return new Set(first.keys());
}

/** Runs every cross-record rule and returns the problems found (empty when the scenario is consistent). */
export function checkScenario(input: CheckInput): string[] {
  const dupIssues: string[] = [];
  const ids = {} as Record<Collection, Set<string>>;
  for (const c of Object.keys(input.declaredIds) as Collection[])
    ids[c] = duplicates(c, input.declaredIds[c], dupIssues);
  const stages = new Map<string, Set<string>>();
  for (const { i, v: p } of input.pipelines) {
    const seen = new Set<string>();
    p.stages.forEach((s, j) => {
      if (seen.has(s.id)) dupIssues.push(`pipelines[${i}].stages[${j}].id: duplicate stage id "${s.id}"`);
      seen.add(s.id);
    });
    if (!stages.has(p.id)) stages.set(p.id, seen);
  }
  const currencies = new Set([input.account.currency, ...Object.keys(input.account.exchangeRates ?? {})]);
  const ctx = new CheckContext(input.now, ids, stages, currencies);
  ctx.issues.push(...dupIssues);

  for (const { i, v: c } of input.companies) {
    ctx.ref(`companies[${i}].owner`, 'users', c.owner);
    const created = ctx.notAfterNow(`companies[${i}].createdAt`, c.createdAt);
    ctx.removal(`companies[${i}]`, 'companies', c, created);
  }
  for (const { i, v: c } of input.contacts) {
    const path = `contacts[${i}]`;
    ctx.ref(`${path}.company`, 'companies', c.company);
    ctx.ref(`${path}.owner`, 'users', c.owner);
    const created = ctx.notAfterNow(`${path}.createdAt`, c.createdAt);
    let prev = created;
    c.lifecycle?.forEach((change, j) => {
      const at = ctx.notAfterNow(`${path}.lifecycle[${j}].at`, change.at);
      if (at < prev) {
        const what = j === 0 ? 'before createdAt' : `out of time order (before lifecycle[${j - 1}])`;
        ctx.add(`${path}.lifecycle[${j}].at`, `${change.at} is ${what}`);
      }
      prev = Math.max(prev, at);
    });
    ctx.removal(path, 'contacts', c, created);
  }
  for (const { i, v: l } of input.leads) {
    const path = `leads[${i}]`;
    ctx.ref(`${path}.contact`, 'contacts', l.contact);
    ctx.ref(`${path}.company`, 'companies', l.company);
    ctx.ref(`${path}.owner`, 'users', l.owner);
    ctx.ref(`${path}.deal`, 'deals', l.deal);
    const created = ctx.notAfterNow(`${path}.createdAt`, l.createdAt);
    const converted = l.convertedAt ?? null;
    if (converted !== null && ctx.notAfterNow(`${path}.convertedAt`, converted) < created) {
      ctx.add(`${path}.convertedAt`, `${converted} is before createdAt`);
    }
    if ((l.deal ?? null) !== null && converted === null) ctx.add(`${path}.convertedAt`, 'required when deal is set');
    if ((l.deal ?? null) === null && converted !== null) ctx.add(`${path}.deal`, 'required when convertedAt is set');
    ctx.removal(path, 'leads', l, created);
  }
  checkDeals(ctx, input.deals);
  checkEngagements(ctx, input.engagements);
  checkExpectations(ctx, input);
  return ctx.issues;
}

function checkExpectations(ctx: CheckContext, input: CheckInput): void {
  const teams = new Set(input.users.map((u) => u.v.team).filter((t): t is string => typeof t === 'string'));
  const industries = new Set(
    input.companies.map((c) => c.v.industry).filter((t): t is string => typeof t === 'string'),
  );
  for (const { i, v: e } of input.expect) {
    const seg = e.segment;
    const path = `expect[${i}]`;
    if (typeof e.period === 'object' && e.period.from >= e.period.to) {
      ctx.add(`${path}.period.to`, `${e.period.to} is not after from (${e.period.from})`);
    }
    if (seg === undefined) continue;
    ctx.ref(`${path}.segment.pipeline`, 'pipelines', seg.pipeline);
    ctx.ref(`${path}.segment.owner`, 'users', seg.owner);
    if (seg.team !== undefined && !teams.has(seg.team)) ctx.add(`${path}.segment.team`, `unknown team "${seg.team}"`);
    if (seg.industry !== undefined && !industries.has(seg.industry)) {
      ctx.add(`${path}.segment.industry`, `no company has industry "${seg.industry}"`);
    }
    if (seg.stage !== undefined) {
      const inPipeline = seg.pipeline === undefined ? undefined : ctx.stages.get(seg.pipeline);
      const known = inPipeline
        ? inPipeline.has(seg.stage)
        : [...ctx.stages.values()].some((s) => s.has(seg.stage ?? ''));
      if (!known) {
        const where = seg.pipeline === undefined ? '' : ` in pipeline "${seg.pipeline}"`;
        ctx.add(`${path}.segment.stage`, `unknown stage "${seg.stage}"${where}`);
      }
    }
  }
}
