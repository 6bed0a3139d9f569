/**
 * A new database file is seeded aside, journaled in memory, and only then appears under its name
 * (with the template beside it): a failed seed leaves nothing behind, and a file already there
 * keeps its state.
 */
import t, { type Test } from 'tap';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js';
import { openDatabase, prepareForSeeding } from '../../src/store/database.js';
import { DatasetRegistry, TenantLimitReached } from '../../src/store/registry.js';
import { LAYOUT } from '../helpers.js';

function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-new-file-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const registryAt = (path: string, source = { kind: 'generated', count: 70, seed: 3, fixturesDir: DEFAULT_FIXTURES_DIR } as const, maxTenants?: number) =>
  new DatasetRegistry({ path, layout: LAYOUT, seedSource: source, maxTenants });

t.test('a new file is seeded, journaled as WAL once in use, and its template kept beside the tenants', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'emulator.sqlite');
  const registry = registryAt(path);
  t.teardown(() => registry.close());
  t.equal(registry.primary.db.pragma('journal_mode', { simple: true }), 'wal');
  t.equal(registry.primary.meta.get('seeded_from'), 'generated:70:seed=3');
  t.equal(registry.primary.db.prepare('SELECT count(*) AS n FROM eset_incidents').pluck().get(), 70);
  t.equal(registry.primary.db.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are enforced once in use');
  t.same(registry.primary.db.pragma('foreign_key_check'), [], 'and every row of the seed satisfies them');
  await registry.settled();
  t.same(readdirSync(dir).filter((name) => name.includes('seeding') || name.includes('partial')), [], 'nothing left aside');
  const templates = readdirSync(join(dir, 'tenants')).filter((name) => name.startsWith('.template-'));
  t.equal(templates.length, 1, 'the template is kept');
  const tenant = registry.get('other');
  t.equal(tenant.db.prepare('SELECT count(*) AS n FROM eset_incidents').pluck().get(), 70, 'a tenant is a copy of it');
});

t.test('a seeding connection writes into the file itself, not through the write-ahead log, and can still roll back', async (t) => {
  const path = join(tempDir(t), 'seeding.sqlite');
  const db = openDatabase(path, LAYOUT.schema);
  t.teardown(() => db.close());
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal', 'every file opens in WAL');
  prepareForSeeding(db);
  t.equal(db.pragma('journal_mode', { simple: true }), 'memory');
  t.equal(db.pragma('synchronous', { simple: true }), 0);
  t.equal(db.pragma('foreign_keys', { simple: true }), 0);
  const before = statSync(path).size;
  const wide = 'x'.repeat(4000);
  const insert = db.prepare('INSERT INTO emulator_meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 500; i++) insert.run(`key-${i}`, wide);
  })();
  t.ok(statSync(path).size > before + 500 * 4000, 'the rows are in the file once committed');
  t.notOk(existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0, 'and nothing went through the log');
  const rolledBack = db.transaction(() => {
    insert.run('doomed', wide);
    throw new Error('a failing seed');
  });
  t.throws(() => rolledBack(), /a failing seed/);
  t.equal(db.prepare('SELECT count(*) FROM emulator_meta WHERE key = ?').pluck().get('doomed'), 0, 'a failed write is rolled back');
});

t.test('the template is written while the emulator serves, and is the seed whatever is written meanwhile', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'emulator.sqlite');
  const registry = registryAt(path);
  t.teardown(() => registry.close());
  const incidents = (dataset: { db: { prepare(sql: string): { pluck(): { get(): unknown } } } }) =>
    dataset.db.prepare('SELECT count(*) FROM eset_incidents').pluck().get();
  // Before the copy can finish (it completes on another thread, reported after this synchronous part):
  // every incident deleted, and a checkpoint asked for, which would write the deletion into the file.
  registry.primary.db.exec('DELETE FROM eset_incidents');
  const [checkpoint] = registry.primary.db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
  t.ok(checkpoint!.log > 0, 'the deletion is in the log');
  t.equal(checkpoint!.checkpointed, 0, 'and no checkpoint writes it into the file while the template is copied from it');
  t.equal(incidents(registry.primary), 0, 'the default tenant sees its own write');
  t.equal(incidents(registry.get('early')), 70, 'a tenant made meanwhile is a copy of the seed');
  await registry.settled();
  t.equal(incidents(registry.get('later')), 70, 'and so is one made from the template written meanwhile');
  const [after] = registry.primary.db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
  t.equal(after!.checkpointed, after!.log, 'once it is written, checkpoints run again');
  t.equal(incidents(registry.primary), 0);
});

