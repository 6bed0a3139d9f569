/**
 * Putting a tenant's dataset into a known state: reset to what it was seeded with, seed it from
 * another source, save and restore named snapshots. Every operation replaces the dataset's
 * contents in one transaction (store/copy.ts) and answers only when done.
 *
 * Reset is fast because it does not re-read fixtures: the first reset of a seed source seeds a
 * private in-memory database once, and every reset copies from it. Snapshots of a file database
 * are SQLite files (VACUUM INTO) under <db folder>/snapshots/<tenant>/, so they survive a restart.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SNAPSHOT_META_PREFIX, replaceContents } from './copy.js';
import type { Dataset, DatasetLayout } from './dataset.js';
import { MetaRepository } from './meta-repository.js';
import { seedSourceKey, type SeedSource } from './seed-source.js';

export interface SnapshotInfo {
  name: string;
  /** Emulator-clock epoch milliseconds. */
  createdAt: number;
  bytes: number;
}

interface Snapshot {
  image: Buffer;
  createdAt: number;
}

const SNAPSHOT_SUFFIX = '.sqlite';
/** Pristine copies of seed sources kept for fast resets; the least recently used is dropped beyond. */
export const MAX_PRISTINE_COPIES = 8;
/** Snapshots one tenant may keep (an in-memory one holds each as a copy of its database). */
const MAX_SNAPSHOTS_PER_TENANT = 100;

/** A new snapshot beyond MAX_SNAPSHOTS_PER_TENANT. */
export class SnapshotLimitReached extends Error {
  override name = 'SnapshotLimitReached';
}
const CREATED_AT_KEY = `${SNAPSHOT_META_PREFIX}created_at`;

export class StateControl {
  private readonly pristine = new Map<string, Dataset>();
  private readonly sourceByTenant = new Map<string, SeedSource>();
  private readonly snapshotsByTenant = new Map<string, Map<string, Snapshot>>();

  /**
   * `snapshotDir`: where snapshots are written as SQLite files (they survive a restart), one
   * folder per tenant; undefined keeps them in memory (an in-memory emulator).
   */
  constructor(
    private readonly layout: DatasetLayout,
    private readonly defaultSource: SeedSource,
    private readonly snapshotDir?: string,
  ) {}

  /** What the tenant was last seeded with (the configured source until a POST seed). */
  sourceOf(tenant: string): SeedSource {
    return this.sourceByTenant.get(tenant) ?? this.defaultSource;
  }

  reset(dataset: Dataset): void {
    this.replace(dataset, this.pristineOf(this.sourceOf(dataset.tenant)).db);
  }

  /** Makes the dataset hold what `source` holds, and its derived data current (a snapshot may be older). */
  private replace(dataset: Dataset, source: Database.Database): void {
    replaceContents(source, dataset.db);
    this.layout.prepare(dataset);
  }

  /** Seeds the dataset from `source`; later resets of this tenant return to it. */
  seed(dataset: Dataset, source: SeedSource): void {
    this.replace(dataset, this.pristineOf(source).db);
    this.sourceByTenant.set(dataset.tenant, source);
  }

