/**
 * Filling Adversarial's tables from the folder's adversarial.json: the organisation, its sources,
 * users, service accounts and tags, the register and its comments. A generated dataset keeps the
 * folder's register (the generator makes ESET incidents only).
 */
import type { Dataset } from '../../store/dataset.js';
import { fixtureDirOf, loadFixtureFile, type SeedSource } from '../../store/seed-source.js';
import { parseAdversarialFixture } from './fixture.js';
import type { AdversarialDataset } from './record.js';
import { adversarialStore } from './store.js';

export const ADVERSARIAL_FIXTURE_FILE = 'adversarial.json';

/** Reads and validates a folder's adversarial.json (every fixture folder has one). */
export const loadAdversarialFixture = (dir: string): AdversarialDataset =>
  loadFixtureFile(dir, ADVERSARIAL_FIXTURE_FILE, parseAdversarialFixture);

export function seedAdversarial(dataset: Dataset, source: SeedSource): void {
  const fixture = loadAdversarialFixture(fixtureDirOf(source));
  const { accounts, incidents, comments } = adversarialStore(dataset);
  incidents.clear();
  accounts.clear();
  accounts.insertOrganisation(fixture.organisation);
  accounts.insertSources(fixture.sources);
  for (const user of fixture.users) accounts.insertUser(user);
  for (const account of fixture.serviceAccounts) accounts.insertServiceAccount(account);
  for (const tag of fixture.tags) incidents.insertTag(tag);
  for (const incident of fixture.incidents) incidents.insert(incident);
  for (const comment of fixture.comments) comments.insert(comment);
}
