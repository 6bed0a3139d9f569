import t from 'tap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { ControllableClock } from '../src/clock.js';
import { defaultConfig } from '../src/config.js';
import { esetToken, startApp, TEST_NOW } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

t.test('unknown routes are 404 in the shape of the API the path belongs to', async (t) => {
  const { app } = await startApp(t);
  const eset = await app.inject({ url: '/v2/nothing-here' });
  t.equal(eset.statusCode, 404);
  t.equal(eset.body, '');
  t.match(String(eset.headers['request-id']), UUID);
  const own = await app.inject({ url: '/nothing' });
  t.equal(own.statusCode, 404);
  t.same(own.json(), { error: 'NOT_FOUND', message: 'no such resource: GET /nothing' });
  t.match(String(own.headers['request-id']), UUID);
});

t.test('every response has a fresh request-id', async (t) => {
  const { app } = await startApp(t);
  const ids = new Set<string>();
  for (let i = 0; i < 5; i++) ids.add(String((await app.inject({ url: '/openapi/eset.json' })).headers['request-id']));
  t.equal(ids.size, 5);
  for (const id of ids) t.match(id, UUID);
});

t.test('a file database keeps data and tokens across restarts and is seeded once', async (t) => {
  const dir = t.testdir();
  const config = defaultConfig({ db: join(dir, 'emulator.sqlite'), logLevel: 'silent' });
  const clock = new ControllableClock();
  clock.freeze(TEST_NOW);
  const first = await buildApp({ config, clock });
  const token = await esetToken(first);
  first.datasets.primary.meta.set('marker', 'kept');
  const tenantList = await first.inject({ url: '/v2/incidents', headers: { authorization: `Bearer ${token}`, 'x-emulator-tenant': 't1' } });
  t.equal(tenantList.statusCode, 200);
  await first.close();
  t.ok(existsSync(join(dir, 'tenants', 't1.sqlite')), 'the tenant has its own database file');

  const second = await buildApp({ config, clock });
  t.teardown(() => second.close());
  t.equal(second.datasets.primary.meta.get('marker'), 'kept', 'not re-seeded');
  const list = await second.inject({ url: '/v2/incidents', headers: { authorization: `Bearer ${token}` } });
  t.equal(list.statusCode, 200, 'the token survived the restart');
});

t.test('a broken fixture folder stops the start with a message naming the file', async (t) => {
  const dir = t.testdir({ 'eset.json': '{"users": [], "incidents": [{"uuid": 5}]}' });
  await t.rejects(buildApp({ config: defaultConfig({ db: ':memory:', fixtures: dir, logLevel: 'silent' }) }), {
    message: /eset\.json/,
  });
  const missing = t.testdir({});
  await t.rejects(buildApp({ config: defaultConfig({ db: ':memory:', fixtures: missing, logLevel: 'silent' }) }), {
    message: /Cannot read fixture file/,
  });
});

t.test('Swagger UI is served', async (t) => {
  const { app } = await startApp(t);
  const ui = await app.inject({ url: '/docs/eset/' });
  t.equal(ui.statusCode, 200);
  t.match(ui.headers['content-type'], /text\/html/);
  const doc = (await app.inject({ url: '/openapi/eset.json' })).json();
  t.equal(doc.info.title, 'ESET Connect - Incident Management (incident-emulator)');
  t.ok(doc.paths['/v2/incidents'], 'only ESET paths');
  t.notOk(doc.paths['/oauth/token'], 'the token endpoint lives on another host in the real service');
});

t.test('Swagger UI is built on first use and answers as the scope it belongs to', async (t) => {
  const { app } = await startApp(t);
  const [first, second] = await Promise.all([app.inject({ url: '/docs/eset' }), app.inject({ url: '/docs/eset/' })]);
  t.equal(first.statusCode, 200, 'concurrent first requests are both answered');
  t.equal(second.statusCode, 200);
  t.match(second.body, /swagger-initializer\.js/);
  t.match(first.headers['content-security-policy'], /default-src 'self'/);
  const css = await app.inject({ url: '/docs/eset/static/swagger-ui.css' });
  t.equal(css.statusCode, 200);
  t.match(css.headers['content-type'], /text\/css/);
  t.equal(Number(css.headers['content-length']), css.rawPayload.length, 'one length, the real one');
  t.notOk(css.headers['transfer-encoding']);
  const head = await app.inject({ method: 'HEAD', url: '/docs/eset/static/swagger-ui.css' });
  t.equal(head.statusCode, 200);
  t.equal(head.body, '');
  const json = (await app.inject({ url: '/docs/eset/json' })).json();
  t.same(json, (await app.inject({ url: '/openapi/eset.json' })).json(), 'the UI reads the scope\'s document');
  const missing = await app.inject({ url: '/docs/eset/static/no-such-file.js' });
  t.equal(missing.statusCode, 404);
  t.equal(missing.json().error, 'NOT_FOUND', 'the emulator\'s own not-found');
  t.equal(missing.headers['x-emulator-error'], 'NOT_FOUND');
  const redirect = await app.inject({ url: '/docs/eset/static/index.html' });
  t.equal(redirect.statusCode, 302);
  t.equal(redirect.headers.location, '/docs/eset/');
  t.notOk(redirect.headers['content-type'], 'an empty redirect has no content type');
  const adversarialMissing = await app.inject({ url: '/docs/adversarial/static/no-such-file.js' });
  t.equal(adversarialMissing.statusCode, 404);
});
