/** ESET users: who may get a token with the password grant. Passwords are kept as scrypt hashes. */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { SqliteDatabase } from '../../store/database.js';
import type { EsetUserRecord } from './record.js';

export interface EsetUser {
  uuid: string;
  username: string;
  displayName: string;
  /** May read but not write. */
  readOnly: boolean;
}

const USER_COLUMNS = 'uuid, username, display_name AS displayName, read_only AS readOnly';
type UserRow = Omit<EsetUser, 'readOnly'> & { readOnly: number };
const toUser = ({ readOnly, ...row }: UserRow): EsetUser => ({ ...row, readOnly: readOnly === 1 });

// A low scrypt cost: these are documented test credentials, and a token request must stay fast.
const SCRYPT = { N: 1024, r: 8, p: 1 } as const;

function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  return `${salt.toString('hex')}:${scryptSync(password, salt, 32, SCRYPT).toString('hex')}`;
}

/**
 * Every reset and every new tenant seeds the same users again: one salted hash per password and
 * process serves them all (a fresh salt per process still keeps databases apart). Bounded, as a
 * fixture may hold any number of users.
 */
const seededHashes = new Map<string, string>();
const MAX_SEEDED_HASHES = 1000;

function seededHash(password: string): string {
  let hash = seededHashes.get(password);
  if (hash === undefined) {
    hash = hashPassword(password);
    if (seededHashes.size >= MAX_SEEDED_HASHES) seededHashes.delete(seededHashes.keys().next().value!);
    seededHashes.set(password, hash);
  }
  return hash;
}

function passwordMatches(password: string, stored: string): boolean {
  const [saltHex, hashHex] = stored.split(':');
  if (!saltHex || !hashHex) return false;
  const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), 32, SCRYPT);
  return timingSafeEqual(actual, Buffer.from(hashHex, 'hex'));
}

export class EsetUserRepository {
  private readonly byUsername;
  private readonly byUuid;
  private readonly insertStatement;

  constructor(private readonly db: SqliteDatabase) {
    this.byUsername = db.prepare<[string], UserRow & { passwordHash: string }>(
      `SELECT ${USER_COLUMNS}, password_hash AS passwordHash FROM eset_users WHERE username = ?`,
    );
    this.byUuid = db.prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM eset_users WHERE uuid = ?`);
    this.insertStatement = db.prepare(
      'INSERT INTO eset_users (uuid, username, password_hash, display_name, read_only) VALUES (?, ?, ?, ?, ?)',
    );
  }

  /** The user with these credentials, or undefined (unknown user and wrong password look alike). */
  authenticate(username: string, password: string): EsetUser | undefined {
    const row = this.byUsername.get(username);
    if (!row || !passwordMatches(password, row.passwordHash)) return undefined;
    const { passwordHash: _hash, ...user } = row;
    return toUser(user);
  }

  get(uuid: string): EsetUser | undefined {
    const row = this.byUuid.get(uuid);
    return row && toUser(row);
  }

  insert(user: EsetUserRecord): void {
    this.insertStatement.run(user.uuid, user.username, seededHash(user.password), user.displayName, user.readOnly ? 1 : 0);
  }

  clear(): void {
    this.db.exec('DELETE FROM eset_users');
  }
}
