/**
 * Two processes on one database file: a write transaction takes the write lock when it begins,
 * so it never fails half-way with "database is locked" because the other process wrote after
 * this one had read (SQLite cannot wait in that case; it can wait for a lock not yet taken).
 */
import t from 'tap';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/database.js';
import { schemaVersions } from '../../src/store/schema.js';
import { LAYOUT } from '../helpers.js';

t.test('a dataset transaction holds the write lock from its start', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-lock-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'shared.sqlite');
  const dataset = LAYOUT.open('default', path);
  t.teardown(() => dataset.close());
  // The other process: a second connection that does not wait.
  const other = new Database(path);
  t.teardown(() => other.close());
  other.pragma('busy_timeout = 0');

  dataset.transaction(() => {
    dataset.meta.get('anything'); // a read first, as most write use cases do
    t.throws(() => other.prepare("INSERT INTO emulator_meta (key, value) VALUES ('other', 'x')").run(), { code: 'SQLITE_BUSY' }, 'the other writer waits for us');
    dataset.meta.set('ours', 'y'); // and our write, after the read, cannot fail
  });
  t.equal(dataset.meta.get('ours'), 'y');
  other.prepare("INSERT INTO emulator_meta (key, value) VALUES ('other', 'x')").run();
  t.equal(dataset.meta.get('other'), 'x', 'once we committed, the other writes');
});

t.test('two connections opening a new file both end up migrated', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-migrate-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'new.sqlite');
  const first = openDatabase(path, LAYOUT.schema);
  const second = openDatabase(path, LAYOUT.schema);
  t.same(schemaVersions(first), schemaVersions(second));
  t.equal(Object.keys(schemaVersions(first)).length, LAYOUT.schema.length, 'every part migrated');
  first.close();
  second.close();
});
