/**
 * What both token endpoints do with tokens once the caller is known: issue an access/refresh pair
 * (stored, hashed, with its API, subject and expiry on the emulator clock) and redeem a refresh
 * token, which works once (a refresh rotates the pair, RFC 6749 §6) and only at the API it was
 * issued by. Only the token format differs between the APIs: `mint`.
 */
import { ApiError } from '../errors.js';
import type { TokenKind, TokenStore } from './token-store.js';

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export interface TokenPolicy {
  api: string;
  accessTtlS: number;
  refreshTtlS: number;
  mint(token: { kind: TokenKind; subject: string; issuedAt: number; expiresAt: number }): string;
}

export function issueTokenPair(tokens: TokenStore, policy: TokenPolicy, subject: string, now: number): TokenResponse {
  const [accessToken, refreshToken] = (['access', 'refresh'] as const).map((kind) => {
    const stored = { api: policy.api, kind, subject, issuedAt: now, expiresAt: now + (kind === 'access' ? policy.accessTtlS : policy.refreshTtlS) * 1000 };
    const token = policy.mint(stored);
    tokens.save(token, stored);
    return token;
  });
  tokens.purgeExpired(now);
  return { access_token: accessToken!, refresh_token: refreshToken!, token_type: 'Bearer', expires_in: policy.accessTtlS };
}

/**
 * Spends `refreshToken` and issues a new pair for its subject, in one transaction. With
 * `client`, the token must have been issued to that client.
 */
export function refreshTokenPair(tokens: TokenStore, policy: TokenPolicy, refreshToken: string, now: number, client?: string): TokenResponse {
  const stored = tokens.find(refreshToken);
  if (!stored || stored.api !== policy.api || stored.kind !== 'refresh') throw new ApiError('OAUTH_INVALID_GRANT', 'unknown refresh token');
  if (client !== undefined && stored.subject !== client) throw new ApiError('OAUTH_INVALID_GRANT', 'the refresh token was issued to another client');
  if (stored.expiresAt <= now) throw new ApiError('OAUTH_INVALID_GRANT', 'the refresh token has expired');
  return tokens.transaction(() => {
    if (!tokens.revoke(refreshToken, now)) {
      throw new ApiError('OAUTH_INVALID_GRANT', 'the refresh token was already used (refresh rotates it)');
    }
    return issueTokenPair(tokens, policy, stored.subject, now);
  });
}
