/**
 * CORS, so a frontend on its own dev server can call the emulator from the browser. Allowed
 * origins come from --cors-origins (default: any port on localhost and 127.0.0.1); preflight
 * requests are answered; the emulator's own response headers are exposed to scripts.
 */
import cors from '@fastify/cors';
import fp from 'fastify-plugin';

export const EXPOSED_HEADERS = ['request-id', 'response-id', 'x-emulator-reason', 'x-emulator-error', 'x-emulator-fault', 'retry-after'];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One configured origin as a matcher: "http://host:*" allows any port. */
function originMatcher(origin: string): string | RegExp {
  if (origin === 'localhost') return /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;
  if (origin.endsWith(':*')) return new RegExp(`^${escape(origin.slice(0, -2))}(:\\d+)?$`);
  return origin;
}

/** Whether --cors-origins lets a page on `origin` call the emulator ('off' allows none). */
export function corsAllows(origins: readonly string[], origin: string): boolean {
  if (origins.includes('off')) return false;
  if (origins.includes('*')) return true;
  return origins.map(originMatcher).some((matcher) => (typeof matcher === 'string' ? matcher === origin : matcher.test(origin)));
}

export const corsPlugin = fp(
  async (app) => {
    const origins = app.config.corsOrigins;
    if (origins.includes('off')) return;
    await app.register(cors, {
      origin: origins.includes('*') ? true : origins.map(originMatcher),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    });
  },
  { name: 'cors', dependencies: ['datasets'] },
);
