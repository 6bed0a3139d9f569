/**
 * Opening a SQLite database the way every dataset needs it: WAL for files (readers never wait
 * for the writer), foreign keys on, and the schema brought up to date before anything reads it.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, type SchemaPart } from './schema.js';

export type SqliteDatabase = Database.Database;

export const IN_MEMORY = ':memory:';

/**
 * A database file, IN_MEMORY, or the serialized image of one (opened as an in-memory copy), with
 * the tables of `parts` brought up to date.
 */
export function openDatabase(path: string | Buffer, parts: readonly SchemaPart[]): SqliteDatabase {
  if (typeof path === 'string' && path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // First, so that every later statement (the journal mode switch included) waits for a lock
  // another process holds rather than failing.
  db.pragma('busy_timeout = 5000');
  // Takes effect on a new database only (before its first table and the journal mode): incident
  // rows of 1–2 KB fill 8 KiB pages better than 4 KiB ones, and a large seed costs ~7 % less CPU.
  if (typeof path === 'string') db.pragma('page_size = 8192');
  if (typeof path === 'string' && path !== IN_MEMORY) {
    db.pragma('journal_mode = WAL');
    // WAL + NORMAL is durable across process crashes; only a power loss can drop the last commits.
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -32000');
  db.pragma('temp_store = MEMORY');
  migrate(db, parts);
  return db;
}

/**
 * Sets up a connection to a file nothing else sees yet (a seed written aside) for one large
 * write: journaled in memory, not in the write-ahead log, so that the seed is written once.
 * Writing it to the log and again into the database at the checkpoint cost a million generated
 * incidents 10–12 s of their ~55. A rollback still works: the journal holds the pages the seed
 * changed, and those it added are cut off. `journal_mode = OFF`, which does less still, is
 * refused on the defensive connections better-sqlite3 opens, and silently (the answer names the
 * mode kept), hence the check.
 * Nor are foreign keys checked row by row (a generated seed's ~1 M child rows: ~20 % of its CPU):
 * a seed's rows reference what the same seed wrote, and every later connection enforces them.
 */
export function prepareForSeeding(db: SqliteDatabase): void {
  const mode = db.pragma('journal_mode = MEMORY', { simple: true });
  if (mode !== 'memory') throw new Error(`internal: a seeding connection stayed in journal mode ${String(mode)}`);
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  // The sorted runs of index builds in temporary files: SQLite keeps an in-memory one in small
  // chunks, and the 25 indexes of 100,000 generated incidents took 2.4–2.6 s that way, 1.8–2.1 s
  // with files (deleted before the system would write most of them out).
  db.pragma('temp_store = FILE');
}
