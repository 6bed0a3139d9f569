/**
 * The part of a bearer check both APIs share: reading the token from the Authorization header and
 * deciding whether the token store knows it as a live access token of that API. What a refusal
 * looks like (status, body, www-authenticate) is each API's own.
 */
import type { StoredToken, TokenStore } from './token-store.js';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The token of a well-formed `Bearer <token>` header, else undefined. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

export type AccessCheck = { ok: true; token: StoredToken } | { ok: false; reason: string };

/**
 * Whether `token` is an access token issued by `api` that is neither revoked nor expired (on the
 * emulator clock); `tokenEndpoint` is named in the reasons, as where to get a good one.
 */
export function checkAccessToken(tokens: TokenStore, token: string, api: string, tokenEndpoint: string, now: number): AccessCheck {
  const stored = tokens.find(token);
  if (!stored || stored.api !== api) return { ok: false, reason: 'unknown access token' };
  if (stored.kind !== 'access') return { ok: false, reason: `this is a refresh token: use it at POST ${tokenEndpoint}, send the access token here` };
  if (stored.revokedAt !== null) return { ok: false, reason: 'the access token has been revoked' };
  if (stored.expiresAt <= now) return { ok: false, reason: 'the access token has expired: get a new one with the refresh token' };
  return { ok: true, token: stored };
}
