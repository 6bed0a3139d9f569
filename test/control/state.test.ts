import t from 'tap';
import { esetRequest, esetToken, startApp } from '../helpers.js';
import { INCIDENTS } from '../eset/fixture-oracle.js';
import { withStatus } from '../eset/write-helpers.js';
import { adversarialToken } from '../adversarial/requests.js';
import { control, expectJson } from './control-helpers.js';

const OPEN = withStatus('OPEN');

async function statusOf(app: Parameters<typeof esetRequest>[0], uuid: string, token: string, tenant?: string) {
  const response = await esetRequest(app, { url: `/v2/incidents/${uuid}`, token, headers: tenant ? { 'x-emulator-tenant': tenant } : {} });
  return (response.json() as { incident: { status: string } }).incident.status;
}

t.test('health and ready', async (t) => {
  const { app } = await startApp(t);
  t.same(expectJson(await control(app, 'GET', 'health')), { status: 'alive' });
  const ready = expectJson(await control(app, 'GET', 'ready'));
  t.equal(ready.status, 'ready');
  t.equal(ready.seededFrom, 'fixtures:default', "the fixture set's name, not where it lies on disk");
});

t.test('state sets any field, status included, strictly validated', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const set = expectJson<{ eset: { incidents: Array<Record<string, unknown>> } }>(
    await control(app, 'POST', 'state', {
      eset: { incidents: [{ uuid: OPEN.uuid, status: 'INCIDENT_STATUS_CLOSED', resolveReason: 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE', tags: ['x'] }] },
    }),
  );
  t.equal(set.eset.incidents[0]!.status, 'INCIDENT_STATUS_CLOSED');
  t.same(set.eset.incidents[0]!.tags, ['x']);
  t.equal(await statusOf(app, OPEN.uuid, token), 'INCIDENT_STATUS_CLOSED');

  const badEnum = await control(app, 'POST', 'state', { eset: { incidents: [{ uuid: OPEN.uuid, status: 'CLOSED' }] } });
  t.equal(badEnum.statusCode, 400);
  t.match(badEnum.json().message, /eset\.incidents\[0\].*status/);
  const unknownField = await control(app, 'POST', 'state', { eset: { incidents: [{ uuid: OPEN.uuid, colour: 'red' }] } });
  t.equal(unknownField.statusCode, 400);
  t.match(unknownField.json().message, /unknown field "colour"/);
  const comments = await control(app, 'POST', 'state', { eset: { incidents: [{ uuid: OPEN.uuid, comments: [] }] } });
  t.equal(comments.statusCode, 400);
  const topLevel = await control(app, 'POST', 'state', { eset: { incidents: [{ uuid: OPEN.uuid }] }, adversarial: {} });
  t.equal(topLevel.statusCode, 400);
  t.equal(topLevel.json().error, 'INVALID_ARGUMENT');

  // One bad incident: none of the request's changes happen.
  const second = INCIDENTS[1]!;
  const mixed = await control(app, 'POST', 'state', {
    eset: { incidents: [{ uuid: second.uuid, displayName: 'changed' }, { uuid: OPEN.uuid, severity: 'bogus' }] },
  });
  t.equal(mixed.statusCode, 400);
  const after = await esetRequest(app, { url: `/v2/incidents/${second.uuid}`, token });
  t.equal(after.json().incident.displayName, second.displayName);

  // An unknown uuid creates the incident (it needs createTime).
  const uuid = '00000000-0000-4000-8000-000000000001';
  t.equal((await control(app, 'POST', 'state', { eset: { incidents: [{ uuid }] } })).statusCode, 400);
  const created = await control(app, 'POST', 'state', {
    eset: { incidents: [{ uuid, createTime: '2026-01-01T00:00:00Z', displayName: 'made by a test', severity: 'INCIDENT_SEVERITY_LEVEL_HIGH' }] },
  });
  t.equal(created.statusCode, 200);
  t.equal((await esetRequest(app, { url: `/v2/incidents/${uuid}`, token })).json().incident.displayName, 'made by a test');
});

t.test('reset puts one tenant back to its seeded state; others and tokens are untouched', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const close = { eset: { incidents: [{ uuid: OPEN.uuid, status: 'INCIDENT_STATUS_CLOSED' }] } };
  expectJson(await control(app, 'POST', 'state', close));
  expectJson(await control(app, 'POST', 'state', { ...close, tenant: 'b' }));
  expectJson(await control(app, 'POST', 'state', close, { 'x-emulator-tenant': 'c' }));

  // Every table follows a reset, whichever API it belongs to.
  const tableCounts = () => {
    const db = app.datasets.primary.db;
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'oauth_tokens'").all() as { name: string }[]).map((r) => r.name);
    return Object.fromEntries(tables.map((table) => [table, (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n]));
  };
  const seededCounts = tableCounts();
  const adversarial = await adversarialToken(app);
  app.datasets.primary.db.exec('DELETE FROM eset_comments');
  const reset = expectJson(await control(app, 'POST', 'reset'));
  t.same(tableCounts(), seededCounts);
  const me = await app.inject({ url: '/api/v1/users/me', headers: { authorization: `Bearer ${adversarial}` } });
  t.equal(me.statusCode, 200, 'an Adversarial token survives the reset too');
  t.equal(reset.tenant, 'default');
  t.equal(reset.seededFrom, 'fixtures:default');
  t.type(reset.tookMs, 'number');
  t.equal(await statusOf(app, OPEN.uuid, token), 'INCIDENT_STATUS_OPEN', 'default tenant reset; the token still works');
  t.equal(await statusOf(app, OPEN.uuid, token, 'b'), 'INCIDENT_STATUS_CLOSED', 'tenant b untouched');

  t.equal(expectJson(await control(app, 'POST', 'reset', { tenant: 'b' })).tenant, 'b');
  t.equal(await statusOf(app, OPEN.uuid, token, 'b'), 'INCIDENT_STATUS_OPEN');
  t.equal(await statusOf(app, OPEN.uuid, token, 'c'), 'INCIDENT_STATUS_CLOSED');
  t.equal(expectJson(await control(app, 'POST', 'reset', {}, { 'x-emulator-tenant': 'c' })).tenant, 'c');
  t.equal(await statusOf(app, OPEN.uuid, token, 'c'), 'INCIDENT_STATUS_OPEN');

  t.equal((await control(app, 'POST', 'reset', { tenant: 'bad name!' })).statusCode, 400);
  t.equal((await control(app, 'POST', 'reset', { other: 1 })).statusCode, 400);
});

t.test('seed loads a fixture folder or a generated set; reset returns to it', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const count = async (tenant: string) => {
    const response = await esetRequest(app, { url: '/v2/incidents?pageSize=1000', token, headers: { 'x-emulator-tenant': tenant } });
    return (response.json() as { incidents: unknown[] }).incidents.length;
  };
  const seeded = expectJson(await control(app, 'POST', 'seed', { tenant: 'gen', generate: 7, seed: 3 }));
  t.equal(seeded.seededFrom, 'generated:7:seed=3');
  t.equal(await count('gen'), 7);
  t.equal(await count('default'), INCIDENTS.length);
  const uuid = (await esetRequest(app, { url: '/v2/incidents', token, headers: { 'x-emulator-tenant': 'gen' } })).json().incidents[0].uuid;
  expectJson(await control(app, 'POST', 'state', { tenant: 'gen', eset: { incidents: [{ uuid, displayName: 'edited' }] } }));
  expectJson(await control(app, 'POST', 'reset', { tenant: 'gen' }));
  t.equal(await count('gen'), 7, 'reset returns to the generated set');

  expectJson(await control(app, 'POST', 'seed', { tenant: 'gen', fixtures: 'default' }));
  t.equal(await count('gen'), INCIDENTS.length);

  for (const body of [{}, { fixtures: 'default', generate: 1 }, { fixtures: 'default', seed: 1 }, { fixtures: '../etc' }, { generate: 0 }]) {
    const response = await control(app, 'POST', 'seed', body);
    t.equal(response.statusCode, 400, JSON.stringify(body));
  }
  const missing = await control(app, 'POST', 'seed', { fixtures: 'no-such-set' });
  t.equal(missing.statusCode, 400);
  t.match(missing.json().message, /^cannot seed from fixtures:no-such-set: /);
  t.notMatch(missing.json().message, process.cwd(), 'no absolute path');
});

t.test('snapshots: save, list, restore, delete, per tenant', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const setStatus = (status: string, tenant = 'default') =>
    control(app, 'POST', 'state', { tenant, eset: { incidents: [{ uuid: OPEN.uuid, status: `INCIDENT_STATUS_${status}` }] } });

  expectJson(await setStatus('IN_PROGRESS'));
  const saved = expectJson(await control(app, 'POST', 'snapshots', { name: 'in-progress' }), 201);
  t.equal(saved.name, 'in-progress');
  t.equal(saved.createdAt, '2026-11-20T12:00:00Z');
  expectJson(await setStatus('CLOSED'));
  t.equal(await statusOf(app, OPEN.uuid, token), 'INCIDENT_STATUS_CLOSED');
  t.same(expectJson(await control(app, 'POST', 'snapshots/in-progress/restore')), { tenant: 'default', restored: 'in-progress' });
  t.equal(await statusOf(app, OPEN.uuid, token), 'INCIDENT_STATUS_IN_PROGRESS');
  t.equal(await statusOf(app, OPEN.uuid, token), 'INCIDENT_STATUS_IN_PROGRESS', 'the token survives a restore');

  const list = expectJson<{ snapshots: Array<{ name: string }> }>(await control(app, 'GET', 'snapshots'));
  t.same(list.snapshots.map((s) => s.name), ['in-progress']);
  t.same(expectJson<{ snapshots: unknown[] }>(await control(app, 'GET', 'snapshots?tenant=other')).snapshots, [], 'snapshots are per tenant');
  t.equal((await control(app, 'POST', 'snapshots/in-progress/restore', { tenant: 'other' })).statusCode, 404);

  t.equal((await control(app, 'DELETE', 'snapshots/in-progress')).statusCode, 204);
  t.equal((await control(app, 'DELETE', 'snapshots/in-progress')).statusCode, 404);
  t.equal((await control(app, 'POST', 'snapshots/in-progress/restore')).statusCode, 404);
  t.equal((await control(app, 'POST', 'snapshots', { name: '../x' })).statusCode, 400);
});

