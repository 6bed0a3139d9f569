/**
 * Picks the dataset a request works on: the tenant named by the x-emulator-tenant header, or the
 * default one. A tenant's dataset is created from the configured seed on first use, so parallel
 * test workers each get their own isolated copy. The dataset is marked in use until the response
 * is done, so that the registry never closes it under a request.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { TENANT_HEADER } from '../emulator-headers.js';
import { ApiError, invalidArgument } from '../errors.js';
import type { Dataset } from '../store/dataset.js';
import { DEFAULT_TENANT, TENANT_NAME, TenantLimitReached } from '../store/registry.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Ends this request's use of its dataset (idempotent). */
    releaseDataset: () => void;
  }
}

/** The tenant's dataset (a new one copied without stalling other requests); a tenant beyond --max-tenants is a 403 that says so. */
export async function datasetOf(app: FastifyInstance, tenant: string): Promise<Dataset> {
  try {
    return await app.datasets.getAsync(tenant);
  } catch (error) {
    if (error instanceof TenantLimitReached) throw new ApiError('PERMISSION_DENIED', error.message);
    throw error;
  }
}

const noRelease = () => {};

export const tenantPlugin = fp(
  async (app) => {
    app.decorateRequest('dataset', null as never);
    app.decorateRequest('principal', null);
    app.decorateRequest('releaseDataset', noRelease);
    app.addHook('onRequest', async (request) => {
      const header = request.headers[TENANT_HEADER];
      const tenant = header === undefined ? DEFAULT_TENANT : String(header);
      if (!TENANT_NAME.test(tenant)) {
        throw invalidArgument(
          `${TENANT_HEADER} '${tenant}' is not a tenant name: 1 to 63 letters, digits, '_' or '-', starting with a letter or digit`,
        );
      }
      request.dataset = await datasetOf(app, tenant);
      request.releaseDataset = request.dataset.use();
    });
    app.addHook('onResponse', async (request) => request.releaseDataset());
    app.addHook('onRequestAbort', async (request) => request.releaseDataset());
  },
  { name: 'tenant', dependencies: ['datasets'] },
);
