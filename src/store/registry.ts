/**
 * The datasets of a running emulator: the default one (the --db file) and, created on first use,
 * one per tenant. A tenant's database lives beside the default one (tenants/<name>.sqlite), or in
 * memory when the default is in memory.
 *
 * Bounded: at most `maxTenants` tenants (a clear error beyond), and of a file database at most
 * `maxOpen` tenant databases open at once — the least recently used idle one is closed (its file
 * stays; it is reopened on its next request), so a thousand tenants do not hold three thousand
 * file descriptors and their page caches. A dataset a request is still using is never closed.
 * Beside the tenants, a file database keeps its template and at most `spareTenants` (≤ 16) ready
 * copies of it (spare-files.ts).
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Dataset, DatasetLayout } from './dataset.js';
import { copyAtomically, copyAtomicallyInBackground, copyIntoPlaceInBackground, writeAtomically } from './atomic-files.js';
import { IN_MEMORY, prepareForSeeding } from './database.js';
import { findSeedImage } from './seed-images.js';
import { SpareFiles } from './spare-files.js';
import type { SeedSource } from './seed-source.js';

export const DEFAULT_TENANT = 'default';
export const TENANT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** Tenant databases of a file database kept open at once (about three file descriptors each). */
const MAX_OPEN_TENANT_DATABASES = 32;

export interface RegistryOptions {
  path: string;
  layout: DatasetLayout;
  seedSource: SeedSource;
  /** Tenants, the default one included, this emulator serves (default: no limit). */
  maxTenants?: number;
  /** Tenant databases kept open at once (file databases only). */
  maxOpen?: number;
  /** Copies of the template a file database keeps ready for new tenants (spare-files.ts; default none). */
  spareTenants?: number;
}

/** A new tenant beyond --max-tenants. */
export class TenantLimitReached extends Error {
  override name = 'TenantLimitReached';
}

export class DatasetRegistry {
  readonly primary: Dataset;
  /** Open datasets, least recently used first. */
  private readonly open = new Map<string, Dataset>();
  private readonly known = new Set<string>();
  /** The template of an in-memory emulator (a file database keeps it as a file). */
  private template: Buffer | undefined;
  /** The template file being written from the default database just seeded (saveTemplateInBackground). */
  private templateSave: Promise<void> | undefined;
  /** New tenants whose database file is being copied from the template (getAsync). */
  private readonly copying = new Map<string, Promise<Dataset>>();
  /** Template copies kept ready for new tenants (file databases only). */
  private readonly spares: SpareFiles | undefined;

  constructor(private readonly options: RegistryOptions) {
    // A new database file is seeded aside; the template is then copied from it (seedNewFile).
    const seededHere = options.path !== IN_MEMORY && !existsSync(options.path) && this.seedNewFile(options.path);
    this.primary = this.openSeeded(DEFAULT_TENANT, options.path);
    if (seededHere) this.saveTemplateInBackground();
    // Just seeded, the default dataset is the template itself: no tenant needs a seed of its own.
    if (options.path === IN_MEMORY) this.keepTemplate(this.primary.db.serialize());
    this.open.set(DEFAULT_TENANT, this.primary);
    this.known.add(DEFAULT_TENANT);
    if (options.path !== IN_MEMORY) {
      this.spares = new SpareFiles({ dir: this.tenantsDir()!, tag: this.templateTag(), count: options.spareTenants ?? 0, templateRewritten: seededHere });
    }
  }

  /** Tenants served since start (open or not). */
  get tenantCount(): number {
    return this.known.size;
  }

  /** Tenant databases open now, the default one included. */
  get openCount(): number {
    return this.open.size;
  }

  /**
   * The tenant's dataset, as get() gives it, but a new tenant's database file is a spare copy of
   * the template made earlier, or else copied from it on libuv's threads: copying a large one
   * takes a while (0.1–0.4 s for 100,000 incidents, seconds for a million), and no other request
   * waits for it meanwhile.
   */
  async getAsync(tenant: string): Promise<Dataset> {
    const existing = this.open.get(tenant);
    if (existing) return this.get(tenant);
    const path = this.pathOf(tenant);
    if (path === IN_MEMORY || existsSync(path)) return this.get(tenant);
    let copied = this.copying.get(tenant);
    if (!copied) {
      this.admit(tenant);
      copied = this.copyFromTemplate(path).then(() => this.get(tenant));
      this.copying.set(tenant, copied);
      void copied.then(
        () => this.copying.delete(tenant),
        () => this.copying.delete(tenant),
      );
    }
    return copied;
  }

