/**
 * ESET's token endpoint (POST /oauth/token, registered under the /oauth prefix): password and refresh_token grants, form-encoded only.
 * Access tokens live an hour, refresh tokens a week [inferred]; a refresh rotates both (the old
 * refresh token stops working). The deprecated client_id / client_secret (in the form or as
 * Basic auth) are accepted and ignored, as the real service does.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors.js';
import { acceptFormsOnly, formOf, requiredField } from '../../auth/form-body.js';
import { issueTokenPair, refreshTokenPair, type TokenPolicy } from '../../auth/token-pairs.js';
import { newOpaqueToken } from '../../auth/token-store.js';
import { esetStore } from './store.js';

export const ESET_API = 'eset';
export const ESET_TOKEN_ENDPOINT = '/oauth/token';
const ESET_ACCESS_TOKEN_TTL_S = 3600;
const ESET_REFRESH_TOKEN_TTL_S = 7 * 24 * 3600;

/** ESET's tokens are opaque random strings. */
const ESET_TOKENS: TokenPolicy = {
  api: ESET_API,
  accessTtlS: ESET_ACCESS_TOKEN_TTL_S,
  refreshTtlS: ESET_REFRESH_TOKEN_TTL_S,
  mint: () => newOpaqueToken(),
};

export async function esetOAuthRoutes(app: FastifyInstance): Promise<void> {
  // Only this scope parses forms, and it parses nothing else: JSON here is a 415, as in ESET.
  acceptFormsOnly(app);

  app.post('/token', {
    schema: { hide: true },
  }, async (request: FastifyRequest, reply) => {
    const form = formOf(request.body);
    const grantType = form.grant_type;
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    if (grantType === 'password') {
      const username = requiredField(form, 'username');
      const password = requiredField(form, 'password');
      const user = esetStore(app.datasets.primary).users.authenticate(username, password);
      if (!user) throw new ApiError('OAUTH_INVALID_GRANT', 'unknown username or wrong password');
      return issueTokenPair(app.tokens, ESET_TOKENS, user.uuid, app.clock.now());
    }
    if (grantType === 'refresh_token') {
      return refreshTokenPair(app.tokens, ESET_TOKENS, requiredField(form, 'refresh_token'), app.clock.now());
    }
    if (grantType === undefined || grantType === '') {
      throw new ApiError('OAUTH_INVALID_REQUEST', "the form field 'grant_type' is required (password or refresh_token)");
    }
    throw new ApiError('OAUTH_UNSUPPORTED_GRANT_TYPE', `grant_type '${grantType}' is not supported: use password or refresh_token`);
  });
}
