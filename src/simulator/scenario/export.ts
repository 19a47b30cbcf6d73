/**
 * Writes a model in the scenario format. The output is canonical: fixed key order, defaults left out, instants
 * as `...Z` (milliseconds only when not zero), so export -> load -> export gives the same bytes.
 */
import { stringify } from 'yaml';
import type { SimCompany, SimContact, SimDeal, SimDealEvent, SimEngagement, SimLead, SimModel } from '../model';
import { compact, type Emittable, flow } from './emit';
import { formatInstant } from './time';
import type { Expectation } from './types';

/** What to write beside the model. */
export interface ExportOptions {
  /** Comment lines written first (`# ` is added). */
  header?: string;
  /** The `config` section, written in block style. */
  config?: Record<string, unknown> | null;
  /** The `expect` section. */
  expect?: readonly Expectation[];
}

const at = (ms: number | null): string | null => (ms === null ? null : formatInstant(ms));

function eventLine(e: SimDealEvent): Record<string, Emittable> {
  const out: Record<string, Emittable> = { at: formatInstant(e.at) };
  // Every key the event gives is written, null included: in a timeline, null means "cleared".
  if (e.pipeline !== undefined) out.pipeline = e.pipeline;
  if (e.stage !== undefined) out.stage = e.stage;
  if (e.status !== undefined) out.status = e.status;
  if (e.lostReason !== undefined) out.lostReason = e.lostReason;
  if (e.amount !== undefined) out.amount = e.amount;
  if (e.currency !== undefined) out.currency = e.currency;
  if (e.owner !== undefined) out.owner = e.owner;
  if (e.closeDate !== undefined) out.closeDate = e.closeDate;
  if (e.probability !== undefined) out.probability = e.probability;
  return out;
}

function* dealLines(d: SimDeal): Generator<string> {
  yield `  - id: ${flow(d.id)}`;
  yield `    name: ${flow(d.name)}`;
  const rest = compact([
    ['company', d.company],
    ['contacts', d.contacts],
    ['source', d.source],
    ['properties', d.properties],
    ['deletedAt', at(d.deletedAt)],
    ['mergedInto', d.mergedInto],
    ['archived', d.archived],
  ]);
  for (const [k, v] of Object.entries(rest)) yield `    ${k}: ${flow(v)}`;
  yield '    timeline:';
  for (const e of d.timeline) yield `      - ${flow(eventLine(e))}`;
}

const companyLine = (c: SimCompany) =>
  compact([
    ['id', c.id],
    ['name', c.name],
    ['createdAt', formatInstant(c.createdAt)],
    ['industry', c.industry],
    ['owner', c.owner],
    ['properties', c.properties],
    ['deletedAt', at(c.deletedAt)],
    ['mergedInto', c.mergedInto],
  ]);

const contactLine = (c: SimContact) =>
  compact([
    ['id', c.id],
    ['name', c.name],
    ['email', c.email],
    ['company', c.company],
    ['owner', c.owner],
    ['createdAt', formatInstant(c.createdAt)],
    ['lifecycle', c.lifecycle.map((l) => ({ at: formatInstant(l.at), stage: l.stage }))],
    ['properties', c.properties],
    ['deletedAt', at(c.deletedAt)],
    ['mergedInto', c.mergedInto],
  ]);

const leadLine = (l: SimLead) =>
  compact([
    ['id', l.id],
    ['title', l.title],
    ['createdAt', formatInstant(l.createdAt)],
    ['contact', l.contact],
    ['company', l.company],
    ['owner', l.owner],
    ['source', l.source],
    ['convertedAt', at(l.convertedAt)],
    ['deal', l.deal],
    ['deletedAt', at(l.deletedAt)],
    ['mergedInto', l.mergedInto],
  ]);

