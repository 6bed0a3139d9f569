/**
 * Spare tenant files: copies of the template made ahead, so that a new tenant is a rename. Made
 * only once tenants are used, one at a time, taken even while being copied, kept for the next start.
 */
import t, { type Test } from 'tap';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js';
import { copyIntoPlaceInBackground } from '../../src/store/atomic-files.js';
import { DatasetRegistry } from '../../src/store/registry.js';
import { SpareFiles } from '../../src/store/spare-files.js';
import { LAYOUT } from '../helpers.js';

function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-spares-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const sparesIn = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('.spare-')).sort();

/** A folder with a template file of recognisable content. */
function withTemplate(t: Test, content = 'the template'): { dir: string; template: string } {
  const dir = tempDir(t);
  const template = join(dir, '.template-x.sqlite');
  writeFileSync(template, content);
  return { dir, template };
}

/** A folder with a template and `count` spares of it made. */
async function withSpares(t: Test, count: number): Promise<{ dir: string; template: string; spares: SpareFiles }> {
  const { dir, template } = withTemplate(t);
  const spares = new SpareFiles({ dir, tag: 'x', count });
  spares.fill(template);
  await spares.settled();
  return { dir, template, spares };
}

t.test('a registry makes no spares until a tenant is made, then keeps them ready, and new tenants take them', async (t) => {
  const dir = tempDir(t);
  const source = { kind: 'generated', count: 40, seed: 5, fixturesDir: DEFAULT_FIXTURES_DIR } as const;
  const registry = new DatasetRegistry({ path: join(dir, 'emulator.sqlite'), layout: LAYOUT, seedSource: source, spareTenants: 2 });
  t.teardown(() => registry.close());
  const tenants = join(dir, 'tenants');
  await registry.settled();
  t.same(sparesIn(tenants), [], 'an emulator whose tenants are not used keeps no spares');

  const incidents = (dataset: { db: { prepare(sql: string): { pluck(): { get(): unknown } } } }) =>
    dataset.db.prepare('SELECT count(*) FROM eset_incidents').pluck().get();
  const first = await registry.getAsync('first');
  t.equal(incidents(first), 40, 'the first new tenant is a copy of the template');
  first.db.exec('DELETE FROM eset_incidents');
  registry.primary.db.exec('DELETE FROM eset_incidents');
  await registry.settled();
  const made = sparesIn(tenants);
  t.equal(made.length, 2, 'then two spares are made');

  const second = await registry.getAsync('second');
  t.notOk(existsSync(join(tenants, made[0]!)), 'the next new tenant is one of them, moved');
  t.equal(incidents(second), 40, 'a copy of the seed, whatever other tenants changed');
  second.db.exec("UPDATE eset_incidents SET display_name = 'changed'");
  const third = await registry.getAsync('third');
  t.equal(third.db.prepare("SELECT count(*) FROM eset_incidents WHERE display_name = 'changed'").pluck().get(), 0, 'tenants share nothing');
  await registry.settled();
  t.equal(sparesIn(tenants).length, 2, 'and the spares are made up again');
  t.same(registry.tenantNames(), ['default', 'first', 'second', 'third'], 'spares are not tenants');
});

t.test('spares are copied one at a time, and a tenant asked for while one is copied takes that one', async (t) => {
  const { dir, template } = withTemplate(t);
  const spares = new SpareFiles({ dir, tag: 'x', count: 1 });
  t.equal(await spares.take(join(dir, 'a.sqlite')), false, 'none before the first fill');
  spares.fill(template);
  spares.fill(template);
  t.equal(spares.readyCount, 0, 'the copy is under way');
  t.equal(await spares.take(join(dir, 'a.sqlite')), true, 'and taken once it is done');
  t.equal(readFileSync(join(dir, 'a.sqlite'), 'utf8'), 'the template');
  await spares.settled();
  t.equal(spares.readyCount, 1, 'and one is made up for it');
  t.same(readdirSync(dir).filter((name) => !name.startsWith('.spare-')).sort(), ['.template-x.sqlite', 'a.sqlite'], 'nothing else written');
  t.equal(sparesIn(dir).length, 1);
});

