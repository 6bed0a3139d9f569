/**
 * Adversarial's tokens are HS256 JWTs. Signing is a dozen lines of node:crypto, so no library:
 * the emulator never needs to verify one by signature, because every token it issued is stored
 * (hashed) with its API, kind, expiry and revocation, and the bearer check looks it up there.
 * The claims are for clients that decode their token (to read `exp`, say).
 */
import { createHmac, randomUUID } from 'node:crypto';

/** The name of the signing key in the token store (kept, so tokens verify after a restart). */
export const JWT_KEY = 'adversarial_jwt';

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
