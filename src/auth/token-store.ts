/**
 * The one store of issued OAuth tokens (both APIs, every tenant) and of the emulator's signing
 * keys: a small SQLite database of its own, beside the default one (tokens.sqlite) or in memory.
 * Tokens are kept as SHA-256 hashes, so a leaked file holds no usable token; they survive a
 * restart, and no tenant copy, reset or snapshot carries them. Expiry is compared with the
 * emulator's clock by the caller, never with the wall clock here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { IN_MEMORY, openDatabase, type SqliteDatabase } from '../store/database.js';
import type { SchemaPart } from '../store/schema.js';

export type TokenKind = 'access' | 'refresh';

export interface StoredToken {
  api: string;
  kind: TokenKind;
  subject: string;
  issuedAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

const TOKEN_SCHEMA: SchemaPart = {
  name: 'tokens',
  migrations: [
    {
      version: 1,
      description: 'issued tokens and signing keys',
      sql: `
CREATE TABLE oauth_tokens (
  token_hash TEXT    NOT NULL PRIMARY KEY,
  api        TEXT    NOT NULL,
  kind       TEXT    NOT NULL CHECK (kind IN ('access', 'refresh')),
  subject    TEXT    NOT NULL,
  issued_at  INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
) WITHOUT ROWID;
CREATE INDEX oauth_tokens_by_expiry ON oauth_tokens (expires_at);
CREATE TABLE signing_keys (
  name TEXT NOT NULL PRIMARY KEY,
  key  BLOB NOT NULL
) WITHOUT ROWID;`,
    },
  ],
};

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Where the token store of a default database lives: beside it, or in memory with it. */
export const tokenStorePath = (datasetPath: string) => (datasetPath === IN_MEMORY ? IN_MEMORY : join(dirname(datasetPath), 'tokens.sqlite'));

/** Tokens found recently, by the token itself: every API request checks one, most the same few. */
const FOUND_CACHE_SIZE = 4096;

export class TokenStore {
  private readonly db: SqliteDatabase;
  private readonly insertStatement;
  private readonly findStatement;
  private readonly revokeStatement;
  private readonly purgeStatement;
  private readonly dataVersionStatement;
  /**
   * Known tokens as last read, so that a bearer check costs no query and no hash. Only tokens
   * that exist are kept (unknown ones would let anyone fill it), at most FOUND_CACHE_SIZE, oldest
   * first out. This process's own revocations and purges update it; another process's commits to
   * the same file change PRAGMA data_version, which empties it.
   */
  private readonly found = new Map<string, StoredToken>();
  private dataVersion: number;

  constructor(path: string) {
    this.db = openDatabase(path, [TOKEN_SCHEMA]);
    this.insertStatement = this.db.prepare(
      'INSERT INTO oauth_tokens (token_hash, api, kind, subject, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.findStatement = this.db.prepare<[string], StoredToken>(
      `SELECT api, kind, subject, issued_at AS issuedAt, expires_at AS expiresAt, revoked_at AS revokedAt
       FROM oauth_tokens WHERE token_hash = ?`,
    );
    this.revokeStatement = this.db.prepare('UPDATE oauth_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL');
    this.purgeStatement = this.db.prepare('DELETE FROM oauth_tokens WHERE expires_at < ?');
    // Only a file has other connections (another emulator process on the same folder).
    this.dataVersionStatement = this.db.memory ? undefined : this.db.prepare<[], number>('PRAGMA data_version').pluck();
    this.dataVersion = this.dataVersionStatement?.get() ?? 0;
  }

  save(token: string, stored: Omit<StoredToken, 'revokedAt'>): void {
    this.insertStatement.run(hashToken(token), stored.api, stored.kind, stored.subject, stored.issuedAt, stored.expiresAt);
  }

  find(token: string): StoredToken | undefined {
    const dataVersion = this.dataVersionStatement?.get() ?? 0;
    if (dataVersion !== this.dataVersion) {
      this.found.clear();
      this.dataVersion = dataVersion;
    }
    const cached = this.found.get(token);
    if (cached) return cached;
    const stored = this.findStatement.get(hashToken(token));
    if (stored) {
      if (this.found.size >= FOUND_CACHE_SIZE) this.found.delete(this.found.keys().next().value!);
      this.found.set(token, stored);
    }
    return stored;
  }

  /** True when this call revoked it (false when it was already revoked or unknown). */
  revoke(token: string, at: number): boolean {
    this.found.delete(token);
    return this.revokeStatement.run(at, hashToken(token)).changes === 1;
  }

  /** Drops tokens that expired before `before`, so the table does not grow without bound. */
  purgeExpired(before: number): void {
    if (this.purgeStatement.run(before).changes > 0) this.found.clear();
  }

  /** Runs `work` in one transaction, the write lock taken first (see Dataset.transaction). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /**
   * The signing key of that name (page tokens, JWTs), made on first use and kept, so that what
   * was signed before a restart still verifies after it. Two processes on one file agree: the
   * first to store a key wins.
   */
  signingKey(name: string): Buffer {
    this.db.prepare('INSERT INTO signing_keys (name, key) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, randomBytes(32));
    return (this.db.prepare<[string], { key: Buffer }>('SELECT key FROM signing_keys WHERE name = ?').get(name))!.key;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
