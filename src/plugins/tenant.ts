/**
 * Picks the dataset a request works on: the tenant named by the x-emulator-tenant header, or the
 * default one. A tenant's dataset is created from the configured seed on first use, so parallel
 * test workers each get their own isolated copy.
 */
import fp from 'fastify-plugin';
import { invalidArgument } from '../errors.js';
import { TENANT_HEADER } from '../emulator-headers.js';
import { DEFAULT_TENANT, TENANT_NAME } from '../store/registry.js';

export { TENANT_HEADER };

export const tenantPlugin = fp(
  async (app) => {
    app.decorateRequest('dataset', null as never);
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      const header = request.headers[TENANT_HEADER];
      const tenant = header === undefined ? DEFAULT_TENANT : String(header);
      if (!TENANT_NAME.test(tenant)) {
        throw invalidArgument(
          `${TENANT_HEADER} '${tenant}' is not a tenant name: 1 to 63 letters, digits, '_' or '-', starting with a letter or digit`,
        );
      }
      request.dataset = app.datasets.get(tenant);
    });
  },
  { name: 'tenant', dependencies: ['datasets'] },
);
