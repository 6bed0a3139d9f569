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
const loadAdversarialFixture = (dir: string): AdversarialDataset =>
  loadFixtureFile(dir, ADVERSARIAL_FIXTURE_FILE, parseAdversarialFixture);

type Credentials = { clientId: string; clientSecret: string; role: string };
type AccountEntry = { client_id: string; client_secret: string; role: string };
const isAccountEntry = (value: unknown): value is AccountEntry =>
  ['client_id', 'client_secret', 'role'].every((key) => typeof (value as Record<string, unknown> | null)?.[key] === 'string');

/**
 * The service accounts' credentials, for the banner: read without validating the whole file again
 * (the seed did, or the seed image was made from these very files). A file of another shape is
 * read in full, so that its error is the seed's.
 */
export const adversarialFixtureCredentials = (dir: string): Credentials[] =>
  loadFixtureFile(dir, ADVERSARIAL_FIXTURE_FILE, (json, file) => {
    const accounts = (json as { service_accounts?: unknown } | null)?.service_accounts;
    return Array.isArray(accounts) && accounts.every(isAccountEntry)
      ? accounts.map((account) => ({ clientId: account.client_id, clientSecret: account.client_secret, role: account.role }))
      : parseAdversarialFixture(json, file).serviceAccounts;
  });

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
