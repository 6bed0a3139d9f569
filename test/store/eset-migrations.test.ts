/**
 * ESET's bulk-load friendly schema. Membership tables keyed by incident first (eset migration 4):
 * a dataset written before keeps its rows, looks values up through the index by value, and still
 * loses an incident's rows with the incident. Indexes that serve only filters keyed by their
 * column alone (migration 5).
 */
import t, { type Test } from 'tap';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESET_MIGRATIONS } from '../../src/apis/eset/migrations.js';
import { EMULATOR_SCHEMA, migrate } from '../../src/store/schema.js';
import { LAYOUT } from '../helpers.js';

const MEMBERSHIP = [
  ['eset_incident_tags', 'tag'],
  ['eset_incident_devices', 'device_uuid'],
  ['eset_incident_detections', 'detection_uuid'],
] as const;

/** A database file with the first `esetVersion` ESET migrations only, as an older emulator left it. */
function olderDatabase(t: Test, esetVersion: number): { path: string; old: Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-migrations-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'old.sqlite');
  const old = new Database(path);
  old.pragma('foreign_keys = ON');
  migrate(old, [EMULATOR_SCHEMA, { name: 'eset', migrations: ESET_MIGRATIONS.slice(0, esetVersion) }]);
  return { path, old };
}

t.test('a dataset of eset schema 3 keeps its membership rows, keyed by incident first', async (t) => {
  const { path, old } = olderDatabase(t, 3);
  const addIncident = old.prepare("INSERT INTO eset_incidents (id, uuid, create_time, update_time, list_json) VALUES (?, ?, 0, 0, '{}')");
  addIncident.run(1, 'i-1');
  addIncident.run(2, 'i-2');
  for (const [table, column] of MEMBERSHIP) {
    const add = old.prepare(`INSERT INTO ${table} (${column}, incident_id) VALUES (?, ?)`);
    for (const [value, id] of [['b', 1], ['a', 1], ['a', 2], ['c', 2]] as const) add.run(`${column}-${value}`, id);
  }
  old.close();

  const dataset = LAYOUT.open('default', path);
  t.teardown(() => dataset.close());
  const { db } = dataset;
  for (const [table, column] of MEMBERSHIP) {
    t.same(
      db.prepare(`SELECT incident_id, ${column} FROM ${table} ORDER BY 1, 2`).raw().all(),
      [[1, `${column}-a`], [1, `${column}-b`], [2, `${column}-a`], [2, `${column}-c`]],
      `${table}: every row kept`,
    );
    const key = (db.pragma(`table_info(${table})`) as Array<{ name: string; pk: number }>).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    t.same(key.map((c) => c.name), ['incident_id', column], `${table}: keyed by incident, then value`);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT incident_id FROM ${table} WHERE ${column} = ?`).all('x') as Array<{ detail: string }>;
    t.match(plan.map((step) => step.detail).join(' | '), /USING COVERING INDEX \w+_by_\w+ \(\w+=\?\)/, `${table}: a value is looked up by index`);
  }
  db.prepare("DELETE FROM eset_incidents WHERE uuid = 'i-1'").run();
  for (const [table] of MEMBERSHIP) {
    t.same(db.prepare(`SELECT DISTINCT incident_id FROM ${table}`).pluck().all(), [2], `${table}: rows go with their incident`);
  }
});

t.test('indexes that serve only filters are keyed by their column alone, and filters still use them', async (t) => {
  const dataset = LAYOUT.open('default', ':memory:');
  t.teardown(() => dataset.close());
  const { db } = dataset;
  const columnsOf = (index: string) => (db.pragma(`index_info(${index})`) as Array<{ name: string }>).map((column) => column.name);
  for (const column of ['triage_seconds', 'response_seconds', 'tag_count', 'device_uuid_count', 'detection_uuid_count']) {
    t.same(columnsOf(`eset_incidents_by_${column}`), [column], `${column}: no uuid`);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM eset_incidents WHERE ${column} > ?`).all(1) as Array<{ detail: string }>;
    t.match(plan.map((step) => step.detail).join(' | '), `INDEX eset_incidents_by_${column} (${column}>?)`, `${column}: a range filter uses it`);
  }
  t.same(columnsOf('eset_incidents_by_severity'), ['severity', 'uuid'], 'a sort index keeps its uuid tie-break');
});