const engagementLine = (e: SimEngagement) =>
  compact(
    [
      ['id', e.id],
      ['type', e.type],
      ['at', formatInstant(e.at)],
      ['endAt', at(e.endAt)],
      ['owner', e.owner],
      ['direction', e.direction],
      ['outcome', e.outcome],
      ['durationSeconds', e.durationSeconds],
      ['done', e.done],
      ['support', e.support],
      ['deals', e.deals],
      ['contacts', e.contacts],
      ['companies', e.companies],
      ['leads', e.leads],
      ['deletedAt', at(e.deletedAt)],
    ],
    ['done'],
  );

const EXPECT_KEYS = ['kpi', 'measure', 'period', 'window', 'segment', 'value', 'tolerance', 'flags', 'flagsAbsent'];
const SEGMENT_KEYS = ['pipeline', 'stage', 'owner', 'team', 'source', 'direction', 'industry'];

function expectLine(e: Expectation): Record<string, Emittable> {
  const src = e as unknown as Record<string, Emittable | undefined>;
  const out: Record<string, Emittable> = {};
  for (const k of [...EXPECT_KEYS, 'providers']) {
    const v = src[k];
    if (v === undefined) continue;
    if (k === 'segment' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const seg = v as Record<string, Emittable | undefined>;
      out[k] = Object.fromEntries(
        SEGMENT_KEYS.flatMap((s) => (seg[s] === undefined ? [] : [[s, seg[s] as Emittable]])),
      );
    } else if (k === 'period' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const p = v as Record<string, Emittable>;
      out[k] = { from: p.from ?? null, to: p.to ?? null };
    } else out[k] = v;
  }
  return out;
}

function* list<T>(name: string, items: readonly T[], line: (item: T) => Emittable): Generator<string> {
  if (items.length === 0) {
    yield `${name}: []`;
    return;
  }
  yield `${name}:`;
  for (const item of items) yield `  - ${flow(line(item))}`;
}

/**
 * The scenario text, line by line (no trailing newlines), so a large generated model can be streamed to a file
 * without building one huge string.
 */
export function* exportScenarioLines(model: SimModel, opts: ExportOptions = {}): Generator<string> {
  if (opts.header !== undefined) for (const l of opts.header.split('\n')) yield l === '' ? '#' : `# ${l}`;
  yield 'version: 1';
  yield `now: ${formatInstant(model.now)}`;
  yield 'account:';
  yield `  timeZone: ${flow(model.account.timeZone)}`;
  yield `  currency: ${flow(model.account.currency)}`;
  yield `  exchangeRates: ${flow(model.account.exchangeRates)}`;
  yield* list('users', model.users, (u) =>
    compact([
      ['id', u.id],
      ['name', u.name],
      ['email', u.email],
      ['team', u.team],
      ['archived', u.archived],
    ]),
  );
  yield 'pipelines:';
  for (const p of model.pipelines) {
    yield `  - id: ${flow(p.id)}`;
    yield `    name: ${flow(p.name)}`;
    yield '    stages:';
    for (const s of p.stages) yield `      - ${flow({ id: s.id, name: s.name, probability: s.probability })}`;
  }
  yield* list('companies', model.companies, companyLine);
  yield* list('contacts', model.contacts, contactLine);
  yield* list('leads', model.leads, leadLine);
  if (model.deals.length === 0) yield 'deals: []';
  else {
    yield 'deals:';
    for (const d of model.deals) yield* dealLines(d);
  }
  yield* list('engagements', model.engagements, engagementLine);
  if (opts.config !== undefined && opts.config !== null) {
    yield 'config:';
    const text = stringify(opts.config, { version: '1.2', schema: 'core', lineWidth: 0 }).trimEnd();
    for (const l of text.split('\n')) yield `  ${l}`;
  }
  if (opts.expect !== undefined && opts.expect.length > 0) yield* list('expect', opts.expect, expectLine);
}

/** The whole scenario text, ending with a newline. */
export function exportScenario(model: SimModel, opts: ExportOptions = {}): string {
  return `${[...exportScenarioLines(model, opts)].join('\n')}\n`;
}
