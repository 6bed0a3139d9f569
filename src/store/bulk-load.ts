/**
 * Loading many rows at once. SQLite keeps every index sorted as rows arrive, and with twenty
 * indexes — most on random keys — that costs more than the rows themselves; building an index
 * over rows already there is one sort. So a bulk load drops the tables' own indexes, inserts, and
 * creates them again from the schema's own SQL. Run it inside the caller's transaction: if the
 * work fails, the rollback brings the indexes back with everything else.
 *
 * Indexes that lead with a foreign-key column stay: SQLite looks child rows up through them on
 * every insert into the parent table, and without them each lookup is a scan (quadratic time).
 * Not those of the tables `filledLast` names, which the work fills after its last parent row.
 */
import { availableParallelism } from 'node:os';
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './database.js';

/** Rows per statement of a bulk insert: fewer calls into SQLite, well within its parameter limit. */
const BULK_ROWS = 64;

/** `VALUES (…), (…)` of BULK_ROWS rows, each `row` (one row's placeholders). */
export const bulkValues = (row: string) => Array<string>(BULK_ROWS).fill(row).join(', ');

/**
 * Inserts rows given as one flat array of values, `columns` per row (in placeholder order):
 * BULK_ROWS at a time with `batch` (a statement of bulkValues), the rest one by one with `single`.
 * Flat, because that is what a multi-row statement binds, and what a worker thread hands over
 * cheapest.
 */
export function insertFlatRows(values: readonly unknown[], columns: number, batch: Statement, single: Statement): void {
  const batchWidth = columns * BULK_ROWS;
  let start = 0;
  for (; start + batchWidth <= values.length; start += batchWidth) batch.run(values.slice(start, start + batchWidth));
  for (; start < values.length; start += columns) single.run(values.slice(start, start + columns));
}

/**
 * Page cache while loading (KiB, as `cache_size` takes negative numbers): room for the indexes
 * that take random keys while rows arrive (uuids), and for much of the table each index build
 * then scans. Beyond the smallest, a share of what the load writes: at 1,000,000 generated
 * incidents (3.5 GB) a 256 MiB cache evicts those index pages between batches and re-reads the
 * table for every index (~10 % more CPU, twice the time); the largest bounds the memory a load takes.
 */
const BULK_CACHE_KIB = { smallest: 256 * 1024, largest: 1024 * 1024, shareOfLoad: 0.5 };

/**
 * While the indexes are built: each build sorts every row of its table, and SQLite's sorter sorts
 * in memory up to the page cache's size. One sort of a million keys in a 1 GiB cache walks memory
 * at random (1.4–2 s an index at 1,000,000 incidents); sorted in runs of a few MiB, spread over
 * helper threads and merged, the same index takes 0.65–0.8 s ( 0.96 s without helper threads).
 */
const INDEX_BUILD_CACHE_KIB = 4 * 1024;
/** Helper threads of SQLite's sorter: the other cores, up to a few. */
const SORTER_THREADS = Math.min(4, Math.max(0, availableParallelism() - 1));

export interface BulkLoad {
  /** The tables the work fills. */
  tables: readonly string[];
  /** Those it fills after its last parent row (see above). */
  filledLast: readonly string[];
  /** About how many bytes the load writes (sizes the page cache). */
  expectedBytes?: number;
}

function bulkCacheKib(expectedBytes: number): number {
  const { smallest, largest, shareOfLoad } = BULK_CACHE_KIB;
  return Math.round(Math.min(largest, Math.max(smallest, (expectedBytes * shareOfLoad) / 1024)));
}

function leadsWithForeignKey(db: SqliteDatabase, table: string, index: string): boolean {
  const first = db.pragma(`index_info("${index.replace(/"/g, '""')}")`) as Array<{ seqno: number; name: string }>;
  const leading = first.find((column) => column.seqno === 0)?.name;
  const foreignKeys = db.pragma(`foreign_key_list("${table.replace(/"/g, '""')}")`) as Array<{ from: string }>;
  return foreignKeys.some((key) => key.from === leading);
}

export function withIndexesDeferred<T>(db: SqliteDatabase, load: BulkLoad, work: () => T): T {
  const { tables, filledLast } = load;
  if (!db.inTransaction) throw new Error('internal: a bulk load must run inside a transaction');
  // `sql IS NULL` marks the indexes behind PRIMARY KEY and UNIQUE: the tables need those.
  const indexes = db
    .prepare<string[], { name: string; sql: string; table: string }>(
      `SELECT name, sql, tbl_name AS "table" FROM sqlite_master
        WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')})`,
    )
    .all(...tables)
    .filter((index) => filledLast.includes(index.table) || !leadsWithForeignKey(db, index.table, index.name));
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${bulkCacheKib(load.expectedBytes ?? 0)}`);
  try {
    for (const { name } of indexes) db.exec(`DROP INDEX "${name.replace(/"/g, '""')}"`);
    const result = work();
    db.pragma(`cache_size = -${INDEX_BUILD_CACHE_KIB}`);
    db.pragma(`threads = ${SORTER_THREADS}`);
    for (const { sql } of indexes) db.exec(sql);
    return result;
  } finally {
    db.pragma('threads = 0');
    db.pragma(`cache_size = ${cacheSize}`);
  }
}