  saveSnapshot(dataset: Dataset, name: string, now: number): SnapshotInfo {
    const names = this.listSnapshotNames(dataset.tenant);
    if (!names.includes(name) && names.length >= MAX_SNAPSHOTS_PER_TENANT) {
      throw new SnapshotLimitReached(`tenant '${dataset.tenant}' has ${names.length} snapshots, the most it may keep: delete one, or reuse a name`);
    }
    if (this.snapshotDir === undefined) {
      const image = dataset.db.serialize();
      this.snapshotsOf(dataset.tenant).set(name, { image, createdAt: now });
      return { name, createdAt: now, bytes: image.length };
    }
    const file = this.snapshotFile(dataset.tenant, name);
    mkdirSync(dirname(file), { recursive: true });
    // Written beside, then renamed: a snapshot file is always complete.
    // A failure at any step leaves no file behind (and an older snapshot of that name intact).
    const partial = `${file}.partial`;
    rmSync(partial, { force: true });
    try {
      dataset.db.prepare('VACUUM INTO ?').run(partial);
      const copy = new Database(partial);
      try {
        // A plain rollback-journal file: it can be opened read-only later without a -shm beside it.
        copy.pragma('journal_mode = DELETE');
        new MetaRepository(copy).set(CREATED_AT_KEY, String(now));
      } finally {
        copy.close();
      }
      renameSync(partial, file);
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
    return { name, createdAt: now, bytes: statSync(file).size };
  }

  /** False when the tenant has no snapshot of that name. */
  restoreSnapshot(dataset: Dataset, name: string): boolean {
    let copy: Database.Database;
    if (this.snapshotDir === undefined) {
      const snapshot = this.snapshotsOf(dataset.tenant).get(name);
      if (!snapshot) return false;
      copy = new Database(snapshot.image, { readonly: true });
    } else {
      const file = this.snapshotFile(dataset.tenant, name);
      if (!existsSync(file)) return false;
      copy = new Database(file, { readonly: true });
    }
    try {
      this.replace(dataset, copy);
    } finally {
      copy.close();
    }
    return true;
  }

  listSnapshots(tenant: string): SnapshotInfo[] {
    if (this.snapshotDir === undefined) {
      return [...this.snapshotsOf(tenant)].map(([name, snapshot]) => ({ name, createdAt: snapshot.createdAt, bytes: snapshot.image.length }));
    }
    const dir = join(this.snapshotDir, tenant);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((file) => file.endsWith(SNAPSHOT_SUFFIX))
      .sort()
      .map((file) => {
        const path = join(dir, file);
        const copy = new Database(path, { readonly: true });
        try {
          return { name: file.slice(0, -SNAPSHOT_SUFFIX.length), createdAt: Number(new MetaRepository(copy).get(CREATED_AT_KEY) ?? 0), bytes: statSync(path).size };
        } finally {
          copy.close();
        }
      });
  }

  private listSnapshotNames(tenant: string): string[] {
    if (this.snapshotDir === undefined) return [...this.snapshotsOf(tenant).keys()];
    const dir = join(this.snapshotDir, tenant);
    return existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith(SNAPSHOT_SUFFIX)).map((file) => file.slice(0, -SNAPSHOT_SUFFIX.length)) : [];
  }

  deleteSnapshot(tenant: string, name: string): boolean {
    if (this.snapshotDir === undefined) return this.snapshotsOf(tenant).delete(name);
    const file = this.snapshotFile(tenant, name);
    if (!existsSync(file)) return false;
    rmSync(file);
    return true;
  }

  close(): void {
    for (const dataset of this.pristine.values()) dataset.close();
    this.pristine.clear();
    this.snapshotsByTenant.clear();
  }

  private snapshotFile(tenant: string, name: string): string {
    return join(this.snapshotDir!, tenant, `${name}${SNAPSHOT_SUFFIX}`);
  }

  private snapshotsOf(tenant: string): Map<string, Snapshot> {
    let snapshots = this.snapshotsByTenant.get(tenant);
    if (!snapshots) {
      snapshots = new Map();
      this.snapshotsByTenant.set(tenant, snapshots);
    }
    return snapshots;
  }

  /** Seed sources whose pristine copy is kept (most recently used last); the others are built again on demand. */
  get pristineCount(): number {
    return this.pristine.size;
  }

  private pristineOf(source: SeedSource): Dataset {
    const key = seedSourceKey(source);
    let dataset = this.pristine.get(key);
    if (dataset) {
      this.pristine.delete(key);
    } else {
      dataset = this.layout.openSeeded(`pristine:${key}`, source);
      // Each seed source (every {generate, seed} pair a client sends) would otherwise keep a whole database.
      if (this.pristine.size >= MAX_PRISTINE_COPIES) {
        const [oldestKey, oldest] = this.pristine.entries().next().value!;
        oldest.close();
        this.pristine.delete(oldestKey);
      }
    }
    this.pristine.set(key, dataset);
    return dataset;
  }
}
