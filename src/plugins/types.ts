/** What the plugins add to Fastify's instance and request, typed once for the whole app. */
import type { Role } from '../apis/adversarial/enums.js';
import type { ControllableClock } from '../clock.js';
import type { EmulatorConfig } from '../config.js';
import type { Dataset } from '../store/dataset.js';
import type { DatasetRegistry } from '../store/registry.js';
import type { PageTokenCodec } from '../paging/page-token.js';

/** Who a bearer token belongs to: `subject` is the ESET user's uuid or the Adversarial client id. */
export type Principal =
  | { api: 'eset'; subject: string }
  | {
      api: 'adversarial';
      subject: string;
      /** The service account's role, which decides what it may do. */
      role: Role;
      /** The user the service account acts as (users/me, opened_by, comment authors). */
      userId: string;
    };

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
