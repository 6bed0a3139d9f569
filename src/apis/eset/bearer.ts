/**
 * The bearer check of every /v2 route, run before the body is read. As ESET documents it: a
 * missing or malformed Authorization header is a 400 ("Bad or missing authorization"); an
 * unknown, revoked or expired token is a 401.
 */
import type { FastifyInstance } from 'fastify';
import { bearerTokenOf, checkAccessToken } from '../../auth/bearer.js';
import { invalidArgument, unauthenticated } from '../../errors.js';
import { ESET_API, ESET_TOKEN_ENDPOINT } from './oauth.js';

export async function esetBearerAuth(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw invalidArgument(`missing Authorization header: send "Authorization: Bearer <access_token>" from POST ${ESET_TOKEN_ENDPOINT}`);
    }
    const token = bearerTokenOf(header);
    if (token === undefined) throw invalidArgument('malformed Authorization header: expected "Bearer <access_token>"');
    const check = checkAccessToken(app.tokens, token, ESET_API, ESET_TOKEN_ENDPOINT, app.clock.now());
    if (!check.ok) throw unauthenticated(check.reason);
    request.principal = { api: ESET_API, subject: check.token.subject };
  });
}
