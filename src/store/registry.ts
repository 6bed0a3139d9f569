/**
 * The datasets of a running emulator: the default one (the --db file) and, created on first use,
 * one per tenant. A tenant's database lives beside the default one (tenants/<name>.sqlite), or in
 * memory when the default is in memory.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Dataset } from './dataset.js';
import { IN_MEMORY } from './database.js';
import { seedDataset, type SeedSource } from './seed.js';

export const DEFAULT_TENANT = 'default';
export const TENANT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

export interface RegistryOptions {
  path: string;
  seedSource: SeedSource;
}

export class DatasetRegistry {
  readonly primary: Dataset;
  private readonly tenants = new Map<string, Dataset>();

  constructor(private readonly options: RegistryOptions) {
    this.primary = this.openSeeded(DEFAULT_TENANT, options.path);
    this.tenants.set(DEFAULT_TENANT, this.primary);
  }

  /** The tenant's dataset, created and seeded from the configured source on first use. */
  get(tenant: string): Dataset {
    const existing = this.tenants.get(tenant);
    if (existing) return existing;
    if (!TENANT_NAME.test(tenant)) throw new Error(`invalid tenant name '${tenant}'`);
    const dir = this.tenantsDir();
    const path = dir === undefined ? IN_MEMORY : join(dir, `${tenant}.sqlite`);
    const dataset = this.openSeeded(tenant, path);
    this.tenants.set(tenant, dataset);
    return dataset;
  }

  /** The tenants opened since start, and those a file database holds from earlier runs; sorted. */
  known(): string[] {
    const names = new Set(this.tenants.keys());
    const dir = this.tenantsDir();
    if (dir !== undefined && existsSync(dir)) {
      for (const file of readdirSync(dir)) {
        const name = file.endsWith('.sqlite') ? file.slice(0, -'.sqlite'.length) : '';
        if (TENANT_NAME.test(name)) names.add(name);
      }
    }
    return [...names].sort((a, b) => Number(b === DEFAULT_TENANT) - Number(a === DEFAULT_TENANT) || a.localeCompare(b));
  }

  close(): void {
    for (const dataset of this.tenants.values()) dataset.close();
    this.tenants.clear();
  }

  private tenantsDir(): string | undefined {
    return this.options.path === IN_MEMORY ? undefined : join(dirname(this.options.path), 'tenants');
  }

  /** A new database is seeded; one that was seeded before keeps its state (persistence). */
  private openSeeded(tenant: string, path: string): Dataset {
    const dataset = Dataset.open(tenant, path);
    try {
      if (dataset.meta.get('seeded_from') === undefined) seedDataset(dataset, this.options.seedSource);
    } catch (error) {
      dataset.close();
      throw error;
    }
    return dataset;
  }
}
