/**
 * Infrastructure shared by every route: the clock, the services, the datasets laid out for
 * them, the token store and the page-token signer.
 */
import fp from 'fastify-plugin';
import type { ControllableClock } from '../clock.js';
import type { EmulatorConfig } from '../config.js';
import { TokenStore, tokenStorePath } from '../auth/token-store.js';
import { PageTokenCodec } from '../paging/page-token.js';
import type { Service } from '../service.js';
import { DatasetLayout } from '../store/dataset.js';
import { ReadCache } from '../store/read-cache.js';
import { DatasetRegistry } from '../store/registry.js';
import type { SeedSource } from '../store/seed-source.js';

export interface DatasetsPluginOptions {
  config: EmulatorConfig;
  clock: ControllableClock;
  services: readonly Service[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The emulated APIs, in registration order. */
    services: readonly Service[];
    /** The tables every dataset has: the emulator's and each service's. */
    layout: DatasetLayout;
    /** Answers kept until their dataset changes (see store/read-cache.ts). */
    readCache: ReadCache;
  }
}

/** The page tokens' signing key in the token store (kept, so page tokens survive a restart as tokens do). */
const PAGE_TOKEN_KEY = 'page_token';

export function seedSourceOf(config: EmulatorConfig): SeedSource {
  return config.generate > 0
    ? { kind: 'generated', count: config.generate, seed: config.seed, fixturesDir: config.fixtures }
    : { kind: 'fixtures', dir: config.fixtures };
}

export const datasetsPlugin = fp<DatasetsPluginOptions>(
  async (app, { config, clock, services }) => {
    const layout = new DatasetLayout(services);
    const tokens = new TokenStore(tokenStorePath(config.db));
    let datasets: DatasetRegistry;
    try {
      datasets = new DatasetRegistry({ path: config.db, layout, seedSource: seedSourceOf(config), maxTenants: config.maxTenants, spareTenants: config.spareTenants });
    } catch (error) {
      tokens.close();
      throw error;
    }
    app.decorate('config', config);
    app.decorate('clock', clock);
    app.decorate('services', services);
    app.decorate('layout', layout);
    app.decorate('datasets', datasets);
    app.decorate('tokens', tokens);
    app.decorate('readCache', new ReadCache(config.readCache ? undefined : 0));
    app.decorate('pageTokens', new PageTokenCodec(tokens.signingKey(PAGE_TOKEN_KEY), clock));
    app.addHook('onClose', async () => {
      await datasets.shutdown();
      tokens.close();
    });
  },
  { name: 'datasets' },
);
