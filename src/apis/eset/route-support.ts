/** What every ESET route module shares: the security requirement, the id segment, the caller, the write check. */
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../errors.js';
import type { WriteContext } from './incident-writes.js';
import { esetStore } from './store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route changes data: a user who may only read gets 403 PERMISSION_DENIED. */
    esetWrite?: boolean;
  }
}

/** The route config of every ESET route that changes something. */
export const WRITES = { esetWrite: true } as const;

export const security = [{ Bearer: [] }];

/**
 * The id segment of custom-method paths (`{incidentUuid}:close`): a parameter that stops at the
 * colon, so the router sees the id and the verb in one segment, as ESET's gateway does.
 */
export const INCIDENT_ID_BEFORE_VERB = ':incidentUuid(^[^:/]+)';

/** The user the bearer token belongs to (the bearer check has run for every /v2 route). */
function callerOf(request: FastifyRequest): string {
  if (!request.principal) throw new Error('internal: an ESET route ran without the bearer check');
  return request.principal.subject;
}

/** What a write of this request works with: its dataset, the clock read once, the caller. */
export function writeContext(request: FastifyRequest): WriteContext {
  return { dataset: request.dataset, now: request.server.clock.now(), userUuid: callerOf(request) };
}

/**
 * The permission check of the routes marked WRITES, decided on the matched route: a user the
 * fixtures mark `readOnly` may read everything and change nothing.
 */
export async function requireWritePermission(request: FastifyRequest): Promise<void> {
  if (!request.routeOptions.config.esetWrite) return;
  const user = esetStore(request.server.datasets.primary).users.get(callerOf(request));
  if (user?.readOnly) {
    throw new ApiError('PERMISSION_DENIED', `the user '${user.username}' may only read: it has no permission to change incidents or comments`);
  }
}
