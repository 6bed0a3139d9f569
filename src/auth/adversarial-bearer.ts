/**
 * The bearer check of every Adversarial route, run before the body is read: a missing, unknown,
 * expired or revoked access token is a 401 (as is a token of the ESET API); a service account
 * whose role has no incident rights gets 403 "Insufficient permissions" on incident routes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, unauthenticated } from '../errors.js';
import { INCIDENT_ROLES } from '../apis/adversarial/enums.js';
import type { Principal } from '../plugins/types.js';
import { ADVERSARIAL_API } from './adversarial-oauth.js';

export type AdversarialPrincipal = Extract<Principal, { api: 'adversarial' }>;

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

function rejected(reply: FastifyReply, reason: string): ApiError {
  reply.header('www-authenticate', 'Bearer realm="adversarial"');
  return unauthenticated(reason);
}

export async function adversarialBearerAuth(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) throw rejected(reply, 'missing or malformed Authorization header: send "Bearer <access_token>" from POST /api/v1/oauth/token');
    const stored = app.datasets.primary.tokens.find(match[1]!);
    if (!stored || stored.api !== ADVERSARIAL_API) throw rejected(reply, 'unknown access token');
    if (stored.kind !== 'access') throw rejected(reply, 'this is a refresh token: use it at POST /api/v1/oauth/token');
    if (stored.revokedAt !== null) throw rejected(reply, 'the access token has been revoked');
    if (stored.expiresAt <= app.clock.now()) throw rejected(reply, 'the access token has expired: get a new one with the refresh token');
    const account = app.datasets.primary.adversarialAccounts.serviceAccount(stored.subject);
    if (!account) throw rejected(reply, `the service account ${stored.subject} no longer exists`);
    if (!request.dataset.adversarialAccounts.user(account.userId)) {
      throw rejected(reply, `the user of service account ${account.clientId} does not exist in this tenant's dataset`);
    }
    request.principal = { api: 'adversarial', subject: account.clientId, role: account.role, userId: account.userId };
  });
}

/** The caller of an Adversarial route (the bearer check has run). */
export function adversarialPrincipal(request: FastifyRequest): AdversarialPrincipal {
  const principal = request.principal;
  if (principal?.api !== 'adversarial') throw new Error('internal: an Adversarial route ran without its bearer check');
  return principal;
}

/** onRequest hook of the incident routes: Editor or Incident Editor. */
export async function requireIncidentRights(request: FastifyRequest): Promise<void> {
  if (!INCIDENT_ROLES.includes(adversarialPrincipal(request).role)) throw new ApiError('PERMISSION_DENIED', 'Insufficient permissions');
}
