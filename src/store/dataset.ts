/**
 * A dataset: one SQLite database holding one tenant's complete state. Tenants never share a
 * database, so a reset, snapshot or restore of one cannot touch another.
 *
 * The dataset knows no API: each API keeps its repositories on it as a part (`part(open)`), made
 * once per dataset from the API's own factory.
 */
import { openDatabase, type SqliteDatabase } from './database.js';
import { MetaRepository } from './meta-repository.js';
import { EMULATOR_SCHEMA, type SchemaPart } from './schema.js';
import { describeSeedSource, type SeedSource } from './seed-source.js';

/** What an API keeps in every dataset: its tables, how to fill them, how to keep derived data current. */
export interface DatasetPart extends SchemaPart {
  /** Replaces this part's data with the source's (inside the caller's transaction). */
  seed(dataset: Dataset, source: SeedSource): void;
  /** Runs after the migrations whenever a database is opened: brings derived data up to date. */
  prepare?(dataset: Dataset): void;
}

/** Numbers datasets for the life of the process, so that kept answers never mix two of them. */
let datasetsOpened = 0;

export class Dataset {
  readonly id = ++datasetsOpened;
  readonly meta: MetaRepository;
  private readonly ownChangesStatement;
  private readonly othersChangesStatement;
  private readonly parts = new Map<(db: SqliteDatabase) => unknown, unknown>();
  /** Requests using this dataset now: the registry never closes one in use (store/registry.ts). */
  private users = 0;

  constructor(
    readonly tenant: string,
    readonly db: SqliteDatabase,
  ) {
    this.meta = new MetaRepository(db);
    this.ownChangesStatement = db.prepare<[], number>('SELECT total_changes()').pluck();
    // Only a file has other connections; PRAGMA data_version costs ten times total_changes().
    this.othersChangesStatement = db.memory ? undefined : db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /**
   * Moves whenever the data may have changed: rows changed through this connection (any
   * statement, committed or rolled back) and commits by other connections to the same file.
   */
  changeMark(): [own: number, others: number] {
    return [this.ownChangesStatement.get()!, this.othersChangesStatement?.get() ?? 0];
  }

  /** What `open` makes of this dataset's database, made on first use and kept. */
  part<T>(open: (db: SqliteDatabase) => T): T {
    let part = this.parts.get(open) as T | undefined;
    if (part === undefined) {
      part = open(this.db);
      this.parts.set(open, part);
    }
    return part;
  }

  get inUse(): boolean {
    return this.users > 0;
  }

  /** Marks the dataset as used by one more request, until the returned release is called (once). */
  use(): () => void {
    this.users++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.users--;
    };
  }

  /**
   * Runs `work` in one transaction: it all happens, or (when it throws) none of it. The write lock
   * is taken at the start (BEGIN IMMEDIATE): a transaction that read first and then wanted to
   * write would fail at once with "database is locked" when another process (a second emulator
   * on the same file) wrote in between; taken first, it waits its turn within the busy timeout.
   */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** The parts every dataset of this emulator has: the emulator's own, then each API's. */
export class DatasetLayout {
  readonly schema: readonly SchemaPart[];

  constructor(readonly parts: readonly DatasetPart[]) {
    this.schema = [EMULATOR_SCHEMA, ...parts];
  }

  /** A dataset of a database file, IN_MEMORY, or an in-memory copy of a serialized image. */
  open(tenant: string, path: string | Buffer): Dataset {
    const dataset = new Dataset(tenant, openDatabase(path, this.schema));
    try {
      this.prepare(dataset);
    } catch (error) {
      dataset.close();
      throw error;
    }
    return dataset;
  }

  /** Brings every part's derived data up to date (after opening, restoring or copying in). */
  prepare(dataset: Dataset): void {
    for (const part of this.parts) part.prepare?.(dataset);
  }

  /** Replaces everything the dataset holds with the source's, in one transaction. */
  seed(dataset: Dataset, source: SeedSource): void {
    dataset.transaction(() => {
      for (const part of this.parts) part.seed(dataset, source);
      dataset.meta.set('seeded_from', describeSeedSource(source));
    });
  }
}
