/**
 * The bearer check of every /v2 route, run before the body is read. As ESET documents it: a
 * missing or malformed Authorization header is a 400 ("Bad or missing authorization"); an
 * unknown, revoked or expired token is a 401.
 */
import type { FastifyInstance } from 'fastify';
import { invalidArgument, unauthenticated } from '../errors.js';
import { ESET_API } from './eset-oauth.js';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export async function esetBearerAuth(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw invalidArgument('missing Authorization header: send "Authorization: Bearer <access_token>" from POST /oauth/token');
    }
    const match = BEARER.exec(header);
    if (!match) throw invalidArgument('malformed Authorization header: expected "Bearer <access_token>"');
    const stored = app.datasets.primary.tokens.find(match[1]!);
    if (!stored || stored.api !== ESET_API) throw unauthenticated('unknown access token');
    if (stored.kind !== 'access') throw unauthenticated('this is a refresh token: use it at POST /oauth/token, send the access token here');
    if (stored.revokedAt !== null) throw unauthenticated('the access token has been revoked');
    if (stored.expiresAt <= app.clock.now()) throw unauthenticated('the access token has expired: get a new one with the refresh token');
    request.principal = { api: 'eset', subject: stored.subject };
  });
}
