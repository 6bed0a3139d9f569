/**
 * The tables of a dataset come in parts: the emulator's own (metadata) and one per API, each with
 * its own migrations and its own version, recorded in `emulator_schema`. An API adds or changes
 * its tables without touching another's numbering, and a database written by an older emulator
 * is brought forward, never recreated.
 *
 * Databases written before the parts existed numbered every migration in one list, in SQLite's
 * `user_version` (1 to 3). A migration that was one of those says which (`legacyVersion`), so such
 * a file is read as having those migrations applied. `user_version` now holds LAYOUT_VERSION: an
 * emulator from before the parts refuses the file instead of misreading it.
 */
import type { SqliteDatabase } from './database.js';

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** What SQL alone cannot say (a table's own indexes, whatever they are now), run after `sql`. */
  run?: (db: SqliteDatabase) => void;
  /**
   * Foreign keys off while it runs, as SQLite's procedure for redefining a table asks (dropping a
   * parent table would otherwise delete its children); they are checked before it commits.
   */
  foreignKeysOff?: boolean;
  /** Its number in the single list of older emulators (their user_version), if it was there. */
  legacyVersion?: number;
}

/** A named set of tables with its migrations, in order; append new ones, never edit a shipped one. */
export interface SchemaPart {
  readonly name: string;
  readonly migrations: readonly Migration[];
}

/** user_version of a database whose parts are versioned in emulator_schema. */
const LAYOUT_VERSION = 100;

/** The emulator's own tables: facts about the dataset (what it was seeded from, snapshot data). */
export const EMULATOR_SCHEMA: SchemaPart = {
  name: 'emulator',
  migrations: [
    {
      version: 1,
      description: 'emulator metadata',
      legacyVersion: 1,
      sql: `CREATE TABLE IF NOT EXISTS emulator_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;`,
    },
    {
      version: 2,
      description: 'issued tokens moved to the token store',
      sql: 'DROP TABLE IF EXISTS oauth_tokens;',
    },
  ],
};

/** Tables of the schema machinery itself, never copied between datasets. */
export const SCHEMA_TABLE = 'emulator_schema';

const newest = (part: SchemaPart) => part.migrations.at(-1)?.version ?? 0;

/** Each part's version in `db` (absent: none of its migrations applied). */
export function schemaVersions(db: SqliteDatabase): Record<string, number> {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(SCHEMA_TABLE) !== undefined;
  if (!exists) return {};
  const rows = db.prepare<[], { part: string; version: number }>(`SELECT part, version FROM ${SCHEMA_TABLE} ORDER BY part`).all();
  return Object.fromEntries(rows.map((row) => [row.part, row.version]));
}

/**
 * Creates the version table; for a database of the single-list layout, records each part's
 * migrations that list had applied.
 */
function adoptLayout(db: SqliteDatabase, parts: readonly SchemaPart[]): void {
  const legacy = db.pragma('user_version', { simple: true }) as number;
  if (legacy > LAYOUT_VERSION) {
    throw new Error(`The database was written by a newer emulator (layout version ${legacy}; this one knows up to ${LAYOUT_VERSION}).`);
  }
  if (legacy === LAYOUT_VERSION) return;
  db.exec(`CREATE TABLE ${SCHEMA_TABLE} (part TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID`);
  const record = db.prepare('INSERT INTO emulator_schema (part, version) VALUES (?, ?)');
  for (const part of parts) {
    const applied = part.migrations.filter((migration) => migration.legacyVersion !== undefined && migration.legacyVersion <= legacy);
    if (applied.length > 0) record.run(part.name, applied.at(-1)!.version);
  }
  db.pragma(`user_version = ${LAYOUT_VERSION}`);
}

function applyMigration(db: SqliteDatabase, part: string, migration: Migration): void {
  // Only outside a transaction does the setting take effect.
  if (migration.foreignKeysOff && db.inTransaction) throw new Error(`internal: ${part} migration ${migration.version} must not run inside a transaction`);
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  if (migration.foreignKeysOff) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      // Read again under the write lock: another process may have applied it meanwhile.
      if ((schemaVersions(db)[part] ?? 0) >= migration.version) return;
      db.exec(migration.sql);
      migration.run?.(db);
      if (migration.foreignKeysOff && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
        throw new Error(`${part} migration ${migration.version} would leave rows whose references are broken`);
      }
      db.prepare(
        `INSERT INTO ${SCHEMA_TABLE} (part, version) VALUES (?, ?) ON CONFLICT (part) DO UPDATE SET version = excluded.version`,
      ).run(part, migration.version);
    }).immediate();
  } finally {
    if (migration.foreignKeysOff) db.pragma(`foreign_keys = ${foreignKeys}`);
  }
}

/**
 * SQLite's procedure for redefining a table: its CREATE TABLE statement as `redefine` changes it
 * made under another name, the rows copied, the table dropped and the new one renamed, then the
 * indexes the table had made again. The caller runs it in a migration with foreign keys off.
 */
export function redefineTable(db: SqliteDatabase, table: string, redefine: (definition: string) => string): void {
  const statements = db.prepare<[string, string], string>('SELECT sql FROM sqlite_schema WHERE type = ? AND tbl_name = ? AND sql IS NOT NULL').pluck();
  const definition = statements.get('table', table)!;
  const changed = redefine(definition);
  if (changed === definition) throw new Error(`internal: ${table} is not defined as its redefinition expects`);
  const indexes = statements.all('index', table);
  const redefined = `${table}_redefined`;
  db.exec(changed.replace(/^CREATE TABLE\s+("?)\w+\1/, `CREATE TABLE ${redefined}`));
  db.exec(`INSERT INTO ${redefined} SELECT * FROM ${table}`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${redefined} RENAME TO ${table}`);
  for (const sql of indexes) db.exec(sql);
}

/** Applies every part's migrations newer than its recorded version, each in its own transaction. */
export function migrate(db: SqliteDatabase, parts: readonly SchemaPart[]): void {
  db.transaction(() => adoptLayout(db, parts)).immediate();
  const versions = schemaVersions(db);
  for (const part of parts) {
    const current = versions[part.name] ?? 0;
    if (current > newest(part)) {
      throw new Error(
        `The database was written by a newer emulator (${part.name} schema version ${current}; this one knows up to ${newest(part)}).`,
      );
    }
    for (const migration of part.migrations) {
      if (migration.version > current) applyMigration(db, part.name, migration);
    }
  }
}
