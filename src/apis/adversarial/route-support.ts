/** What every Adversarial route module shares: the security requirement, the path id, the write context. */
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../errors.js';
import { adversarialPrincipal } from './bearer.js';
import { parseIncidentId } from './enums.js';
import { INCIDENT_NOT_FOUND, type WriteContext } from './incident-writes.js';

export const security: Array<Record<string, string[]>> = [{ OAuth2: [] }, { Bearer: [] }];
export const INCIDENT_TAGS = ['Incidents'];

/** The row id of a path id (42 or INC-00042); anything else names no incident. */
export function pathIncidentId(request: { params: { id: string } }): number {
  const id = parseIncidentId(request.params.id);
  if (id === undefined) throw notFound(INCIDENT_NOT_FOUND);
  return id;
}

/** What a write of this request works with: its dataset, the clock read once, the caller. */
export function writeContext(request: FastifyRequest): WriteContext {
  return { dataset: request.dataset, now: request.server.clock.now(), userId: adversarialPrincipal(request).userId };
}
