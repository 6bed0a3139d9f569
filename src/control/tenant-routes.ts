/** Which tenants the emulator knows, for pickers such as the console's. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { controlResponses } from './schemas.js';

export async function tenantRoutes(app: FastifyInstance): Promise<void> {
  app.get('/_emulator/tenants', {
    schema: {
      operationId: 'listTenants',
      summary: 'The known tenants',
      description:
        'The default tenant first, then every tenant used since the emulator started and, with a file database, those ' +
        'kept on disk from earlier runs. Any other valid name works too: a tenant is created on first use.',
      tags: ['State'],
      response: controlResponses({ 200: Type.Object({ tenants: Type.Array(Type.String()) }) }, []),
    },
  }, async () => ({ tenants: app.datasets.tenantNames() }));
}
