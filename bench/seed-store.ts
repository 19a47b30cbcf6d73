/**
 * Seeds a large synthetic store for benchmarks, straight through src/storage: `openStore` creates the schema with
 * the real migrations, then prepared INSERTs fill every table the KPIs read, in batched transactions (the
 * repositories' per-page upserts are built for sync pages, not for tens of millions of rows). A seeded PRNG makes
 * every run produce the same store.
 */
import type Database from 'better-sqlite3';
import { DAY_MS } from '../src/lib/time';
import { type Db, openStore } from '../src/storage/db';

export interface SeedOptions {
  path: string;
  connection: string;
  deals: number;
  engagements: number;
  /** The instant the history ends at (the benchmark's "now"). */
  now: number;
  seed?: number;
}

export interface SeedCounts {
  [table: string]: number;
}

/** mulberry32: small, fast and deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OWNERS = 50;
const TEAMS = 5;
const PIPELINES: Record<string, string[]> = { sales: ['s1', 's2', 's3', 's4'], renewals: ['r1', 'r2', 'r3'] };
const SOURCES = ['ORGANIC_SEARCH', 'PAID_SEARCH', 'REFERRALS', 'DIRECT_TRAFFIC', 'OFFLINE', 'EMAIL_MARKETING'];
const INDUSTRIES = ['Software', 'Retail', 'Health', 'Finance', 'Industry', null];
const CALL_OUTCOMES = ['connected', 'no_answer', 'busy', 'left_voicemail', 'connected', 'no_answer'];
const MEETING_OUTCOMES = ['completed', 'completed', 'completed', 'no_show', 'canceled', null];
const HISTORY_DAYS = 3 * 365;
const BATCH = 20_000;

/** Inserts `count` generated rows per statement in transactions of BATCH iterations. */
function batched(sqlite: Database.Database, count: number, step: (i: number) => void): void {
  for (let start = 0; start < count; start += BATCH) {
    sqlite.transaction(() => {
      for (let i = start; i < Math.min(count, start + BATCH); i++) step(i);
    })();
  }
}

