/**
 * Replacing a dataset's state with another database's, table by table, in one transaction:
 * the base of reset (from a kept, freshly seeded copy) and of snapshot restore. Generic over
 * the schema, so every API's tables follow without this file knowing them.
 */
import type { SqliteDatabase } from './database.js';
import { SCHEMA_TABLE, schemaVersions } from './schema.js';

/** Meta keys a copy neither removes nor brings: a snapshot file's facts about itself, signing secrets of older emulators. */
const NOT_PRESERVED_META = "key NOT LIKE '%secret%' AND key NOT LIKE 'snapshot\\_%' ESCAPE '\\'";
/** Meta keys of a snapshot file about itself, never copied into a live dataset. */
export const SNAPSHOT_META_PREFIX = 'snapshot_';
const META_TABLE = 'emulator_meta';

function tablesOf(db: SqliteDatabase): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((row) => row.name);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function columnsOf(db: SqliteDatabase, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[]).map((row) => row.name);
}

function hasTable(db: SqliteDatabase, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function copyRows(source: SqliteDatabase, target: SqliteDatabase, table: string, where = ''): void {
  const columns = columnsOf(target, table);
  const list = columns.map(quote).join(', ');
  const insert = target.prepare(`INSERT INTO ${quote(table)} (${list}) VALUES (${columns.map(() => '?').join(', ')})`);
  const rows = source.prepare(`SELECT ${list} FROM ${quote(table)} ${where}`).raw().iterate() as Iterable<unknown[]>;
  for (const row of rows) insert.run(row);
}

/**
 * Makes `target` hold what `source` holds (same schema versions required). All of it happens, or
 * none of it.
 */
export function replaceContents(source: SqliteDatabase, target: SqliteDatabase): void {
  const sourceVersions = JSON.stringify(schemaVersions(source));
  const targetVersions = JSON.stringify(schemaVersions(target));
  if (sourceVersions !== targetVersions) {
    throw new Error(`cannot copy a database of schema versions ${sourceVersions} into one of ${targetVersions}`);
  }
  const tables = tablesOf(target).filter((table) => table !== SCHEMA_TABLE && table !== META_TABLE);
  target.transaction(() => {
    // Rows arrive table by table in name order, so references are checked at commit.
    target.pragma('defer_foreign_keys = ON');
    for (const table of tables) target.prepare(`DELETE FROM ${quote(table)}`).run();
    target.prepare(`DELETE FROM ${META_TABLE} WHERE ${NOT_PRESERVED_META}`).run();
    if (hasTable(target, 'sqlite_sequence')) target.prepare('DELETE FROM sqlite_sequence').run();
    for (const table of tables) copyRows(source, target, table);
    copyRows(source, target, META_TABLE, `WHERE ${NOT_PRESERVED_META}`);
    if (hasTable(source, 'sqlite_sequence') && hasTable(target, 'sqlite_sequence')) {
      copyRows(source, target, 'sqlite_sequence');
    }
  }).immediate(); // the write lock first, as Dataset.transaction does
}
