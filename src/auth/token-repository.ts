/**
 * Issued OAuth tokens of both APIs, stored (as SHA-256 hashes) so that they survive a restart.
 * Expiry is compared with the emulator's clock by the caller, never with the wall clock here.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../store/database.js';

export type TokenKind = 'access' | 'refresh';

export interface StoredToken {
  api: string;
  kind: TokenKind;
  subject: string;
  issuedAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export class TokenRepository {
  private readonly insertStatement;
  private readonly findStatement;
  private readonly revokeStatement;
  private readonly purgeStatement;

  constructor(db: SqliteDatabase) {
    this.insertStatement = db.prepare(
      'INSERT INTO oauth_tokens (token_hash, api, kind, subject, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.findStatement = db.prepare<[string], StoredToken>(
      `SELECT api, kind, subject, issued_at AS issuedAt, expires_at AS expiresAt, revoked_at AS revokedAt
       FROM oauth_tokens WHERE token_hash = ?`,
    );
    this.revokeStatement = db.prepare('UPDATE oauth_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL');
    this.purgeStatement = db.prepare('DELETE FROM oauth_tokens WHERE expires_at < ?');
  }

  save(token: string, stored: Omit<StoredToken, 'revokedAt'>): void {
    this.insertStatement.run(hashToken(token), stored.api, stored.kind, stored.subject, stored.issuedAt, stored.expiresAt);
  }

  find(token: string): StoredToken | undefined {
    return this.findStatement.get(hashToken(token));
  }

  /** True when this call revoked it (false when it was already revoked or unknown). */
  revoke(token: string, at: number): boolean {
    return this.revokeStatement.run(at, hashToken(token)).changes === 1;
  }

  /** Drops tokens that expired before `before`, so the table does not grow without bound. */
  purgeExpired(before: number): void {
    this.purgeStatement.run(before);
  }
}
