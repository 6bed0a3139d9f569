/**
 * Filling a dataset: from a fixture folder, or from the deterministic generator. Always in one
 * transaction, replacing what was there, so a failed seed leaves the dataset as it was.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAdversarialFixture } from '../fixtures/adversarial-fixture.js';
import { parseEsetFixture } from '../fixtures/eset-wire.js';
import { iterateEsetIncidents } from '../fixtures/generator.js';
import type { AdversarialDataset } from '../apis/adversarial/record.js';
import type { CommentRecord, EsetDataset, EsetUserRecord, IncidentRecord } from '../apis/eset/record.js';
import { withIndexesDeferred } from './bulk-load.js';
import type { Dataset } from './dataset.js';

/** The tables a generated dataset fills in bulk; the membership ones only once every incident is in. */
const MEMBERSHIP_TABLES = ['eset_incident_tags', 'eset_incident_devices', 'eset_incident_detections'];
const BULK_TABLES = ['eset_incidents', 'eset_comments', ...MEMBERSHIP_TABLES];
/** Generated incidents held before they are written: enough for few, large statements, little memory. */
const GENERATED_BATCH = 4096;

export type SeedSource =
  | { kind: 'fixtures'; dir: string }
  | { kind: 'generated'; count: number; seed: number; fixturesDir: string };

export const ESET_FIXTURE_FILE = 'eset.json';
export const ADVERSARIAL_FIXTURE_FILE = 'adversarial.json';

/** Reads one fixture file and hands its JSON to `parse`; every error names the file. */
function loadFixtureFile<T>(dir: string, name: string, parse: (json: unknown, file: string) => T): T {
  const file = join(dir, name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read fixture file ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Fixture file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parse(json, file);
}

/** Reads and validates a folder's eset.json; throws an Error naming the file and what is wrong. */
export const loadEsetFixture = (dir: string): EsetDataset => loadFixtureFile(dir, ESET_FIXTURE_FILE, parseEsetFixture);

/** Reads and validates a folder's adversarial.json (every fixture folder has one). */
export const loadAdversarialFixture = (dir: string): AdversarialDataset =>
  loadFixtureFile(dir, ADVERSARIAL_FIXTURE_FILE, parseAdversarialFixture);

/**
 * What a dataset was seeded from, as answers show it: the fixture set's name, never where it
 * lies on the emulator's disk.
 */
export function describeSeedSource(source: SeedSource): string {
  return source.kind === 'fixtures'
    ? `fixtures:${basename(source.dir)}`
    : `generated:${source.count}:seed=${source.seed}`;
}

/** The same for a value stored by an older emulator, which kept the whole fixtures path. */
export function describeStoredSeedSource(stored: string): string {
  return stored.startsWith('fixtures:') ? `fixtures:${basename(stored.slice('fixtures:'.length))}` : stored;
}

/** A key that tells seed sources apart (two fixture folders of one name in different places too). */
export function seedSourceKey(source: SeedSource): string {
  return source.kind === 'fixtures' ? `fixtures:${source.dir}` : describeSeedSource(source);
}

/** Replaces the Adversarial register and organisation with the fixture's. */
function seedAdversarial(dataset: Dataset, fixture: AdversarialDataset): void {
  const { adversarialAccounts: accounts, adversarialIncidents: incidents } = dataset;
  incidents.clear();
  accounts.clear();
  accounts.insertOrganisation(fixture.organisation);
  accounts.insertSources(fixture.sources);
  for (const user of fixture.users) accounts.insertUser(user);
  for (const account of fixture.serviceAccounts) accounts.insertServiceAccount(account);
  for (const tag of fixture.tags) incidents.insertTag(tag);
  for (const incident of fixture.incidents) incidents.insert(incident);
  for (const comment of fixture.comments) incidents.insertComment(comment);
}

function loadGenerated(dataset: Dataset, source: SeedSource & { kind: 'generated' }, users: readonly EsetUserRecord[]): void {
  let incidents: IncidentRecord[] = [];
  let comments: CommentRecord[] = [];
  const write = () => {
    dataset.esetIncidents.insertMany(incidents);
    dataset.esetComments.insertMany(comments);
    incidents = [];
    comments = [];
  };
  for (const generated of iterateEsetIncidents({ count: source.count, seed: source.seed, users })) {
    incidents.push(generated.incident);
    for (const comment of generated.comments) comments.push(comment);
    if (incidents.length === GENERATED_BATCH) write();
  }
  write();
  dataset.esetIncidents.fillMembership();
}

export function seedDataset(dataset: Dataset, source: SeedSource): void {
  // Users come from the fixtures either way: generated incidents are assigned to them. The
  // generator makes ESET incidents only; a generated dataset has the folder's Adversarial register.
  const dir = source.kind === 'fixtures' ? source.dir : source.fixturesDir;
  const fixture = loadEsetFixture(dir);
  const adversarial = loadAdversarialFixture(dir);
  dataset.transaction(() => {
    seedAdversarial(dataset, adversarial);
    dataset.esetIncidents.clear();
    dataset.esetUsers.clear();
    for (const user of fixture.users) dataset.esetUsers.insert(user);
    if (source.kind === 'fixtures') {
      for (const incident of fixture.incidents) dataset.esetIncidents.insert(incident);
      for (const comment of fixture.comments) dataset.esetComments.insert(comment);
    } else {
      withIndexesDeferred(dataset.db, BULK_TABLES, MEMBERSHIP_TABLES, () => loadGenerated(dataset, source, fixture.users));
    }
    dataset.meta.set('seeded_from', describeSeedSource(source));
  });
}