/** Seeds the store and returns the rows written per table. */
export function seedStore(o: SeedOptions): { db: Db; counts: SeedCounts } {
  const db = openStore({ path: o.path });
  const sqlite = db.$client;
  sqlite.pragma('synchronous = OFF');
  const rnd = prng(o.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const c = o.connection;
  const counts: SeedCounts = {};
  const bump = (t: string, n = 1) => {
    counts[t] = (counts[t] ?? 0) + n;
  };
  const start = o.now - HISTORY_DAYS * DAY_MS;
  const companies = Math.max(1, Math.round(o.deals / 5));
  const contacts = companies * 2;

  sqlite.prepare(`INSERT INTO accounts VALUES (?, 'hubspot', '1', 'Europe/Paris', 'EUR', ?)`).run(c, o.now);
  const team = sqlite.prepare('INSERT INTO teams VALUES (?, ?, ?)');
  for (let t = 0; t < TEAMS; t++) team.run(c, `t${t}`, `Team ${t}`);
  const owner = sqlite.prepare('INSERT INTO owners VALUES (?, ?, ?, ?, 0, ?)');
  for (let u = 0; u < OWNERS; u++) owner.run(c, `u${u}`, `Rep ${u}`, `rep${u}@example.com`, `t${u % TEAMS}`);
  const pipeline = sqlite.prepare('INSERT INTO pipelines VALUES (?, ?, ?, ?, 0, NULL)');
  const stage = sqlite.prepare('INSERT INTO stages VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL)');
  Object.entries(PIPELINES).forEach(([p, stages], i) => {
    pipeline.run(c, p, p, i);
    stages.forEach((s, k) => {
      stage.run(c, p, s, s, k, (k + 1) / (stages.length + 1), 'open');
    });
  });

  const company = sqlite.prepare(
    `INSERT INTO companies (connection, external_id, name, industry, owner_id, created_at, properties, modified_at)
     VALUES (?, ?, ?, ?, ?, ?, '{}', ?)`,
  );
  batched(sqlite, companies, (i) => {
    const at = start + rnd() * HISTORY_DAYS * DAY_MS;
    company.run(c, `co${i}`, `Company ${i}`, pick(INDUSTRIES), `u${i % OWNERS}`, Math.round(at), Math.round(at));
    bump('companies');
  });
  const contact = sqlite.prepare(
    `INSERT INTO contacts (connection, external_id, name, company_id, owner_id, created_at, properties, modified_at)
     VALUES (?, ?, ?, ?, ?, ?, '{}', ?)`,
  );
  batched(sqlite, contacts, (i) => {
    const at = Math.round(start + rnd() * HISTORY_DAYS * DAY_MS);
    contact.run(c, `p${i}`, `Person ${i}`, rnd() < 0.9 ? `co${i >> 1}` : null, `u${i % OWNERS}`, at, at);
    bump('contacts');
  });

  const deal = sqlite.prepare(
    `INSERT INTO deals (connection, external_id, name, pipeline_id, stage_id, status, amount, currency, amount_home,
       probability, created_at, won_at, lost_at, close_date, lost_reason, source, owner_id, company_id, contact_id,
       properties, modified_at)
     VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?)`,
  );
  const visit = sqlite.prepare('INSERT INTO stage_visits VALUES (?, ?, ?, ?, ?, ?, ?)');
  const change = sqlite.prepare('INSERT INTO field_changes VALUES (?, ?, ?, ?, ?, ?)');
  const link = sqlite.prepare('INSERT INTO associations VALUES (?, ?, ?, ?, ?)');
  batched(sqlite, o.deals, (i) => {
    const id = `${i + 1}`;
    const p = rnd() < 0.85 ? 'sales' : 'renewals';
    const stages = PIPELINES[p] ?? [];
    const created = Math.round(start + rnd() * HISTORY_DAYS * DAY_MS);
    const reached = 1 + Math.floor(rnd() * stages.length);
    let at = created;
    for (let k = 0; k < reached; k++) {
      const next = Math.min(o.now, at + Math.round(-Math.log(1 - rnd()) * 12 * DAY_MS));
      const last = k === reached - 1;
      visit.run(c, id, k, p, stages[k] ?? 's1', at, last ? null : next);
      at = next;
    }
    const r = rnd();
    const status = at >= o.now ? 'open' : r < 0.3 ? 'won' : r < 0.7 ? 'lost' : 'open';
    const closedAt = status === 'open' ? null : at;
    bump('stage_visits', reached);
    const amount = rnd() < 0.05 ? null : Math.round(500 + rnd() * 49_500);
    const usd = rnd() < 0.1;
    const ownerId = `u${Math.floor(rnd() * OWNERS)}`;
    const contactId = `p${Math.floor(rnd() * contacts)}`;
    const companyId = rnd() < 0.9 ? `co${Math.floor(rnd() * companies)}` : null;
    const closeDate = new Date(closedAt ?? o.now + rnd() * 180 * DAY_MS).toISOString().slice(0, 10);
    deal.run(
      c,
      id,
      p,
      stages[reached - 1] ?? null,
      status,
      amount,
      usd ? 'USD' : 'EUR',
      amount === null ? null : usd ? amount * 0.9 : amount,
      created,
      status === 'won' ? closedAt : null,
      status === 'lost' ? closedAt : null,
      closeDate,
      status === 'lost' ? pick(['price', 'timing', 'spam']) : null,
      pick(SOURCES),
      ownerId,
      companyId,
      contactId,
      closedAt ?? at,
    );
    change.run(c, id, 'status', 0, 'open', created);
    change.run(c, id, 'owner', 0, ownerId, created);
    change.run(c, id, 'amount', 0, amount === null ? null : String(amount), created);
    bump('field_changes', 3);
    if (closedAt !== null) {
      change.run(c, id, 'status', 1, status, closedAt);
      bump('field_changes');
    }
    link.run(c, 'deal', id, 'contact', contactId);
    bump('associations');
    if (companyId !== null) {
      link.run(c, 'deal', id, 'company', companyId);
      bump('associations');
    }
    bump('deals');
  });
  // Visits of closed deals end at the close (one statement, not one per deal).
  sqlite
    .prepare(
      `UPDATE stage_visits SET exited_at = (SELECT coalesce(d.won_at, d.lost_at) FROM deals d
         WHERE d.connection = stage_visits.connection AND d.external_id = stage_visits.deal_id)
       WHERE connection = ? AND exited_at IS NULL`,
    )
    .run(c);

  const engagement = sqlite.prepare(
    `INSERT INTO engagements (connection, external_id, type, direction, outcome, duration_seconds, occurred_at, end_at,
       owner_id, done, activity_type, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)`,
  );
  batched(sqlite, o.engagements, (i) => {
    const id = `${i + 1}`;
    const r = rnd();
    const type = r < 0.4 ? 'call' : r < 0.7 ? 'email' : r < 0.8 ? 'meeting' : r < 0.9 ? 'note' : 'task';
    const at = Math.round(start + rnd() * HISTORY_DAYS * DAY_MS);
    const direction = type === 'call' || type === 'email' ? (rnd() < 0.8 ? 'outbound' : 'inbound') : null;
    const outcome = type === 'call' ? pick(CALL_OUTCOMES) : type === 'meeting' ? pick(MEETING_OUTCOMES) : null;
    const duration = type === 'call' ? Math.floor(rnd() * 600) : null;
    const endAt = type === 'meeting' ? at + 3_600_000 : null;
    engagement.run(c, id, type, direction, outcome, duration, at, endAt, `u${Math.floor(rnd() * OWNERS)}`, at);
    const contactId = Math.floor(rnd() * contacts);
    link.run(c, type, id, 'contact', `p${contactId}`);
    bump('associations');
    if (rnd() < 0.5) {
      link.run(c, type, id, 'company', `co${contactId >> 1}`);
      bump('associations');
    }
    if (rnd() < 0.3) {
      link.run(c, type, id, 'deal', `${1 + Math.floor(rnd() * o.deals)}`);
      bump('associations');
    }
    bump('engagements');
  });
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('ANALYZE');
  return { db, counts };
}
