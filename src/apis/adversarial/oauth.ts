/**
 * Adversarial's token endpoint (POST /v1/oauth/token, registered under each base path's /oauth prefix): OAuth 2.1 client credentials for service
 * accounts (arm_sa_… / arm_sk_…, in the form or as HTTP Basic auth) and refresh_token, which
 * needs the same client and rotates the pair. Form-encoded only; RFC 6749 error bodies (the
 * OAuth error shape). Access tokens live 15 minutes, refresh tokens 7 days.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from '../../errors.js';
import type { ServiceAccount } from './account-repository.js';
import { JWT_KEY, signJwt } from './jwt.js';
import { acceptFormsOnly, formOf, requiredField, type Form } from '../../auth/form-body.js';
import { issueTokenPair, refreshTokenPair, type TokenPolicy } from '../../auth/token-pairs.js';
import { adversarialStore } from './store.js';

export const ADVERSARIAL_API = 'adversarial';
export const ADVERSARIAL_TOKEN_ENDPOINT = '/api/v1/oauth/token';
const ADVERSARIAL_ACCESS_TOKEN_TTL_S = 900;
const ADVERSARIAL_REFRESH_TOKEN_TTL_S = 7 * 24 * 3600;

const GRANT_TYPES = ['client_credentials', 'refresh_token'];

function invalidClient(reply: FastifyReply, reason: string): ApiError {
  reply.header('www-authenticate', 'Basic realm="adversarial"');
  return new ApiError('OAUTH_INVALID_CLIENT', reason);
}

/** client_id and client_secret from the form or the Basic header (RFC 6749 §2.3.1); both, differing, is a 400. */
function clientCredentials(form: Form, authorization: string | undefined, reply: FastifyReply): { id: string; secret: string } {
  let id = form.client_id;
  let secret = form.client_secret;
  const basic = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const [basicId, basicSecret] = colon === -1 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
    if ((id !== undefined && id !== basicId) || (secret !== undefined && secret !== basicSecret)) {
      throw new ApiError('OAUTH_INVALID_REQUEST', 'client credentials in the form and in the Authorization header differ: send them once');
    }
    id = basicId;
    secret = basicSecret;
  }
  if (!id || !secret) throw invalidClient(reply, 'client authentication failed: send client_id (arm_sa_…) and client_secret (arm_sk_…)');
  return { id, secret };
}

export async function adversarialOAuthRoutes(app: FastifyInstance, { documented }: { documented: boolean }): Promise<void> {
  acceptFormsOnly(app);
  const secret = app.tokens.signingKey(JWT_KEY);
  const policy = (account: ServiceAccount): TokenPolicy => ({
    api: ADVERSARIAL_API,
    accessTtlS: ADVERSARIAL_ACCESS_TOKEN_TTL_S,
    refreshTtlS: ADVERSARIAL_REFRESH_TOKEN_TTL_S,
    mint: ({ kind, subject, issuedAt, expiresAt }) => signJwt({ sub: subject, role: account.role, token_use: kind, issuedAt, expiresAt }, secret),
  });

  app.post('/token', {
    schema: {
      hide: !documented,
      operationId: 'oauth_token',
      summary: 'Get an access token',
      description: 'Client credentials of a service account, or a refresh token (which rotates the pair). Form-encoded only.',
      tags: ['Authentication'],
      consumes: ['application/x-www-form-urlencoded'],
      body: { $ref: 'TokenRequest#' },
      response: {
        200: { description: 'A token pair.', $ref: 'TokenResponse#' },
        400: { description: 'invalid_request, invalid_grant or unsupported_grant_type.', $ref: 'OAuthError#' },
        401: { description: 'invalid_client: unknown client or wrong secret.', $ref: 'OAuthError#' },
        415: { description: 'The body is not a form.', $ref: 'OAuthError#' },
      },
    },
    // No body at all is the same mistake as a JSON one (a 415), not a schema violation.
    preValidation: async (request) => void formOf(request.body),
  }, async (request, reply) => {
    const form = formOf(request.body);
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const grantType = form.grant_type;
    if (!grantType) throw new ApiError('OAUTH_INVALID_REQUEST', `the form field 'grant_type' is required (${GRANT_TYPES.join(' or ')})`);
    if (!GRANT_TYPES.includes(grantType)) {
      throw new ApiError('OAUTH_UNSUPPORTED_GRANT_TYPE', `grant_type '${grantType}' is not supported: use ${GRANT_TYPES.join(' or ')}`);
    }
    const client = clientCredentials(form, request.headers.authorization, reply);
    const account = adversarialStore(app.datasets.primary).accounts.authenticate(client.id, client.secret);
    if (!account) throw invalidClient(reply, 'unknown client_id or wrong client_secret');
    const now = app.clock.now();
    if (grantType === 'client_credentials') return issueTokenPair(app.tokens, policy(account), account.clientId, now);
    return refreshTokenPair(app.tokens, policy(account), requiredField(form, 'refresh_token'), now, account.clientId);
  });
}
