import type Database from 'better-sqlite3';
import { and, eq, getTableColumns, getTableName, inArray, is, SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';

/** Rows per INSERT statement: well under SQLite's variable limit for our widest table. */
const CHUNK = 100;

/**
 * INSERT ... ON CONFLICT (key) DO UPDATE SET every other column = excluded.column, in chunks. Writing the same
 * values twice leaves the row as it was, which is what makes a re-sync of an unchanged CRM a no-op.
 */
export function upsertRows<T extends SQLiteTable>(
  db: Db,
  table: T,
  key: SQLiteColumn[],
  rows: T['$inferInsert'][],
): void {
  if (rows.length === 0) return;
  const client = clientOf(db);
  if (client) {
    runRaw(client, table, key, rows);
    return;
  }
  const keyNames = new Set(key.map((c) => c.name));
  const set: Record<string, ReturnType<typeof sql>> = {};
  for (const [prop, column] of Object.entries(getTableColumns(table))) {
    if (!keyNames.has(column.name)) set[prop] = sql.raw(`excluded."${column.name}"`);
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    db.insert(table)
      .values(rows.slice(i, i + CHUNK))
      .onConflictDoUpdate({ target: key, set })
      .run();
  }
}

/** Inserts rows in chunks (for child rows replaced wholesale by their owner). */
export function insertRows<T extends SQLiteTable>(db: Db, table: T, rows: T['$inferInsert'][]): void {
  if (rows.length === 0) return;
  const client = clientOf(db);
  if (client) {
    runRaw(client, table, null, rows);
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK)
    db.insert(table)
      .values(rows.slice(i, i + CHUNK))
      .run();
}

/**
 * The better-sqlite3 connection behind a store. Only the top-level store carries it; a drizzle transaction
 * handle does not, and its callers keep the (slower) query-builder path.
 */
export function clientOf(db: Db): Database.Database | undefined {
  return (db as Partial<Pick<Db, '$client'>>).$client;
}

/**
 * Prepared statements per connection, by SQL text. Building each statement through the query builder cost more
 * than running it (a full sync writes hundreds of thousands of rows), so pages reuse compiled statements.
 */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A statement prepared once per connection. */
export function prepared(client: Database.Database, text: string): Database.Statement {
  let cache = statements.get(client);
  if (cache === undefined) {
    cache = new Map();
    statements.set(client, cache);
  }
  let statement = cache.get(text);
  if (statement === undefined) {
    statement = client.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}

interface Plan {
  name: string;
  columns: [string, SQLiteColumn][];
  statements: WeakMap<Database.Database, Map<string, Database.Statement>>;
}
const plans = new WeakMap<SQLiteTable, Plan>();

function planOf(table: SQLiteTable): Plan {
  let plan = plans.get(table);
  if (plan === undefined) {
    plan = { name: getTableName(table), columns: Object.entries(getTableColumns(table)), statements: new WeakMap() };
    plans.set(table, plan);
  }
  return plan;
}

/** Multi-row INSERT (upsert when `key` is given) through cached statements; values as drizzle would bind them. */
function runRaw(client: Database.Database, table: SQLiteTable, key: SQLiteColumn[] | null, rows: object[]): void {
  const plan = planOf(table);
  const keySignature = key === null ? '' : key.map((c) => c.name).join(',');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const params: unknown[] = [];
    for (const row of chunk) {
      const values = row as Record<string, unknown>;
      for (const [prop, column] of plan.columns) params.push(driverValue(column, values[prop]));
    }
    // Keyed by table, conflict key and row count: the SQL text is only built the first time.
    const id = `${keySignature}|${chunk.length}`;
    let statement = plan.statements.get(client)?.get(id);
    if (statement === undefined) {
      statement = client.prepare(insertText(plan, key, chunk.length));
      const byClient = plan.statements.get(client) ?? new Map<string, Database.Statement>();
      byClient.set(id, statement);
      plan.statements.set(client, byClient);
    }
    statement.run(params);
  }
}

function insertText(plan: Plan, key: SQLiteColumn[] | null, count: number): string {
  const names = plan.columns.map(([, c]) => `"${c.name}"`).join(', ');
  const tuple = `(${plan.columns.map(() => '?').join(', ')})`;
  let conflict = '';
  if (key !== null) {
    const keyNames = new Set(key.map((c) => c.name));
    const set = plan.columns
      .filter(([, c]) => !keyNames.has(c.name))
      .map(([, c]) => `"${c.name}" = excluded."${c.name}"`);
    conflict = ` ON CONFLICT (${key.map((c) => `"${c.name}"`).join(', ')}) DO UPDATE SET ${set.join(', ')}`;
  }
  return `INSERT INTO "${plan.name}" (${names}) VALUES ${Array.from({ length: count }, () => tuple).join(', ')}${conflict}`;
}

/** A value as drizzle binds it: mapped by the column (JSON, booleans), defaults for missing ones, else NULL. */
function driverValue(column: SQLiteColumn, value: unknown): unknown {
  if (value === undefined) {
    if (column.defaultFn !== undefined) return driverValue(column, column.defaultFn());
    if (column.default !== undefined && column.default !== null && !is(column.default, SQL)) {
      return column.mapToDriverValue(column.default);
    }
    return null;
  }
  return value === null ? null : column.mapToDriverValue(value);
}

export const ms = (iso: string): number => Date.parse(iso);
export const msOrNull = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/**
 * DELETE rows matching `fixed` column values whose `column` is one of `ids`: one cached statement with the ids as
 * a JSON array, instead of a statement built per page.
 */
export function deleteIn(
  db: Db,
  table: SQLiteTable,
  fixed: [SQLiteColumn, string][],
  column: SQLiteColumn,
  ids: readonly string[],
): void {
  if (ids.length === 0) return;
  const client = clientOf(db);
  if (client) {
    const where = fixed.map(([c]) => `"${c.name}" = ?`).join(' AND ');
    const text = `DELETE FROM "${planOf(table).name}" WHERE ${where} AND "${column.name}" IN (SELECT value FROM json_each(?))`;
    prepared(client, text).run([...fixed.map(([, v]) => v), JSON.stringify(ids)]);
    return;
  }
  for (let i = 0; i < ids.length; i += 500) {
    db.delete(table)
      .where(and(...fixed.map(([c, v]) => eq(c, v)), inArray(column, ids.slice(i, i + 500))))
      .run();
  }
}
