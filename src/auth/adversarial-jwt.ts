/**
 * Adversarial's tokens are HS256 JWTs. Signing is a dozen lines of node:crypto, so no library:
 * the emulator never needs to verify one by signature, because every token it issued is stored
 * (hashed) with its API, kind, expiry and revocation, and the bearer check looks it up there.
 * The claims are for clients that decode their token (to read `exp`, say).
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { MetaRepository } from '../store/meta-repository.js';

const SECRET_KEY = 'adversarial_jwt_secret';

export interface TokenClaims {
  sub: string;
  role: string;
  token_use: 'access' | 'refresh';
  /** Epoch milliseconds; written as seconds, as JWTs do. */
  issuedAt: number;
  expiresAt: number;
}

const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(claims: TokenClaims, secret: Buffer): string {
  const { issuedAt, expiresAt, ...rest } = claims;
  const header = segment({ alg: 'HS256', typ: 'JWT' });
  const payload = segment({
    iss: 'incident-emulator',
    aud: 'adversarial',
    ...rest,
    iat: Math.floor(issuedAt / 1000),
    exp: Math.floor(expiresAt / 1000),
    // Unique even when the same account gets two tokens in the same second (a frozen clock).
    jti: randomUUID(),
  });
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The signing key, kept with the data so that it is the same after a restart. */
export function jwtSecret(meta: MetaRepository): Buffer {
  const stored = meta.get(SECRET_KEY);
  if (stored) return Buffer.from(stored, 'hex');
  const secret = randomBytes(32);
  meta.set(SECRET_KEY, secret.toString('hex'));
  return secret;
}
