/**
 * Bounded resources: kept 202 results and the journal by bytes, open tenant databases by count
 * (idle ones closed and reopened on demand), tenants by --max-tenants.
 */
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControllableClock } from '../../src/clock.js';
import { Journal } from '../../src/journal/journal.js';
import { LongRequests } from '../../src/faults/long-requests.js';
import { DatasetRegistry, TenantLimitReached } from '../../src/store/registry.js';
import { MAX_PRISTINE_COPIES, StateControl } from '../../src/store/state-control.js';
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js';
import { LAYOUT, esetRequest, esetToken, startApp } from '../helpers.js';

t.test('uncollected 202 results are bounded by bytes, oldest dropped first', async (t) => {
  const clock = new ControllableClock();
  clock.freeze(0);
  const results = new LongRequests(clock, 10_000);
  const page = 'x'.repeat(3_000);
  const ids = Array.from({ length: 20 }, (_, i) => {
    const id = results.open(`f${i}`, 0);
    results.complete(id, { status: 200, headers: {}, payload: page });
    t.ok(results.resultBytes <= 10_000, `bound kept after ${i + 1} results (${results.resultBytes} bytes)`);
    return id;
  });
  t.equal(results.claim(ids[0]!, 'f0').kind, 'unknown', 'the oldest was dropped');
  t.equal(results.claim(ids[19]!, 'f19').kind, 'ready', 'the newest is there');
  // One result larger than the bound is still delivered (it is the only one kept).
  const big = results.open('big', 0);
  results.complete(big, { status: 200, headers: {}, payload: 'y'.repeat(50_000) });
  t.equal(results.claim(big, 'big').kind, 'ready');
  t.equal(results.resultBytes, 0, 'collected results free their bytes');
});

t.test('the journal is bounded by bytes as well as by count', async (t) => {
  const journal = new Journal(100_000, 50_000);
  const entry = (query: string) => ({ arrivedAt: 0, requestId: 'r', method: 'GET', path: '/v2/incidents', query, status: 200, latencyMs: 1, tenant: 'a', fault: null });
  for (let i = 0; i < 1_000; i++) journal.record(entry('q'.repeat(5_000)));
  t.ok(journal.byteSize <= 50_000, `${journal.byteSize} bytes kept`);
  t.ok(journal.size >= 1 && journal.size <= 5, `${journal.size} entries kept`);
  t.equal(journal.entries().at(-1)!.seq, 1_000, 'the newest is kept');
  const small = new Journal(3);
  for (let i = 0; i < 5_000; i++) small.record(entry(''));
  t.same(small.entries().map((e) => e.seq), [4_998, 4_999, 5_000]);
  t.equal(small.clear('b'), 0);
  t.equal(small.clear('a'), 3);
  t.equal(small.byteSize, 0);
});

t.test('idle tenant databases are closed beyond the bound and reopened with their state', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-tenants-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const registry = new DatasetRegistry({ path: join(dir, 'emulator.sqlite'), layout: LAYOUT, seedSource: { kind: 'fixtures', dir: DEFAULT_FIXTURES_DIR }, maxOpen: 4, maxTenants: 12 });
  t.teardown(() => registry.close());
  const first = registry.get('t0');
  first.meta.set('marker', 'kept');
  const release = registry.get('t1').use();
  for (let i = 2; i < 11; i++) registry.get(`t${i}`);
  t.equal(registry.openCount, 4, 'at most 4 open');
  t.equal(registry.tenantCount, 12, 'the default and 11 tenants');
  t.equal(first.db.open, false, 'the least recently used idle one was closed');
  t.equal(registry.get('t1').db.open, true, 'one in use is never closed');
  release();
  t.equal(registry.get('t0').meta.get('marker'), 'kept', 'reopened with its state');
  t.throws(() => registry.get('t11'), TenantLimitReached);
  t.equal(registry.get('t5').tenant, 't5', 'a known tenant is no new one');
});

t.test('a tenant beyond --max-tenants is a clear 403', async (t) => {
  const { app } = await startApp(t, { maxTenants: 3 });
  const token = await esetToken(app);
  const list = (tenant: string) => esetRequest(app, { url: '/v2/incidents?pageSize=1', token, headers: { 'x-emulator-tenant': tenant } });
  t.equal((await list('a')).statusCode, 200);
  t.equal((await list('b')).statusCode, 200);
  const refused = await list('c');
  t.equal(refused.statusCode, 403);
  t.match(refused.headers['x-emulator-reason'], /at most 3 tenants \(--max-tenants\); tenant 'c' would be one more/);
  t.equal((await list('a')).statusCode, 200, 'known tenants keep working');
  const control = await app.inject({ method: 'POST', url: '/_emulator/reset', payload: { tenant: 'd' } });
  t.equal(control.statusCode, 403);
});

t.test('a tenant keeps at most 100 snapshots', async (t) => {
  const { app } = await startApp(t);
  for (let i = 0; i < 100; i++) t.equal((await app.inject({ method: 'POST', url: '/_emulator/snapshots', payload: { name: `s${i}` } })).statusCode, 201);
  const refused = await app.inject({ method: 'POST', url: '/_emulator/snapshots', payload: { name: 's100' } });
  t.equal(refused.statusCode, 400);
  t.match(refused.json().message, /has 100 snapshots, the most it may keep/);
  t.equal((await app.inject({ method: 'POST', url: '/_emulator/snapshots', payload: { name: 's7' } })).statusCode, 201, 'replacing one is fine');
  t.equal((await app.inject({ method: 'POST', url: '/_emulator/snapshots', payload: { name: 'other' }, headers: { 'x-emulator-tenant': 'b' } })).statusCode, 201, 'per tenant');
});

t.test('pristine copies of seed sources are bounded; a dropped one is built again when needed', async (t) => {
  const control = new StateControl(LAYOUT, { kind: 'fixtures', dir: DEFAULT_FIXTURES_DIR });
  t.teardown(() => control.close());
  const dataset = LAYOUT.open('bounded', ':memory:');
  t.teardown(() => dataset.close());
  const count = () => dataset.db.prepare('SELECT count(*) FROM eset_incidents').pluck().get();
  control.seed(dataset, { kind: 'generated', count: 3, seed: 100, fixturesDir: DEFAULT_FIXTURES_DIR });
  for (let seed = 1; seed <= MAX_PRISTINE_COPIES + 3; seed++) {
    control.seed(dataset, { kind: 'generated', count: 2, seed, fixturesDir: DEFAULT_FIXTURES_DIR });
    t.ok(control.pristineCount <= MAX_PRISTINE_COPIES, `${control.pristineCount} kept`);
  }
  control.seed(dataset, { kind: 'generated', count: 3, seed: 100, fixturesDir: DEFAULT_FIXTURES_DIR });
  t.equal(count(), 3, 'the first source, dropped meanwhile, seeds the same again');
  control.reset(dataset);
  t.equal(count(), 3);
});
