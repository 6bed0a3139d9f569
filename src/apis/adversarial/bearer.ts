/**
 * The bearer check of every Adversarial route, run before the body is read: a missing, unknown,
 * expired or revoked access token is a 401 (as is a token of the ESET API); a service account
 * whose role has no incident rights gets 403 "Insufficient permissions" on incident routes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerTokenOf, checkAccessToken } from '../../auth/bearer.js';
import { ApiError, unauthenticated } from '../../errors.js';
import type { Principal } from '../../plugins/types.js';
import { INCIDENT_ROLES, type Role } from './enums.js';
import { ADVERSARIAL_API, ADVERSARIAL_TOKEN_ENDPOINT } from './oauth.js';
import { adversarialStore } from './store.js';

export interface AdversarialPrincipal extends Principal {
  /** The service account's role, which decides what it may do. */
  role: Role;
  /** The user the service account acts as (users/me, opened_by, comment authors). */
  userId: string;
}

function rejected(reply: FastifyReply, reason: string): ApiError {
  reply.header('www-authenticate', 'Bearer realm="adversarial"');
  return unauthenticated(reason);
}

export async function adversarialBearerAuth(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    const token = bearerTokenOf(request.headers.authorization);
    if (token === undefined) {
      throw rejected(reply, `missing or malformed Authorization header: send "Bearer <access_token>" from POST ${ADVERSARIAL_TOKEN_ENDPOINT}`);
    }
    const check = checkAccessToken(app.tokens, token, ADVERSARIAL_API, ADVERSARIAL_TOKEN_ENDPOINT, app.clock.now());
    if (!check.ok) throw rejected(reply, check.reason);
    const account = adversarialStore(app.datasets.primary).accounts.serviceAccount(check.token.subject);
    if (!account) throw rejected(reply, `the service account ${check.token.subject} no longer exists`);
    if (!adversarialStore(request.dataset).accounts.user(account.userId)) {
      throw rejected(reply, `the user of service account ${account.clientId} does not exist in this tenant's dataset`);
    }
    const principal: AdversarialPrincipal = { api: ADVERSARIAL_API, subject: account.clientId, role: account.role, userId: account.userId };
    request.principal = principal;
  });
}

/** The caller of an Adversarial route (the bearer check has run). */
export function adversarialPrincipal(request: FastifyRequest): AdversarialPrincipal {
  const principal = request.principal;
  if (principal?.api !== ADVERSARIAL_API) throw new Error('internal: an Adversarial route ran without its bearer check');
  return principal as AdversarialPrincipal;
}

/** onRequest hook of the incident routes: Editor or Incident Editor. */
export async function requireIncidentRights(request: FastifyRequest): Promise<void> {
  if (!INCIDENT_ROLES.includes(adversarialPrincipal(request).role)) throw new ApiError('PERMISSION_DENIED', 'Insufficient permissions');
}