t.test('new tenants asked for while their files are copied: one copy for two asks, copies in flight count against the limit', async (t) => {
  const dir = tempDir(t);
  const registry = registryAt(join(dir, 'emulator.sqlite'), undefined, 3);
  t.teardown(() => registry.close());
  const incidents = (dataset: { db: { prepare(sql: string): { pluck(): { get(): unknown } } } }) =>
    dataset.db.prepare('SELECT count(*) FROM eset_incidents').pluck().get();
  // Asked for while the template is still being written, after the default tenant changed.
  registry.primary.db.exec('DELETE FROM eset_incidents');
  const first = registry.getAsync('a');
  const second = registry.getAsync('a');
  const other = registry.getAsync('b');
  await t.rejects(registry.getAsync('c'), TenantLimitReached, "a third tenant would be one more than the limit, counting those being copied");
  const [a1, a2] = await Promise.all([first, second]);
  t.equal(a1, a2, 'two asks for one new tenant get one dataset');
  t.equal(incidents(a1), 70, 'a copy of the seed');
  t.equal(incidents(await other), 70);
  t.equal(registry.get('a'), a1, 'and later asks find it open');
  await registry.settled();
  t.same(readdirSync(join(dir, 'tenants')).filter((name) => name.includes('partial')), [], 'nothing left aside');
});

t.test('a new tenant whose copy fails is an error for that request only; the next ask copies again', async (t) => {
  const dir = tempDir(t);
  const registry = registryAt(join(dir, 'emulator.sqlite'));
  t.teardown(() => registry.close());
  await registry.settled();
  const [template] = readdirSync(join(dir, 'tenants')).filter((name) => name.startsWith('.template-'));
  // The template made unreadable as a file: the copy fails.
  rmSync(join(dir, 'tenants', template!));
  mkdirSync(join(dir, 'tenants', template!));
  await t.rejects(registry.getAsync('a'));
  t.same(readdirSync(join(dir, 'tenants')).filter((name) => name.startsWith('a.') || name.includes('partial')), [], 'nothing left of the failed copy');
  // Without the template, the next ask seeds it again and copies it.
  rmSync(join(dir, 'tenants', template!), { recursive: true });
  const tenant = await registry.getAsync('a');
  t.equal(tenant.db.prepare('SELECT count(*) FROM eset_incidents').pluck().get(), 70);
});

t.test('a seed that fails leaves no database file behind', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'emulator.sqlite');
  const broken = join(dir, 'broken');
  mkdirSync(broken);
  writeFileSync(join(broken, 'eset.json'), '{ not json');
  writeFileSync(join(broken, 'adversarial.json'), '{}');
  t.throws(() => registryAt(path, { kind: 'fixtures', dir: broken } as never), /not valid JSON/);
  t.notOk(existsSync(path), 'no database under its name');
  t.same(readdirSync(dir).sort(), ['broken'], 'and nothing seeded aside');
});

t.test('a file already there is used as it is, never seeded again', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'emulator.sqlite');
  const first = registryAt(path);
  first.primary.meta.set('marker', 'first');
  first.close();
  // A second emulator on the same path finds it seeded: it keeps its state, never seeds again.
  const second = registryAt(path, { kind: 'fixtures', dir: DEFAULT_FIXTURES_DIR } as never);
  t.teardown(() => second.close());
  t.equal(second.primary.meta.get('marker'), 'first');
  t.equal(second.primary.meta.get('seeded_from'), 'generated:70:seed=3');
});