t.test('spares outlive a restart: those of the template are kept; those of another or of an older one removed, and all with a count of 0', async (t) => {
  const { dir, template } = await withSpares(t, 2);
  writeFileSync(join(dir, '.spare-other-1-1.sqlite'), 'another template');
  const after = new SpareFiles({ dir, tag: 'x', count: 2 });
  t.equal(after.readyCount, 2, 'the same template: both ready at start');
  t.same(sparesIn(dir).filter((name) => name.includes('other')), [], "another template's spare is removed");
  t.equal(await after.take(join(dir, 'a.sqlite')), true);
  const rewritten = new SpareFiles({ dir, tag: 'x', count: 2, templateRewritten: true });
  t.equal(rewritten.readyCount, 0, 'a template written anew: its older copies are not taken');
  t.same(sparesIn(dir), [], 'and are removed');
  rewritten.fill(template);
  await rewritten.settled();
  const fewer = new SpareFiles({ dir, tag: 'x', count: 0 });
  t.equal(fewer.readyCount, 0);
  t.same(sparesIn(dir), [], 'no spares wanted: none kept on disk');
  fewer.fill(template);
  await fewer.settled();
  t.same(sparesIn(dir), [], 'nor made');
});

t.test('a spare another emulator took first is passed over; with none left the caller copies', async (t) => {
  const { dir, spares } = await withSpares(t, 2);
  const [gone, left] = sparesIn(dir);
  rmSync(join(dir, gone!));
  t.equal(await spares.take(join(dir, 'a.sqlite')), true, 'the next one is taken');
  t.notOk(existsSync(join(dir, left!)));
  spares.stop();
  t.equal(await spares.take(join(dir, 'b.sqlite')), false, 'none left, none being made');
});

t.test("a tenant's file made by another emulator meanwhile is kept, and so is the spare", async (t) => {
  const { dir, spares } = await withSpares(t, 1);
  writeFileSync(join(dir, 'a.sqlite'), "the other emulator's tenant");
  t.equal(await spares.take(join(dir, 'a.sqlite')), true, 'the tenant has its file');
  t.equal(readFileSync(join(dir, 'a.sqlite'), 'utf8'), "the other emulator's tenant", 'the one made meanwhile, untouched');
  t.equal(spares.readyCount, 1, 'the spare is ready for the next tenant');
  t.same(readdirSync(dir).filter((name) => name.includes('claimed')), [], 'under its own name again');
  t.equal(await spares.take(join(dir, 'b.sqlite')), true);
  t.equal(readFileSync(join(dir, 'b.sqlite'), 'utf8'), 'the template');
  t.same(readdirSync(dir).filter((name) => name.includes('claimed')), [], 'nothing left aside');
});

t.test('a spare that cannot be put in place is given back, and the error reaches the caller', async (t) => {
  const { dir, spares } = await withSpares(t, 1);
  const [spare] = sparesIn(dir);
  await t.rejects(spares.take(join(dir, 'no-such-folder', 'a.sqlite')), { code: 'ENOENT' });
  t.equal(spares.readyCount, 1, 'the spare is ready again');
  t.same(sparesIn(dir), [spare], 'under its own name');
  t.equal(await spares.take(join(dir, 'a.sqlite')), true, 'and the next tenant takes it');
  t.equal(readFileSync(join(dir, 'a.sqlite'), 'utf8'), 'the template');
});

