/**
 * CORS, so a frontend on its own dev server can call the emulator from the browser. Allowed
 * origins come from --cors-origins (default: any port on localhost and 127.0.0.1); preflight
 * requests are answered; the emulator's own response headers are exposed to scripts — on every
 * answer, errors, 202s and injected faults included, since a browser hides what it may not read.
 */
import cors from '@fastify/cors';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';

const EXPOSED_HEADERS = [
  'request-id',
  'response-id',
  'x-emulator-reason',
  'x-emulator-error',
  'x-emulator-fault',
  'x-emulator-warning',
  'retry-after',
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One configured origin as a matcher: "http://host:*" allows any port. */
function originMatcher(origin: string): (candidate: string) => boolean {
  if (origin === 'localhost') {
    const local = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;
    return (candidate) => local.test(candidate);
  }
  if (origin.endsWith(':*')) {
    const anyPort = new RegExp(`^${escape(origin.slice(0, -2))}(:\\d+)?$`);
    return (candidate) => anyPort.test(candidate);
  }
  return (candidate) => candidate === origin;
}

/** Whether --cors-origins lets a page of this origin read the emulator's answers. */
export function originPolicy(origins: readonly string[]): (origin: string) => boolean {
  if (origins.includes('off')) return () => false;
  if (origins.includes('*')) return () => true;
  const matchers = origins.map(originMatcher);
  return (origin) => matchers.some((matches) => matches(origin));
}

/**
 * The CORS headers of an answer given outside the request lifecycle (a URL the router cannot
 * read), where the plugin's hook never runs.
 */
export function addCorsHeaders(request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || !originPolicy(request.server.config.corsOrigins)(origin)) return;
  reply
    .header('access-control-allow-origin', origin)
    .header('access-control-expose-headers', EXPOSED_HEADERS.join(', '))
    .header('vary', 'Origin');
}

export const corsPlugin = fp(
  async (app) => {
    const origins = app.config.corsOrigins;
    if (origins.includes('off')) return;
    const allowed = originPolicy(origins);
    await app.register(cors, {
      origin: (origin, callback) => callback(null, origin !== undefined && allowed(origin)),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    });
  },
  { name: 'cors', dependencies: ['datasets'] },
);
