/**
 * A dataset: one SQLite database holding one tenant's complete state, with the repositories that
 * own its SQL. Tenants never share a database, so a reset, snapshot or restore of one cannot
 * touch another.
 */
import { AdversarialAccountRepository } from '../apis/adversarial/account-repository.js';
import { AdversarialIncidentRepository } from '../apis/adversarial/incident-repository.js';
import { EsetCommentRepository } from '../apis/eset/comment-repository.js';
import { EsetIncidentRepository } from '../apis/eset/incident-repository.js';
import { incidentListItemJson } from '../apis/eset/mapper.js';
import { EsetUserRepository } from '../apis/eset/user-repository.js';
import { TokenRepository } from '../auth/token-repository.js';
import { openDatabase, type SqliteDatabase } from './database.js';
import { MetaRepository } from './meta-repository.js';

export class Dataset {
  readonly meta: MetaRepository;
  readonly esetIncidents: EsetIncidentRepository;
  readonly esetComments: EsetCommentRepository;
  readonly esetUsers: EsetUserRepository;
  readonly tokens: TokenRepository;
  readonly adversarialAccounts: AdversarialAccountRepository;
  readonly adversarialIncidents: AdversarialIncidentRepository;
  /** Requests using this dataset now: the registry never closes one in use (store/registry.ts). */
  private users = 0;

  constructor(
    readonly tenant: string,
    readonly db: SqliteDatabase,
  ) {
    this.meta = new MetaRepository(db);
    this.esetIncidents = new EsetIncidentRepository(db, incidentListItemJson);
    this.esetComments = new EsetCommentRepository(db);
    this.esetUsers = new EsetUserRepository(db);
    this.tokens = new TokenRepository(db);
    this.adversarialAccounts = new AdversarialAccountRepository(db);
    this.adversarialIncidents = new AdversarialIncidentRepository(db);
  }

  /** A dataset of a database file, IN_MEMORY, or an in-memory copy of a serialized image. */
  static open(tenant: string, path: string | Buffer): Dataset {
    return new Dataset(tenant, openDatabase(path));
  }

  get inUse(): boolean {
    return this.users > 0;
  }

  /** Marks the dataset as used by one more request, until the returned release is called (once). */
  use(): () => void {
    this.users++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.users--;
    };
  }

  /**
   * Runs `work` in one transaction: it all happens, or (when it throws) none of it. The write lock
   * is taken at the start (BEGIN IMMEDIATE): a transaction that read first and then wanted to
   * write would fail at once with "database is locked" when another process (a second emulator
   * on the same file) wrote in between; taken first, it waits its turn within the busy timeout.
   */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
