/**
 * A seed image holds exactly what seeding its fixtures gives, and is used only for those very
 * files and this schema.
 */
import t, { type Test } from 'tap';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js';
import { IN_MEMORY } from '../../src/store/database.js';
import type { Dataset } from '../../src/store/dataset.js';
import { findSeedImage, seedImageName } from '../../src/store/seed-images.js';
import type { SeedSource } from '../../src/store/seed-source.js';
import { LAYOUT } from '../helpers.js';

const DEFAULT_SOURCE: SeedSource = { kind: 'fixtures', dir: DEFAULT_FIXTURES_DIR };

/**
 * Every row of every table, in a fixed order: two datasets with the same content give the same
 * text. Password hashes are salted at random, so they differ by design: every test that signs in
 * with a fixture password shows that the image's verify.
 */
function contentOf(dataset: Dataset): string {
  const tables = dataset.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
  return JSON.stringify(
    tables.map(({ name }) => {
      const columns = dataset.db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`).all().map((column) => column.name);
      const kept = columns.filter((column) => column !== 'password_hash').map((column) => `"${column}"`);
      return [name, dataset.db.prepare(`SELECT ${kept.join(', ')} FROM "${name}" ORDER BY 1, 2`).raw().all()];
    }),
  );
}

function fixtureCopy(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-fixtures-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(DEFAULT_FIXTURES_DIR, dir, { recursive: true });
  return dir;
}

t.test('the image of the default fixtures is what seeding them gives', async (t) => {
  const image = findSeedImage(LAYOUT.schema, DEFAULT_SOURCE);
  if (!image) {
    t.fail('no seed image: npm test makes one (npm run test:schemas) and names its folder in INCIDENT_EMULATOR_SEED_IMAGES');
    return;
  }
  const fromImage = LAYOUT.openSeeded('from-image', DEFAULT_SOURCE);
  const seeded = LAYOUT.open('seeded', IN_MEMORY);
  t.teardown(() => {
    fromImage.close();
    seeded.close();
  });
  LAYOUT.seed(seeded, DEFAULT_SOURCE);
  t.equal(contentOf(fromImage), contentOf(seeded), 'every table, row for row');
  t.equal(fromImage.meta.get('seeded_from'), 'fixtures:default');
});

t.test('an image is named by the fixture files and the schema, and only fixtures have one', async (t) => {
  const dir = fixtureCopy(t);
  const copy: SeedSource = { kind: 'fixtures', dir };
  t.equal(seedImageName(LAYOUT.schema, copy), seedImageName(LAYOUT.schema, DEFAULT_SOURCE), 'the same files name the same image');
  const eset = join(dir, 'eset.json');
  writeFileSync(eset, readFileSync(eset, 'utf8').replace('emulator@example.com', 'someone@example.com'));
  t.not(seedImageName(LAYOUT.schema, copy), seedImageName(LAYOUT.schema, DEFAULT_SOURCE), 'a changed file names another');
  t.equal(findSeedImage(LAYOUT.schema, copy), undefined, 'for which there is none');
  const seeded = LAYOUT.openSeeded('changed', copy);
  t.teardown(() => seeded.close());
  t.ok(seeded.db.prepare("SELECT 1 FROM eset_users WHERE username = 'someone@example.com'").get(), 'so it is seeded from the files');

  const moved = LAYOUT.schema.map((part) => ({ ...part, migrations: [...part.migrations, { version: 999, description: 'later', sql: '' }] }));
  t.not(seedImageName(moved, DEFAULT_SOURCE), seedImageName(LAYOUT.schema, DEFAULT_SOURCE), 'a newer schema names another');
  t.equal(seedImageName(LAYOUT.schema, { kind: 'generated', count: 10, seed: 1, fixturesDir: DEFAULT_FIXTURES_DIR }), undefined);
  t.equal(seedImageName(LAYOUT.schema, { kind: 'fixtures', dir: join(dir, 'missing') }), undefined);
});