t.test("a new tenant's copy never replaces a file another emulator put there meanwhile", async (t) => {
  const { dir, template } = withTemplate(t);
  const to = join(dir, 'a.sqlite');
  const copying = copyIntoPlaceInBackground(template, to);
  writeFileSync(to, "the other emulator's tenant");
  await copying;
  t.equal(readFileSync(to, 'utf8'), "the other emulator's tenant", 'the file made meanwhile is kept');
  t.same(readdirSync(dir).sort(), ['.template-x.sqlite', 'a.sqlite'], 'and the copy is not left aside');
  await copyIntoPlaceInBackground(template, join(dir, 'b.sqlite'));
  t.equal(readFileSync(join(dir, 'b.sqlite'), 'utf8'), 'the template', 'where there is none, the copy is put in place');
});

t.test('two emulators on one folder asking for the same new tenant at once share one file', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'emulator.sqlite');
  const open = (spareTenants: number) =>
    new DatasetRegistry({ path, layout: LAYOUT, seedSource: { kind: 'fixtures', dir: DEFAULT_FIXTURES_DIR }, spareTenants });
  const first = open(0);
  t.teardown(() => first.close());
  await first.settled();
  for (const [label, spareTenants] of [['copying', 0], ['from spares', 1]] as const) {
    const second = open(spareTenants);
    if (spareTenants > 0) {
      await second.getAsync(`warm-${label.replace(' ', '-')}`);
      await second.settled();
    }
    const tenant = `shared-${label.replace(' ', '-')}`;
    const [a, b] = await Promise.all([first.getAsync(tenant), second.getAsync(tenant)]);
    a.db.exec("UPDATE eset_incidents SET display_name = 'written by the first'");
    t.equal(
      b.db.prepare("SELECT count(*) FROM eset_incidents WHERE display_name = 'written by the first'").pluck().get(),
      a.db.prepare('SELECT count(*) FROM eset_incidents').pluck().get(),
      `${label}: what one writes, the other reads`,
    );
    await second.shutdown();
  }
});

t.test('a spare that cannot be copied stops the filling, leaves nothing aside, and is not waited for', async (t) => {
  const { dir } = withTemplate(t);
  const missing = join(dir, 'no-such-template.sqlite');
  const spares = new SpareFiles({ dir, tag: 'x', count: 2 });
  spares.fill(missing);
  t.equal(await spares.take(join(dir, 'a.sqlite')), false, 'the claimed copy failed: the caller copies for itself');
  await spares.settled();
  t.equal(spares.readyCount, 0);
  t.same(readdirSync(dir).filter((name) => name !== '.template-x.sqlite'), [], 'no spare, no partial file');
});

t.test('shutting a registry down waits for the spare being copied and makes no more', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'tenants'));
  const registry = new DatasetRegistry({ path: join(dir, 'emulator.sqlite'), layout: LAYOUT, seedSource: { kind: 'fixtures', dir: DEFAULT_FIXTURES_DIR }, spareTenants: 3 });
  await registry.getAsync('a');
  await registry.shutdown();
  const left = readdirSync(join(dir, 'tenants'));
  t.same(left.filter((name) => name.includes('partial')), [], 'nothing half-written');
  t.equal(sparesIn(join(dir, 'tenants')).length, 1, 'the copy under way is finished, and no other begun');
});

t.test('a database seeded again removes the spares of its earlier seed; one used as it is keeps them', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'emulator.sqlite');
  const open = () => new DatasetRegistry({ path, layout: LAYOUT, seedSource: { kind: 'fixtures', dir: DEFAULT_FIXTURES_DIR }, spareTenants: 1 });
  const first = open();
  await first.getAsync('a');
  await first.shutdown();
  t.equal(sparesIn(join(dir, 'tenants')).length, 1);
  const again = open();
  t.teardown(() => again.close());
  t.equal(sparesIn(join(dir, 'tenants')).length, 1, 'the same file: its spare is kept');
  await again.shutdown();
  rmSync(path);
  const reseeded = open();
  t.teardown(() => reseeded.close());
  t.same(sparesIn(join(dir, 'tenants')), [], 'seeded again (the fixtures may have changed): the spare is removed');
  await reseeded.shutdown();
});