t.test('uuids stay unique through named indexes, the rows, their references and every other index kept', async (t) => {
  const { path, old } = olderDatabase(t, 5);
  const addIncident = old.prepare("INSERT INTO eset_incidents (id, uuid, create_time, update_time, tags, tag_count, list_json) VALUES (?, ?, ?, 0, '[\"x\"]', 1, '{}')");
  addIncident.run(1, 'i-1', 10);
  addIncident.run(2, 'i-2', 20);
  old.prepare("INSERT INTO eset_incident_tags (incident_id, tag) VALUES (1, 'x'), (2, 'x')").run();
  const addComment = old.prepare("INSERT INTO eset_comments (id, uuid, incident_id, text, create_time, update_time) VALUES (?, ?, ?, 'c', 0, 0)");
  addComment.run(1, 'c-1', 1);
  addComment.run(2, 'c-2', 2);
  const indexesOf = (db: Database.Database, table: string) =>
    db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name").raw().all(table);
  const before = { incidents: indexesOf(old, 'eset_incidents'), comments: indexesOf(old, 'eset_comments') };
  const rowsOf = (db: Database.Database, table: string) => db.prepare(`SELECT * FROM ${table} ORDER BY id`).raw().all();
  const rowsBefore = { incidents: rowsOf(old, 'eset_incidents'), comments: rowsOf(old, 'eset_comments') };
  old.close();

  const dataset = LAYOUT.open('default', path);
  t.teardown(() => dataset.close());
  const { db } = dataset;
  // Opening brings the derived list JSON up to date (the layout's prepare step): the rest is as it was.
  const withoutListJson = (rows: unknown[]) => rows.map((row) => (row as unknown[]).slice(0, -1));
  t.same(withoutListJson(rowsOf(db, 'eset_incidents')), withoutListJson(rowsBefore.incidents), 'every incident kept as it was');
  t.same(rowsOf(db, 'eset_comments'), rowsBefore.comments, 'every comment kept as it was');
  t.same(
    indexesOf(db, 'eset_incidents'),
    [...before.incidents, ['eset_incidents_by_uuid', 'CREATE UNIQUE INDEX eset_incidents_by_uuid ON eset_incidents (uuid)']].sort(),
    'the incidents keep every index they had, and their uuids get a unique one',
  );
  t.same(
    indexesOf(db, 'eset_comments'),
    [...before.comments, ['eset_comments_by_uuid', 'CREATE UNIQUE INDEX eset_comments_by_uuid ON eset_comments (uuid)']].sort(),
    'so do the comments',
  );
  t.equal(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'sqlite_autoindex_eset_incidents%' OR name LIKE 'sqlite_autoindex_eset_comments%'").pluck().get(), 0, 'no UNIQUE column is left');
  t.equal(db.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are on again');
  t.throws(() => db.prepare("INSERT INTO eset_incidents (uuid, create_time, update_time, list_json) VALUES ('i-1', 0, 0, '{}')").run(), /UNIQUE constraint failed: eset_incidents\.uuid/);
  t.throws(() => db.prepare("INSERT INTO eset_comments (uuid, incident_id, text, create_time, update_time) VALUES ('c-1', 1, 't', 0, 0)").run(), /UNIQUE constraint failed: eset_comments\.uuid/);
  t.throws(() => db.prepare("INSERT INTO eset_comments (uuid, incident_id, text, create_time, update_time) VALUES ('c-9', 9, 't', 0, 0)").run(), /FOREIGN KEY constraint failed/, 'comments still reference incidents');
  db.prepare("DELETE FROM eset_incidents WHERE uuid = 'i-1'").run();
  t.same(db.prepare('SELECT uuid FROM eset_comments').pluck().all(), ['c-2'], "an incident's comments go with it");
  t.same(db.prepare('SELECT incident_id FROM eset_incident_tags').pluck().all(), [2], 'and so do its membership rows');
  t.match(
    (db.prepare('EXPLAIN QUERY PLAN SELECT id FROM eset_incidents WHERE uuid = ?').all('i-2') as Array<{ detail: string }>).map((step) => step.detail).join(),
    /USING (COVERING )?INDEX eset_incidents_by_uuid \(uuid=\?\)/,
    'an incident is found by its uuid through the index',
  );
});
