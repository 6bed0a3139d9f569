/** Adversarial's part of every dataset: its repositories, made once per dataset. */
import type { Dataset } from '../../store/dataset.js';
import type { SqliteDatabase } from '../../store/database.js';
import { AdversarialAccountRepository } from './account-repository.js';
import { AdversarialCommentRepository } from './comment-repository.js';
import { AdversarialIncidentRepository } from './incident-repository.js';

export interface AdversarialStore {
  accounts: AdversarialAccountRepository;
  incidents: AdversarialIncidentRepository;
  comments: AdversarialCommentRepository;
}

const openStore = (db: SqliteDatabase): AdversarialStore => {
  const accounts = new AdversarialAccountRepository(db);
  return { accounts, incidents: new AdversarialIncidentRepository(db), comments: new AdversarialCommentRepository(db, accounts) };
};

export const adversarialStore = (dataset: Dataset): AdversarialStore => dataset.part(openStore);
