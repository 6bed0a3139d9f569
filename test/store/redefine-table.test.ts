/**
 * Redefining a table in a migration (SQLite's procedure): foreign keys off while it runs, checked
 * before it commits, and refused inside a transaction, where turning them off would not take effect.
 */
import t from 'tap';
import Database from 'better-sqlite3';
import { migrate, redefineTable, type SchemaPart } from '../../src/store/schema.js';

const parentAndChild = (version: number, sql: string, rest: Partial<SchemaPart['migrations'][number]> = {}): SchemaPart => ({
  name: 'test',
  migrations: [
    {
      version: 1,
      description: 'a parent and a child',
      sql: `CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE INDEX parent_by_id_name ON parent (id, name);
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id) ON DELETE CASCADE);
INSERT INTO parent VALUES (1, 'a'), (2, 'b');
INSERT INTO child VALUES (10, 1), (20, 2);`,
    },
    ...(version > 1 ? [{ version, description: 'redefined', sql, foreignKeysOff: true, ...rest }] : []),
  ],
});

const open = () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
};

t.test('a parent table is redefined without losing a child row', async (t) => {
  const db = open();
  migrate(db, [parentAndChild(2, '', { run: (db) => redefineTable(db, 'parent', (sql) => sql.replace(' UNIQUE', '')) })]);
  t.same(db.prepare('SELECT id FROM child ORDER BY id').pluck().all(), [10, 20], 'children kept');
  t.notMatch(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'parent'").pluck().get(), /UNIQUE/);
  t.equal(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'parent_by_id_name'").pluck().get(), 1, 'its index made again');
  t.equal(db.pragma('foreign_keys', { simple: true }), 1, 'foreign keys on again');
  db.prepare('DELETE FROM parent WHERE id = 1').run();
  t.same(db.prepare('SELECT id FROM child').pluck().all(), [20], 'children still go with their parent');
});

t.test('a redefinition that changes nothing is a mistake of the migration', async (t) => {
  const db = open();
  t.throws(() => migrate(db, [parentAndChild(2, '', { run: (db) => redefineTable(db, 'parent', (sql) => sql) })]), /parent is not defined as its redefinition expects/);
  t.equal(db.prepare('SELECT count(*) FROM child').pluck().get(), 2);
});

t.test('a migration that would break references is rolled back', async (t) => {
  const db = open();
  t.throws(() => migrate(db, [parentAndChild(2, 'DELETE FROM parent WHERE id = 1;')]), /test migration 2 would leave rows whose references are broken/);
  t.equal(db.prepare('SELECT count(*) FROM parent').pluck().get(), 2, 'nothing of it stays');
  t.equal(db.pragma('foreign_keys', { simple: true }), 1, 'and foreign keys are on again');
});

t.test('foreign keys cannot be turned off inside a transaction: such a migration is refused there', async (t) => {
  const db = open();
  migrate(db, [parentAndChild(1, '')]);
  db.exec('BEGIN');
  t.throws(() => migrate(db, [parentAndChild(2, 'SELECT 1;')]), /must not run inside a transaction/);
  db.exec('ROLLBACK');
});