  /** The tenant's dataset, created and seeded from the configured source on first use. */
  get(tenant: string): Dataset {
    const existing = this.open.get(tenant);
    if (existing) {
      this.open.delete(tenant);
      this.open.set(tenant, existing);
      return existing;
    }
    this.admit(tenant);
    const dataset = this.openSeeded(tenant, this.pathOf(tenant));
    this.known.add(tenant);
    this.open.set(tenant, dataset);
    this.closeIdle();
    return dataset;
  }

  /** Refuses a tenant whose name is not one, or that would be one more than --max-tenants allows. */
  private admit(tenant: string): void {
    if (!TENANT_NAME.test(tenant)) throw new Error(`invalid tenant name '${tenant}'`);
    const max = this.options.maxTenants ?? Infinity;
    const pending = [...this.copying.keys()].filter((name) => name !== tenant && !this.known.has(name)).length;
    if (!this.known.has(tenant) && this.known.size + pending >= max) {
      throw new TenantLimitReached(`the emulator serves at most ${max} tenants (--max-tenants); tenant '${tenant}' would be one more`);
    }
  }

  /** The tenants served since start, and those a file database holds from earlier runs; the default first, then sorted. */
  tenantNames(): string[] {
    const names = new Set(this.known);
    const dir = this.tenantsDir();
    if (dir !== undefined && existsSync(dir)) {
      for (const file of readdirSync(dir)) {
        const name = file.endsWith('.sqlite') ? file.slice(0, -'.sqlite'.length) : '';
        if (TENANT_NAME.test(name)) names.add(name);
      }
    }
    return [...names].sort((a, b) => Number(b === DEFAULT_TENANT) - Number(a === DEFAULT_TENANT) || a.localeCompare(b));
  }

  /** Resolves once no template or tenant file is being written (close waits, so that none is left half-written). */
  async settled(): Promise<void> {
    await Promise.allSettled([this.templateSave, ...this.copying.values(), this.spares?.settled()]);
  }

  /** Makes no more spares, waits for the files being written (none is left half-written), then closes every dataset. */
  async shutdown(): Promise<void> {
    this.spares?.stop();
    await this.settled();
    this.close();
  }

  close(): void {
    this.spares?.stop();
    for (const dataset of this.open.values()) dataset.close();
    this.open.clear();
  }

  private tenantsDir(): string | undefined {
    return this.options.path === IN_MEMORY ? undefined : join(dirname(this.options.path), 'tenants');
  }

  private pathOf(tenant: string): string {
    const dir = this.tenantsDir();
    return dir === undefined ? IN_MEMORY : join(dir, `${tenant}.sqlite`);
  }

  /** Closes the least recently used idle tenant databases beyond maxOpen (never in memory: that would lose them). */
  private closeIdle(): void {
    if (this.options.path === IN_MEMORY) return;
    const maxOpen = this.options.maxOpen ?? MAX_OPEN_TENANT_DATABASES;
    if (this.open.size <= maxOpen) return;
    for (const [tenant, dataset] of this.open) {
      if (this.open.size <= maxOpen) break;
      if (dataset === this.primary || dataset.inUse) continue;
      dataset.close();
      this.open.delete(tenant);
    }
  }

  /**
   * What every new tenant starts from: the configured source, seeded once. A new tenant is a copy
   * of it (a file copy: ~0.25 s for 100,000 incidents here, milliseconds where the file system
   * shares blocks), never a new seed. An in-memory emulator keeps it as a serialized
   * image; a file database keeps it as a file beside the tenants (named by its source), so that
   * it costs no memory and outlives a restart.
   */
  private templateFile(): string {
    return join(this.tenantsDir()!, `.template-${this.templateTag()}.sqlite`);
  }

  /** Names the template by its source (a restart with another --fixtures or --generate gets its own). */
  private templateTag(): string {
    return createHash('sha256').update(JSON.stringify(this.options.seedSource)).digest('hex').slice(0, 16);
  }

  /** Keeps `image` as the template: in memory, or written (aside, then renamed) as the template file. */
  private keepTemplate(image: Buffer): void {
    if (this.options.path === IN_MEMORY) {
      this.template = image;
      return;
    }
    writeAtomically(this.templateFile(), image);
  }

