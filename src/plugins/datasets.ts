/** Infrastructure shared by every route: the clock, the datasets, the page-token signer. */
import fp from 'fastify-plugin';
import { randomBytes } from 'node:crypto';
import type { ControllableClock } from '../clock.js';
import type { EmulatorConfig } from '../config.js';
import { PageTokenCodec } from '../paging/page-token.js';
import { DatasetRegistry } from '../store/registry.js';
import type { SeedSource } from '../store/seed.js';

export interface DatasetsPluginOptions {
  config: EmulatorConfig;
  clock: ControllableClock;
}

export function seedSourceOf(config: EmulatorConfig): SeedSource {
  return config.generate > 0
    ? { kind: 'generated', count: config.generate, seed: config.seed, fixturesDir: config.fixtures }
    : { kind: 'fixtures', dir: config.fixtures };
}

export const datasetsPlugin = fp<DatasetsPluginOptions>(
  async (app, { config, clock }) => {
    const datasets = new DatasetRegistry({ path: config.db, seedSource: seedSourceOf(config), maxTenants: config.maxTenants });
    app.decorate('config', config);
    app.decorate('clock', clock);
    app.decorate('datasets', datasets);
    // The signing secret is kept with the data, so page tokens survive a restart as tokens do.
    const meta = datasets.primary.meta;
    let secret = meta.get('page_token_secret');
    if (!secret) {
      secret = randomBytes(32).toString('hex');
      meta.set('page_token_secret', secret);
    }
    app.decorate('pageTokens', new PageTokenCodec(Buffer.from(secret, 'hex'), clock));
    app.addHook('onClose', async () => datasets.close());
  },
  { name: 'datasets' },
);
