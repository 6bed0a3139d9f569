/**
 * All SQL of the Adversarial organisation: its users, service accounts and incident sources.
 * Client secrets are kept as SHA-256 hashes: they are long random strings (arm_sk_…), for which
 * a fast hash is enough, as for tokens.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SqliteDatabase } from '../../store/database.js';
import type { Role } from './enums.js';
import type { Organisation, ServiceAccountRecord, UserRecord } from './record.js';

export type ServiceAccount = Omit<ServiceAccountRecord, 'clientSecret'>;

interface UserRow {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  icon: string | null;
  active: number;
}

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest();

export function userFromRow(row: UserRow): UserRecord {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    icon: row.icon,
    active: row.active === 1,
  };
}

export class AdversarialAccountRepository {
  private readonly userById;
  private readonly accountById;
  private readonly sourcesStatement;
  private readonly organisationStatement;
  private readonly insertUserStatement;
  private readonly insertAccountStatement;
  private readonly insertSourceStatement;
  private readonly insertOrganisationStatement;

  constructor(private readonly db: SqliteDatabase) {
    this.userById = db.prepare<[string], UserRow>('SELECT id, first_name, last_name, email, icon, active FROM adv_users WHERE id = ?');
    this.accountById = db.prepare<[string], { client_id: string; secret_hash: string; name: string; role: Role; user_id: string }>(
      'SELECT client_id, secret_hash, name, role, user_id FROM adv_service_accounts WHERE client_id = ?',
    );
    this.sourcesStatement = db.prepare<[], { name: string }>('SELECT name FROM adv_sources ORDER BY position, name');
    this.organisationStatement = db.prepare<[], Organisation>('SELECT id, name FROM adv_organisations LIMIT 1');
    this.insertUserStatement = db.prepare(
      'INSERT INTO adv_users (id, first_name, last_name, email, icon, active) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertAccountStatement = db.prepare(
      'INSERT INTO adv_service_accounts (client_id, secret_hash, name, role, user_id) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertSourceStatement = db.prepare('INSERT INTO adv_sources (name, position) VALUES (?, ?)');
    this.insertOrganisationStatement = db.prepare('INSERT INTO adv_organisations (id, name) VALUES (?, ?)');
  }

  user(id: string): UserRecord | undefined {
    const row = this.userById.get(id);
    return row && userFromRow(row);
  }

  serviceAccount(clientId: string): ServiceAccount | undefined {
    const row = this.accountById.get(clientId);
    return row && { clientId: row.client_id, name: row.name, role: row.role, userId: row.user_id };
  }

  /** The account with these credentials, or undefined (unknown id and wrong secret look alike). */
  authenticate(clientId: string, clientSecret: string): ServiceAccount | undefined {
    const row = this.accountById.get(clientId);
    if (!row || !timingSafeEqual(hashSecret(clientSecret), Buffer.from(row.secret_hash, 'hex'))) return undefined;
    return this.serviceAccount(clientId);
  }

  sources(): string[] {
    return this.sourcesStatement.all().map((row) => row.name);
  }

  organisation(): Organisation {
    const organisation = this.organisationStatement.get();
    if (!organisation) throw new Error('the Adversarial dataset has no organisation: it was not seeded');
    return organisation;
  }

  insertOrganisation(organisation: Organisation): void {
    this.insertOrganisationStatement.run(organisation.id, organisation.name);
  }

  insertSources(sources: readonly string[]): void {
    sources.forEach((source, position) => this.insertSourceStatement.run(source, position));
  }

  insertUser(user: UserRecord): void {
    this.insertUserStatement.run(user.id, user.firstName, user.lastName, user.email, user.icon, user.active ? 1 : 0);
  }

  insertServiceAccount(account: ServiceAccountRecord): void {
    this.insertAccountStatement.run(account.clientId, hashSecret(account.clientSecret).toString('hex'), account.name, account.role, account.userId);
  }

  /** Empties the organisation; the incidents that refer to its users must be cleared first. */
  clear(): void {
    this.db.exec('DELETE FROM adv_service_accounts; DELETE FROM adv_users; DELETE FROM adv_sources; DELETE FROM adv_organisations;');
  }
}