  /** A new tenant's dataset: an in-memory copy of the template, or a file copied from it. */
  private openFromTemplate(tenant: string, path: string): Dataset {
    const { layout } = this.options;
    if (path === IN_MEMORY) return layout.open(tenant, (this.template ??= this.options.layout.seededImage(this.options.seedSource)));
    // While the template is being written, the default database's file still holds the seed.
    copyAtomically(this.templateSave ? this.options.path : this.existingTemplateFile(), path);
    return layout.open(tenant, path);
  }

  /** The template file, seeded first if there is none (its first copy failed, or it was removed). */
  private existingTemplateFile(): string {
    const template = this.templateFile();
    if (!existsSync(template)) this.keepTemplate(this.options.layout.seededImage(this.options.seedSource));
    return template;
  }

  /**
   * A new tenant's database file: a spare, else copied from the template once that is written;
   * or the file another emulator on the same folder made for it meanwhile, which is kept. Either
   * way the spares are then made up again.
   */
  private async copyFromTemplate(path: string): Promise<void> {
    if (!(await this.spares?.take(path))) {
      await this.templateSave;
      await copyIntoPlaceInBackground(this.existingTemplateFile(), path);
    }
    this.spares?.fill(this.templateFile());
  }

  /**
   * Writes the template from the default database just seeded while the emulator already serves:
   * copying a large seed takes a while (a 1,000,000-incident file is 3.5 GB). A read transaction
   * begun while the write-ahead log is empty keeps the file as seeded until the copy is done:
   * every write goes to the log, and SQLite never checkpoints the log into the file while a reader
   * still reads the file alone (that reader's snapshot would change). A copy that fails leaves no
   * template; the first new tenant then seeds one (openFromTemplate).
   */
  private saveTemplateInBackground(): void {
    const { path } = this.options;
    // Whatever opening wrote to the log goes into the file first (without waiting for anyone).
    const [checkpoint] = this.primary.db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    if (checkpoint?.busy !== 0 || checkpoint.checkpointed !== checkpoint.log) {
      // Another connection keeps part of the log out of the file; nothing but the seed is there yet: copy it now.
      copyAtomically(path, this.templateFile());
      return;
    }
    const reader = new Database(path, { readonly: true, fileMustExist: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM sqlite_schema').get();
    this.templateSave = copyAtomicallyInBackground(path, this.templateFile())
      .catch(() => {})
      .finally(() => {
        reader.close();
        this.templateSave = undefined;
      });
  }

  /**
   * Seeds a new database file aside, as one large write (prepareForSeeding): nothing else can see
   * the file yet, and a seed that fails leaves only a file to delete. The file is then linked into
   * place (true), unless another emulator starting on the same path got there first (false: its
   * database is the one both use, and this seed is copied as the template).
   */
  private seedNewFile(path: string): boolean {
    const { layout } = this.options;
    const aside = `${path}.seeding-${process.pid}`;
    rmSync(aside, { force: true });
    try {
      // The image made ahead of time, when there is one for the source, is the seeded file.
      const made = findSeedImage(layout.schema, this.options.seedSource);
      if (made) {
        writeFileSync(aside, made);
      } else {
        const seeded = layout.open(DEFAULT_TENANT, aside);
        try {
          prepareForSeeding(seeded.db);
          layout.seed(seeded, this.options.seedSource);
        } finally {
          seeded.close();
        }
      }
      try {
        linkSync(aside, path);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        copyAtomically(aside, this.templateFile());
        return false;
      }
    } finally {
      rmSync(aside, { force: true });
    }
  }

  /** A new database is seeded; one that was seeded before keeps its state (persistence). */
  private openSeeded(tenant: string, path: string): Dataset {
    if (tenant !== DEFAULT_TENANT && (path === IN_MEMORY || !existsSync(path))) return this.openFromTemplate(tenant, path);
    if (path === IN_MEMORY) return this.options.layout.openSeeded(tenant, this.options.seedSource);
    const dataset = this.options.layout.open(tenant, path);
    try {
      if (dataset.meta.get('seeded_from') === undefined) this.options.layout.seed(dataset, this.options.seedSource);
    } catch (error) {
      dataset.close();
      throw error;
    }
    return dataset;
  }
}
