import { getTableColumns, sql } from 'drizzle-orm';
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
  for (let i = 0; i < rows.length; i += CHUNK)
    db.insert(table)
      .values(rows.slice(i, i + CHUNK))
      .run();
}

export const ms = (iso: string): number => Date.parse(iso);
export const msOrNull = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
