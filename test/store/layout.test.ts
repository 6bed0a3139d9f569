/**
 * Datasets laid out in parts: each API's tables versioned on their own, files of the older
 * single-list layout read right, and derived data (ESET's list-item JSON) rebuilt when a dataset
 * written by another mapper version is opened or restored.
 */
import t, { type Test } from 'tap';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADVERSARIAL_MIGRATIONS } from '../../src/apis/adversarial/migrations.js';
import { ESET_MIGRATIONS } from '../../src/apis/eset/migrations.js';
import { incidentListItemJson, LIST_ITEM_VERSION } from '../../src/apis/eset/mapper.js';
import { esetStore, LIST_ITEM_VERSION_KEY } from '../../src/apis/eset/store.js';
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js';
import { schemaVersions } from '../../src/store/schema.js';
import { StateControl } from '../../src/store/state-control.js';
import { LAYOUT, esetRequest, startApp } from '../helpers.js';

const FIXTURES = { kind: 'fixtures', dir: DEFAULT_FIXTURES_DIR } as const;

function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-layout-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A database as the emulator wrote it before its tables came in parts: one list, user_version 3. */
function writeSingleListDatabase(path: string): void {
  const db = new Database(path);
  db.exec(`CREATE TABLE emulator_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`);
  db.exec(ESET_MIGRATIONS[0]!.sql);
  db.exec(`CREATE TABLE oauth_tokens (token_hash TEXT NOT NULL PRIMARY KEY, api TEXT NOT NULL, kind TEXT NOT NULL,
    subject TEXT NOT NULL, issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked_at INTEGER) WITHOUT ROWID;`);
  db.exec(ADVERSARIAL_MIGRATIONS[0]!.sql);
  db.exec(ESET_MIGRATIONS[1]!.sql);
  db.prepare("INSERT INTO eset_users (uuid, username, password_hash, display_name, read_only) VALUES ('u1', 'old@example.com', 'x', 'Old', 1)").run();
  db.prepare("INSERT INTO emulator_meta (key, value) VALUES ('seeded_from', 'fixtures:old')").run();
  db.pragma('user_version = 3');
  db.close();
}

t.test('a file of the single-list layout is read as having its migrations, and keeps its data', async (t) => {
  const path = join(tempDir(t), 'old.sqlite');
  writeSingleListDatabase(path);
  const dataset = LAYOUT.open('default', path);
  t.teardown(() => dataset.close());
  const newest = (migrations: readonly { version: number }[]) => migrations.at(-1)!.version;
  t.same(schemaVersions(dataset.db), { adversarial: newest(ADVERSARIAL_MIGRATIONS), emulator: 2, eset: newest(ESET_MIGRATIONS) });
  t.equal(esetStore(dataset).users.get('u1')?.readOnly, true, 'rows are kept, the read_only column too');
  t.equal(dataset.meta.get('seeded_from'), 'fixtures:old');
  t.equal(dataset.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'oauth_tokens'").pluck().get(), 0, 'tokens live in the token store now');
});

t.test('a database of a newer layout or a newer part is refused, not misread', async (t) => {
  const dir = tempDir(t);
  const newerLayout = join(dir, 'newer-layout.sqlite');
  const db = new Database(newerLayout);
  db.pragma('user_version = 101');
  db.close();
  t.throws(() => LAYOUT.open('default', newerLayout), /written by a newer emulator \(layout version 101/);

  const newerPart = join(dir, 'newer-part.sqlite');
  LAYOUT.open('default', newerPart).close();
  const raw = new Database(newerPart);
  raw.prepare("UPDATE emulator_schema SET version = 99 WHERE part = 'eset'").run();
  raw.close();
  t.throws(() => LAYOUT.open('default', newerPart), /newer emulator \(eset schema version 99; this one knows up to \d+\)/);
});

/** Marks the list JSON of a dataset as written by another mapper version, with one item visibly stale. */
function staleListJson(db: Database.Database, uuid: string): void {
  db.prepare("UPDATE eset_incidents SET list_json = '{\"stale\":true}' WHERE uuid = ?").run(uuid);
  db.prepare('UPDATE emulator_meta SET value = ? WHERE key = ?').run(String(LIST_ITEM_VERSION - 1), LIST_ITEM_VERSION_KEY);
}

t.test('list JSON written by another mapper version is rebuilt when the dataset is opened', async (t) => {
  const path = join(tempDir(t), 'emulator.sqlite');
  const seeded = LAYOUT.open('default', path);
  LAYOUT.seed(seeded, FIXTURES);
  t.equal(seeded.meta.get(LIST_ITEM_VERSION_KEY), String(LIST_ITEM_VERSION), 'a new dataset records the version');
  const uuid = seeded.db.prepare('SELECT uuid FROM eset_incidents ORDER BY id LIMIT 1').pluck().get() as string;
  staleListJson(seeded.db, uuid);
  seeded.close();

  const reopened = LAYOUT.open('default', path);
  t.teardown(() => reopened.close());
  const stored = reopened.db.prepare('SELECT list_json FROM eset_incidents WHERE uuid = ?').pluck().get(uuid);
  t.equal(stored, incidentListItemJson(esetStore(reopened).incidents.get(uuid)!), 'the item is what the mapper writes now');
  t.equal(reopened.meta.get(LIST_ITEM_VERSION_KEY), String(LIST_ITEM_VERSION));
});

t.test('the list serves rebuilt items from a kept volume written by an older mapper', async (t) => {
  const path = join(tempDir(t), 'emulator.sqlite');
  const first = await startApp(t, { db: path });
  const page = (await esetRequest(first.app, { url: '/v2/incidents?pageSize=1000' })).json() as { incidents: Array<{ uuid: string }> };
  const raw = new Database(path);
  staleListJson(raw, page.incidents[0]!.uuid);
  raw.close();

  const second = await startApp(t, { db: path });
  const again = (await esetRequest(second.app, { url: '/v2/incidents?pageSize=1000' })).json();
  t.same(again, page, 'the same page as before the list JSON went stale');
});

t.test('a restored snapshot of an older mapper version is rebuilt too', async (t) => {
  const control = new StateControl(LAYOUT, FIXTURES);
  t.teardown(() => control.close());
  const dataset = LAYOUT.open('tenant', ':memory:');
  t.teardown(() => dataset.close());
  control.reset(dataset);
  const uuid = dataset.db.prepare('SELECT uuid FROM eset_incidents ORDER BY id LIMIT 1').pluck().get() as string;
  const fresh = dataset.db.prepare('SELECT list_json FROM eset_incidents WHERE uuid = ?').pluck().get(uuid);
  staleListJson(dataset.db, uuid);
  control.saveSnapshot(dataset, 'old', 0);
  control.reset(dataset);
  t.ok(control.restoreSnapshot(dataset, 'old'));
  t.equal(dataset.db.prepare('SELECT list_json FROM eset_incidents WHERE uuid = ?').pluck().get(uuid), fresh);
});
