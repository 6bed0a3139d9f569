/** What every control route shares: which tenant's dataset it acts on. */
import type { FastifyRequest } from 'fastify';
import type { Dataset } from '../store/dataset.js';

/** The tenant named in the body or query (`tenant`), else the x-emulator-tenant header's. */
export function targetDataset(request: FastifyRequest, tenant: string | undefined): Dataset {
  return tenant === undefined ? request.dataset : request.server.datasets.get(tenant);
}
