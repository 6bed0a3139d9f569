/**
 * What protects the control API, decided on the route that matched (its config), never on the
 * request's URL text — `/%5femulator/reset`, `//_emulator/reset` and an absolute-form target all
 * reach the same route and meet the same checks:
 *   - with --control-token, every control route but health and ready needs the token;
 *   - a state-changing request (POST, PUT, PATCH, DELETE) coming from a web page of another
 *     origin is refused (403): a page a developer happens to open cannot reset their emulator.
 *     Browsers send `Origin` on every cross-origin write and `Sec-Fetch-Site` on every request;
 *     the emulator's own pages (same origin) and the origins --cors-origins allows pass, and
 *     so does every request without `Origin` (curl, test clients, server-side tools);
 *   - a control request body must be JSON (415 otherwise), so an HTML form cannot post one.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { ApiError, unauthenticated } from '../errors.js';
import { CONTROL_TOKEN_HEADER } from '../emulator-headers.js';
import { originPolicy } from '../plugins/cors.js';

/** What a control route declares about itself in its `config`. */
interface ControlRouteConfig {
  /** Answered without the control token (health and ready). */
  controlOpen?: boolean;
  /** Set on every control route by controlGuard's onRoute hook. */
  controlRoute?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig extends ControlRouteConfig {}
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function checkToken(request: FastifyRequest, token: string): void {
  const bearer = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '')?.[1];
  const header = request.headers[CONTROL_TOKEN_HEADER];
  if (!tokenMatches(bearer, token) && !tokenMatches(typeof header === 'string' ? header : undefined, token)) {
    throw unauthenticated(`the control API needs the control token: send "Authorization: Bearer <token>" or ${CONTROL_TOKEN_HEADER}`);
  }
}

/** The origin the request was sent to, as a browser writes an Origin header for it. */
function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${String(request.headers.host ?? '').toLowerCase()}`;
}

function checkOrigin(request: FastifyRequest, allowedOrigin: (origin: string) => boolean): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.headers['sec-fetch-site'] === 'cross-site') {
    throw new ApiError('PERMISSION_DENIED', 'a state-changing control request from a cross-site page is refused (Sec-Fetch-Site: cross-site)');
  }
  const origin = request.headers.origin;
  if (origin === undefined || origin.toLowerCase() === ownOrigin(request) || allowedOrigin(origin)) return;
  throw new ApiError(
    'PERMISSION_DENIED',
    `a state-changing control request from origin '${origin}' is refused: only the emulator's own origin and those --cors-origins allows may send one`,
  );
}

function checkContentType(request: FastifyRequest): void {
  const type = request.headers['content-type'];
  if (type === undefined || SAFE_METHODS.has(request.method)) return;
  const media = type.split(';', 1)[0]!.trim().toLowerCase();
  if (media !== 'application/json') {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `a control request body must be application/json, not '${media}'`);
  }
}

/**
 * Registers the checks on the control API's scope. `isControlRoute` tells, from a route's own
 * declaration, whether it is a control route (the documents served beside it are not).
 */
export function controlGuard(scope: FastifyInstance, isControlRoute: (route: RouteOptions) => boolean): void {
  scope.addHook('onRoute', (route) => {
    if (isControlRoute(route)) route.config = { ...route.config, controlRoute: true };
  });
  const { controlToken } = scope.config;
  const allowedOrigin = originPolicy(scope.config.corsOrigins);
  scope.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (!config.controlRoute) return;
    if (controlToken !== '' && !config.controlOpen) checkToken(request, controlToken);
    checkOrigin(request, allowedOrigin);
    checkContentType(request);
  });
}
