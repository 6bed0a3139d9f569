/**
 * Which API a URL belongs to, and so which body shape its errors take. One table for the error
 * handler, the not-found handler and the request-id hook alike.
 */
import type { ErrorDialect } from '../errors.js';

const PREFIX_DIALECTS: ReadonlyArray<readonly [string, ErrorDialect]> = [
  ['/oauth/token', 'oauth'],
  ['/v2/', 'eset'],
];

export function dialectOf(url: string): ErrorDialect {
  const path = url.split('?', 1)[0]!;
  for (const [prefix, dialect] of PREFIX_DIALECTS) {
    if (path === prefix || path.startsWith(prefix) || path === prefix.replace(/\/$/, '')) return dialect;
  }
  return 'emulator';
}
