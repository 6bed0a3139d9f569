/**
 * The datasets of a running emulator: the default one (the --db file) and, created on first use,
 * one per tenant. A tenant's database lives beside the default one (tenants/<name>.sqlite), or in
 * memory when the default is in memory.
 */
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
    const path = this.options.path === IN_MEMORY ? IN_MEMORY : join(dirname(this.options.path), 'tenants', `${tenant}.sqlite`);
    const dataset = this.openSeeded(tenant, path);
    this.tenants.set(tenant, dataset);
    return dataset;
  }

  close(): void {
    for (const dataset of this.tenants.values()) dataset.close();
    this.tenants.clear();
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
