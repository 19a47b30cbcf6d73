import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeStore, openStore } from '../../src/storage/db';

describe('store', () => {
  it('creates a SQLite file in WAL mode with every table migrated', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pulse-db-')), 'p.db');
    const db = openStore({ path });
    const mode = db.$client.pragma('journal_mode', { simple: true });
    const tables = db.$client
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like '\\_\\_%' escape '\\' order by name",
      )
      .pluck()
      .all();
    closeStore(db);
    expect(mode).toBe('wal');
    expect(tables).toEqual(
      expect.arrayContaining(['deals', 'stage_visits', 'field_changes', 'engagements', 'sync_cursors', 'quarantine']),
    );
    // Opening again applies no migration twice.
    closeStore(openStore({ path }));
  });
});