t.test('snapshots of a file database are files that survive a restart', async (t) => {
  const { buildApp } = await import('../../src/app.js');
  const { defaultConfig } = await import('../../src/config.js');
  const { existsSync } = await import('node:fs');
  const dir = t.testdir();
  const config = defaultConfig({ db: `${dir}/emulator.sqlite`, logLevel: 'silent' });
  const first = await buildApp({ config });
  const setStatus = (app: typeof first, status: string, tenant: string) =>
    control(app, 'POST', 'state', { tenant, eset: { incidents: [{ uuid: OPEN.uuid, status: `INCIDENT_STATUS_${status}` }] } });
  expectJson(await setStatus(first, 'IN_PROGRESS', 'w1'));
  const saved = expectJson(await control(first, 'POST', 'snapshots', { name: 'progress', tenant: 'w1' }), 201);
  t.ok((saved.bytes as number) > 0);
  expectJson(await control(first, 'POST', 'snapshots', { name: 'progress', tenant: 'w1' }), 201);
  t.ok(existsSync(`${dir}/snapshots/w1/progress.sqlite`));
  await first.close();

  const second = await buildApp({ config });
  t.teardown(() => second.close());
  const token = await esetToken(second);
  const listed = expectJson<{ snapshots: Array<{ name: string; createdAt: string }> }>(await control(second, 'GET', 'snapshots?tenant=w1'));
  t.same(listed.snapshots.map((s) => s.name), ['progress']);
  t.same(expectJson<{ snapshots: unknown[] }>(await control(second, 'GET', 'snapshots')).snapshots, []);
  expectJson(await control(second, 'POST', 'reset', { tenant: 'w1' }));
  t.equal(await statusOf(second, OPEN.uuid, token, 'w1'), 'INCIDENT_STATUS_OPEN');
  expectJson(await control(second, 'POST', 'snapshots/progress/restore', { tenant: 'w1' }));
  t.equal(await statusOf(second, OPEN.uuid, token, 'w1'), 'INCIDENT_STATUS_IN_PROGRESS');
  t.notOk(second.datasets.get('w1').meta.get('snapshot_created_at'), "a snapshot's own facts stay in the snapshot");
  t.equal((await control(second, 'DELETE', 'snapshots/progress?tenant=w1')).statusCode, 204);
  t.notOk(existsSync(`${dir}/snapshots/w1/progress.sqlite`));
  t.equal((await control(second, 'DELETE', 'snapshots/progress?tenant=w1')).statusCode, 404);
  t.equal((await control(second, 'POST', 'snapshots/progress/restore', { tenant: 'w1' })).statusCode, 404);
});

