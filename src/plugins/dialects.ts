/**
 * Which API a URL belongs to, and so which body shape its errors take. One table for the error
 * handler, the not-found handler and the request-id hook alike.
 */
import type { FastifyRequest } from 'fastify';
import type { ErrorDialect } from '../errors.js';

const PREFIX_DIALECTS: ReadonlyArray<readonly [string, ErrorDialect]> = [
  ['/oauth/token', 'oauth'],
  ['/v2/', 'eset'],
  // Adversarial's token endpoint answers in RFC 6749 bodies; everything else under v1 is its API.
  ['/api/v1/oauth/token', 'oauth'],
  ['/v1/oauth/token', 'oauth'],
  ['/api/v1/', 'adversarial'],
  ['/v1/', 'adversarial'],
];

/**
 * The path a request is known by: its matched route's declared one, whatever spelling reached it
 * (`/v%32/incidents` is the ESET list), else — no route matched — the request's own.
 */
export function routePathOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? request.url;
}

export function dialectOf(url: string): ErrorDialect {
  const path = url.split('?', 1)[0]!;
  for (const [prefix, dialect] of PREFIX_DIALECTS) {
    if (path === prefix || path.startsWith(prefix) || path === prefix.replace(/\/$/, '')) return dialect;
  }
  return 'emulator';
}
