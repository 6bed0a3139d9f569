/** What every ESET route module shares: the security requirement, the id segment, the caller. */
import type { FastifyRequest } from 'fastify';

export const security = [{ Bearer: [] }];

/**
 * The id segment of custom-method paths (`{incidentUuid}:close`): a parameter that stops at the
 * colon, so the router sees the id and the verb in one segment, as ESET's gateway does.
 */
export const INCIDENT_ID_BEFORE_VERB = ':incidentUuid(^[^:/]+)';

/** The user the bearer token belongs to (the bearer check has run for every /v2 route). */
export function callerOf(request: FastifyRequest): string {
  if (!request.principal) throw new Error('internal: an ESET route ran without the bearer check');
  return request.principal.subject;
}