t.test('an incident as the API answers it, durations with milliseconds included, can be staged back as it is', async (t) => {
  const { app, clock } = await startApp(t);
  clock.freeze(Date.parse('2026-11-20T12:00:00.123Z'));
  const token = await esetToken(app);
  const closed = await esetRequest(app, { method: 'POST', url: `/v2/incidents/${OPEN.uuid}:close`, token, payload: { closureReason: 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE' } });
  t.equal(closed.statusCode, 200);
  const incident = (await esetRequest(app, { url: `/v2/incidents/${OPEN.uuid}`, token })).json().incident as { triageDuration: string; responseDuration: string };
  t.match(incident.triageDuration, /^\d+\.\d+s$/, `a duration with a fraction: ${incident.triageDuration}`);
  const staged = await control(app, 'POST', 'state', { eset: { incidents: [incident] } });
  t.equal(staged.statusCode, 200, String(staged.headers['x-emulator-reason'] ?? staged.body));
  const again = (await esetRequest(app, { url: `/v2/incidents/${OPEN.uuid}`, token })).json().incident as typeof incident;
  t.equal(again.triageDuration, incident.triageDuration, 'kept to the millisecond');
  t.equal(again.responseDuration, incident.responseDuration);
});

t.test("an ESET incident staged without updateTime is dated now when it changed, as Adversarial's updated_date is", async (t) => {
  const { app, clock } = await startApp(t);
  const state = async (patch: Record<string, unknown>) =>
    expectJson<{ eset: { incidents: Array<{ updateTime: string; createTime: string }> } }>(
      await control(app, 'POST', 'state', { eset: { incidents: [{ uuid: OPEN.uuid, ...patch }] } }),
    ).eset.incidents[0]!;
  const before = OPEN.updateTime;
  t.equal((await state({ severity: OPEN.severity })).updateTime, before, 'nothing changed: the time stays');
  t.equal((await state({ description: 'staged' })).updateTime, new Date(clock.now()).toISOString().replace('.000Z', 'Z'), 'changed: now');
  t.equal((await state({ description: 'again', updateTime: '2026-11-01T00:00:00Z' })).updateTime, '2026-11-01T00:00:00Z', 'given: as given');
  const created = await state({ uuid: '00000000-0000-4000-8000-00000000abcd', createTime: '2026-10-01T00:00:00Z' });
  t.equal(created.updateTime, created.createTime, "a new incident's is its createTime");
});
