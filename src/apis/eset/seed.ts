/**
 * Filling ESET's tables: the users always from the folder's eset.json; the incidents and comments
 * from it too, or from the generator (assigned to those users), loaded in bulk.
 */
import { withIndexesDeferred } from '../../store/bulk-load.js';
import type { Dataset } from '../../store/dataset.js';
import { fixtureDirOf, loadFixtureFile, type SeedSource } from '../../store/seed-source.js';
import { parseEsetFixture } from './fixture.js';
import { generatedRowBatches } from './generated-rows.js';
import type { EsetDataset } from './record.js';
import { esetStore } from './store.js';

export const ESET_FIXTURE_FILE = 'eset.json';

/** The tables a generated dataset fills in bulk; the membership ones only once every incident is in. */
const MEMBERSHIP_TABLES = ['eset_incident_tags', 'eset_incident_devices', 'eset_incident_detections'];
const BULK_TABLES = ['eset_incidents', 'eset_comments', ...MEMBERSHIP_TABLES];
/** What a generated incident takes in the database, its comments, list rows and index entries included (measured). */
const BYTES_PER_GENERATED_INCIDENT = 3600;

/** Reads and validates a folder's eset.json; throws an Error naming the file and what is wrong. */
export const loadEsetFixture = (dir: string): EsetDataset => loadFixtureFile(dir, ESET_FIXTURE_FILE, parseEsetFixture);

type Login = { username: string; password: string };
const isLogin = (value: unknown): value is Login =>
  typeof (value as Login | null)?.username === 'string' && typeof (value as Login).password === 'string';

/**
 * The fixture users' logins, for the banner: read without checking the whole file again (the
 * seed checked it, or the seed image was made from these very files), which a start would
 * otherwise spend most of its fixture time on. A file of another shape is read in full, so that
 * its error is the seed's.
 */
export const esetFixtureLogins = (dir: string): Login[] =>
  loadFixtureFile(dir, ESET_FIXTURE_FILE, (json, file) => {
    const users = (json as { users?: unknown } | null)?.users;
    return Array.isArray(users) && users.every(isLogin) ? users : parseEsetFixture(json, file).users;
  });

export function seedEset(dataset: Dataset, source: SeedSource): void {
  const fixture = loadEsetFixture(fixtureDirOf(source));
  const { incidents, comments, users } = esetStore(dataset);
  incidents.clear();
  users.clear();
  for (const user of fixture.users) users.insert(user);
  if (source.kind === 'fixtures') {
    for (const incident of fixture.incidents) incidents.insert(incident);
    for (const comment of fixture.comments) comments.insert(comment);
    return;
  }
  // The rows number the incidents from 1, as the cleared table does.
  const batches = generatedRowBatches({ count: source.count, seed: source.seed, users: fixture.users });
  const load = { tables: BULK_TABLES, filledLast: MEMBERSHIP_TABLES, expectedBytes: source.count * BYTES_PER_GENERATED_INCIDENT };
  withIndexesDeferred(dataset.db, load, () => {
    for (const rows of batches) {
      incidents.insertRows(rows.incidents);
      comments.insertRows(rows.comments);
    }
    incidents.fillMembership();
  });
}
