/** What the plugins add to Fastify's instance and request, typed once for the whole app. */
import type { ControllableClock } from '../clock.js';
import type { EmulatorConfig } from '../config.js';
import type { Dataset } from '../store/dataset.js';
import type { DatasetRegistry } from '../store/registry.js';
import type { PageTokenCodec } from '../paging/page-token.js';

/** Who a bearer token belongs to. */
export interface Principal {
  api: 'eset';
  subject: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: EmulatorConfig;
    clock: ControllableClock;
    datasets: DatasetRegistry;
    pageTokens: PageTokenCodec;
  }
  interface FastifyRequest {
    /** The dataset this request reads and writes (the tenant's). */
    dataset: Dataset;
    principal: Principal | null;
  }
}
