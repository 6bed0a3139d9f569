import t from 'tap';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js';
import { esetRequest, esetToken, startApp } from '../helpers.js';
import { INCIDENTS } from '../eset/fixture-oracle.js';
import { control, expectJson } from './control-helpers.js';

t.test('tenants stay isolated under interleaved requests, resets and snapshots', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const workers = ['w1', 'w2', 'w3', 'w4'];
  const targets = INCIDENTS.slice(0, 8);
  const headers = (tenant: string) => ({ 'x-emulator-tenant': tenant });

  // Every worker renames a different set of incidents, all requests in flight at once.
  await Promise.all(
    workers.flatMap((tenant, w) =>
      targets.map((incident, i) =>
        i % workers.length === w
          ? control(app, 'POST', 'state', { eset: { incidents: [{ uuid: incident.uuid, displayName: `${tenant}-${i}` }] } }, headers(tenant))
          : esetRequest(app, { url: `/v2/incidents/${incident.uuid}`, token, headers: headers(tenant) }),
      ),
    ),
  );
  await Promise.all([
    control(app, 'POST', 'snapshots', { name: 'mine' }, headers('w1')),
    control(app, 'POST', 'reset', {}, headers('w2')),
    control(app, 'POST', 'faults', { action: { status: 503 } }, headers('w3')),
  ]);

  const names = async (tenant: string) =>
    Promise.all(
      targets.map(async (incident) => (await esetRequest(app, { url: `/v2/incidents/${incident.uuid}`, token, headers: headers(tenant) })).json()?.incident?.displayName),
    );
  const expectedFor = (tenant: string, w: number) => targets.map((incident, i) => (i % workers.length === w ? `${tenant}-${i}` : incident.displayName));
  t.same(await names('w1'), expectedFor('w1', 0));
  t.same(await names('w2'), targets.map((incident) => incident.displayName), 'w2 was reset');
  t.same(await names('w4'), expectedFor('w4', 3));
  t.same(await names('default'), targets.map((incident) => incident.displayName), 'the default tenant saw nothing');
  t.equal((await esetRequest(app, { url: `/v2/incidents/${targets[0]!.uuid}`, token, headers: headers('w3') })).statusCode, 503, 'w3’s fault rule');

  expectJson(await control(app, 'POST', 'reset', {}, headers('w1')));
  t.same(await names('w1'), targets.map((incident) => incident.displayName));
  expectJson(await control(app, 'POST', 'snapshots/mine/restore', {}, headers('w1')));
  t.same(await names('w1'), expectedFor('w1', 0), 'w1’s snapshot');
  t.equal((await control(app, 'POST', 'snapshots/mine/restore', {}, headers('w4'))).statusCode, 404, 'snapshots are per tenant');

  const journal = expectJson<{ requests: Array<{ tenant: string }> }>(await control(app, 'GET', 'journal?tenant=w4'));
  t.ok(journal.requests.length > 0);
  t.ok(journal.requests.every((e) => e.tenant === 'w4'));
});

t.test('GET /_emulator/tenants: the default first, then those used and those kept on disk', async (t) => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'emulator-tenants-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'emulator.sqlite');

  const first = await startApp(t, { db });
  t.same(expectJson(await control(first.app, 'GET', 'tenants')), { tenants: ['default'] });
  for (const tenant of ['zeta', 'alpha']) await control(first.app, 'GET', 'clock', undefined, { 'x-emulator-tenant': tenant });
  t.same(expectJson(await control(first.app, 'GET', 'tenants')).tenants, ['default', 'alpha', 'zeta']);
  await first.app.close();

  const second = await startApp(t, { db });
  t.same(expectJson(await control(second.app, 'GET', 'tenants')).tenants, ['default', 'alpha', 'zeta'], 'a restart finds them on disk');
  await control(second.app, 'GET', 'clock', undefined, { 'x-emulator-tenant': 'beta' });
  t.same(expectJson(await control(second.app, 'GET', 'tenants')).tenants, ['default', 'alpha', 'beta', 'zeta']);
});

t.test('a new tenant is a copy of the seeded source, never a new seed; on disk it persists', async (t) => {
  const dir = t.testdir({ data: {} });
  const fixtures = `${dir}/fixtures`;
  cpSync(DEFAULT_FIXTURES_DIR, fixtures, { recursive: true });
  const db = `${dir}/data/emulator.sqlite`;
  const first = await startApp(t, { db, fixtures, generate: 300, seed: 5 });
  const token = await esetToken(first.app);
  const uuidsOf = async (app: typeof first.app, tenant: string) =>
    ((await esetRequest(app, { url: '/v2/incidents?pageSize=1000', token, headers: { 'x-emulator-tenant': tenant } })).json() as { incidents: Array<{ uuid: string }> }).incidents.map((i) => i.uuid);
  const seeded = await uuidsOf(first.app, 'default');
  t.equal(seeded.length, 300);
  t.same(await uuidsOf(first.app, 'one'), seeded, 'the first new tenant holds what the source seeds');

  // Without its fixture folder the source could not be seeded again: later tenants are copies.
  rmSync(fixtures, { recursive: true });
  t.same(await uuidsOf(first.app, 'two'), seeded, 'a later tenant is copied, not seeded');
  t.ok(existsSync(`${dir}/data/tenants/two.sqlite`), 'on disk beside the default database');
  t.notOk(existsSync(`${dir}/data/tenants/two.sqlite.partial`), 'no partial file left');
  await first.app.datasets.settled();
  t.ok(readdirSync(`${dir}/data/tenants`).some((file) => /^\.template-[0-9a-f]{16}\.sqlite$/.test(file)), 'the template is a file beside the tenants, not memory');
  t.same((expectJson(await control(first.app, 'GET', 'tenants')) as { tenants: string[] }).tenants, ['default', 'one', 'two'], 'and it is no tenant');

  const changed = await esetRequest(first.app, {
    method: 'POST', url: `/v2/incidents/${seeded[0]}/comments`, token, headers: { 'x-emulator-tenant': 'two' }, payload: { comment: { text: 'only in two' } },
  });
  t.equal(changed.statusCode, 200);
  const commentsOf = async (app: typeof first.app, tenant: string) =>
    ((await esetRequest(app, { url: `/v2/incidents/${seeded[0]}/comments`, token, headers: { 'x-emulator-tenant': tenant } })).json() as { comments: Array<{ text: string }> }).comments.map((c) => c.text);
  t.ok((await commentsOf(first.app, 'two')).includes('only in two'));
  t.notOk((await commentsOf(first.app, 'one')).includes('only in two'), 'copies are independent');
  await first.app.close();

  cpSync(DEFAULT_FIXTURES_DIR, fixtures, { recursive: true });
  const again = await startApp(t, { db, fixtures, generate: 300, seed: 5 });
  const againToken = await esetToken(again.app);
  const kept = ((await esetRequest(again.app, { url: `/v2/incidents/${seeded[0]}/comments`, token: againToken, headers: { 'x-emulator-tenant': 'two' } })).json() as { comments: Array<{ text: string }> }).comments.map((c) => c.text);
  t.ok(kept.includes('only in two'), "a tenant's changes survive a restart");
});
