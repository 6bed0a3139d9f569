/**
 * ESET's token endpoint (POST /oauth/token): password and refresh_token grants, form-encoded only.
 * Access tokens live an hour, refresh tokens a week [inferred]; a refresh rotates both (the old
 * refresh token stops working). The deprecated client_id / client_secret (in the form or as
 * Basic auth) are accepted and ignored, as the real service does.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { newOpaqueToken } from './token-repository.js';

export const ESET_API = 'eset';
export const ESET_ACCESS_TOKEN_TTL_S = 3600;
export const ESET_REFRESH_TOKEN_TTL_S = 7 * 24 * 3600;

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

type Form = Record<string, string>;

function field(form: Form, name: string): string {
  const value = form[name];
  if (value === undefined || value === '') {
    throw new ApiError('OAUTH_INVALID_REQUEST', `the form field '${name}' is required for this grant_type`);
  }
  return value;
}

export async function esetOAuthRoutes(app: FastifyInstance): Promise<void> {
  // Only this scope parses forms, and it parses nothing else: JSON here is a 415, as in ESET.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const form: Form = {};
    for (const [key, value] of new URLSearchParams(body as string)) {
      if (key in form) return done(new ApiError('OAUTH_INVALID_REQUEST', `the form field '${key}' is repeated`), undefined);
      form[key] = value;
    }
    done(null, form);
  });

  const issue = (subject: string): TokenResponse => {
    const now = app.clock.now();
    const tokens = app.datasets.primary.tokens;
    const accessToken = newOpaqueToken();
    const refreshToken = newOpaqueToken();
    tokens.save(accessToken, { api: ESET_API, kind: 'access', subject, issuedAt: now, expiresAt: now + ESET_ACCESS_TOKEN_TTL_S * 1000 });
    tokens.save(refreshToken, { api: ESET_API, kind: 'refresh', subject, issuedAt: now, expiresAt: now + ESET_REFRESH_TOKEN_TTL_S * 1000 });
    tokens.purgeExpired(now);
    return { access_token: accessToken, refresh_token: refreshToken, token_type: 'Bearer', expires_in: ESET_ACCESS_TOKEN_TTL_S };
  };

  app.post('/oauth/token', {
    schema: { hide: true },
  }, async (request: FastifyRequest, reply) => {
    if (request.body === undefined || request.body === null) {
      throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send the token request as application/x-www-form-urlencoded');
    }
    const form = request.body as Form;
    const grantType = form.grant_type;
    const dataset = app.datasets.primary;
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    if (grantType === 'password') {
      const username = field(form, 'username');
      const password = field(form, 'password');
      const user = dataset.esetUsers.authenticate(username, password);
      if (!user) throw new ApiError('OAUTH_INVALID_GRANT', 'unknown username or wrong password');
      return issue(user.uuid);
    }
    if (grantType === 'refresh_token') {
      const refreshToken = field(form, 'refresh_token');
      const stored = dataset.tokens.find(refreshToken);
      if (!stored || stored.api !== ESET_API || stored.kind !== 'refresh') {
        throw new ApiError('OAUTH_INVALID_GRANT', 'unknown refresh token');
      }
      const now = app.clock.now();
      if (stored.expiresAt <= now) throw new ApiError('OAUTH_INVALID_GRANT', 'the refresh token has expired');
      return dataset.transaction(() => {
        if (!dataset.tokens.revoke(refreshToken, now)) {
          throw new ApiError('OAUTH_INVALID_GRANT', 'the refresh token was already used (refresh rotates it)');
        }
        return issue(stored.subject);
      });
    }
    if (grantType === undefined || grantType === '') {
      throw new ApiError('OAUTH_INVALID_REQUEST', "the form field 'grant_type' is required (password or refresh_token)");
    }
    throw new ApiError('OAUTH_UNSUPPORTED_GRANT_TYPE', `grant_type '${grantType}' is not supported: use password or refresh_token`);
  });
}
