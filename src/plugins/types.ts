/** What the core plugins add to Fastify's instance and request, typed once for the whole app. */
import type { TokenStore } from '../auth/token-store.js';
import type { ControllableClock } from '../clock.js';
import type { EmulatorConfig } from '../config.js';
import type { Dataset } from '../store/dataset.js';
import type { DatasetRegistry } from '../store/registry.js';
import type { PageTokenCodec } from '../paging/page-token.js';
import type { DocumentSource } from '../openapi/docs.js';

/** Who a bearer token belongs to: `subject` is the ESET user's uuid or the Adversarial client id. An API may add to it. */
export interface Principal {
  /** The API that issued the token. */
  api: string;
  subject: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: EmulatorConfig;
    clock: ControllableClock;
    datasets: DatasetRegistry;
    /** Issued tokens and signing keys of every API, every tenant. */
    tokens: TokenStore;
    pageTokens: PageTokenCodec;
    /** Where the OpenAPI documents served come from. */
    documentSource: DocumentSource;
  }
  interface FastifyRequest {
    /** The dataset this request reads and writes (the tenant's). */
    dataset: Dataset;
    principal: Principal | null;
  }
}
