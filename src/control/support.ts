/**
 * What every control route shares: which tenant it acts on. The same rule everywhere: the
 * `tenant` field (body) or parameter (query), else the x-emulator-tenant header, else the
 * default tenant. A control request acts on that one tenant only.
 */
import type { FastifyRequest } from 'fastify';
import { datasetOf } from '../plugins/tenant.js';
import type { Dataset } from '../store/dataset.js';

/** The name of the tenant a control request acts on (the header's tenant is request.dataset's). */
export function targetTenant(request: FastifyRequest, tenant: string | undefined): string {
  return tenant ?? request.dataset.tenant;
}

/** The tenant named in the body or query (`tenant`), else the x-emulator-tenant header's. */
export async function targetDataset(request: FastifyRequest, tenant: string | undefined): Promise<Dataset> {
  return tenant === undefined ? request.dataset : datasetOf(request.server, tenant);
}
