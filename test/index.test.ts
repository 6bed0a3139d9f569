import t from 'tap';
import { startEmulator } from '../src/index.js';

t.test('startEmulator: a free port, in memory, over the network on loopback', async (t) => {
  const emulator = await startEmulator({ frozenAt: '2026-11-20T12:00:00Z' });
  t.teardown(() => emulator.close());
  t.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.ok(emulator.port > 0);
  t.equal(emulator.app.config.db, ':memory:');
  t.equal(emulator.clock.now(), Date.parse('2026-11-20T12:00:00Z'), 'the clock starts frozen where asked');
  const token = await emulator.esetToken();
  const response = await fetch(`${emulator.url}/v2/incidents?pageSize=2`, { headers: { authorization: `Bearer ${token}` } });
  t.equal(response.status, 200);
  t.equal(((await response.json()) as { incidents: unknown[] }).incidents.length, 2);
  await t.rejects(emulator.esetToken({ username: 'nobody@example.com', password: 'x' }), /invalid_grant/);
});

t.test('two emulators run side by side, isolated', async (t) => {
  const [a, b] = await Promise.all([startEmulator(), startEmulator()]);
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  t.not(a.port, b.port);
  const token = await a.esetToken();
  const list = await fetch(`${a.url}/v2/incidents?pageSize=1`, { headers: { authorization: `Bearer ${token}` } });
  const uuid = ((await list.json()) as { incidents: Array<{ uuid: string }> }).incidents[0]!.uuid;
  const update = await fetch(`${a.url}/v2/incidents/${uuid}/basic-attributes:update`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: 'only in a', updateMask: 'displayName' }),
  });
  t.equal(update.status, 200);
  const bToken = await b.esetToken();
  const inB = await fetch(`${b.url}/v2/incidents/${uuid}`, { headers: { authorization: `Bearer ${bToken}` } });
  t.not(((await inB.json()) as { incident: { displayName: string } }).incident.displayName, 'only in a');
});

t.test('the control client: reset, tenants, clock, faults, snapshots, journal', async (t) => {
  const emulator = await startEmulator({ frozenAt: '2026-11-20T12:00:00Z' });
  t.teardown(() => emulator.close());
  const token = await emulator.esetToken();
  const auth = { authorization: `Bearer ${token}` };
  const firstUuid = async (headers: Record<string, string> = {}) => {
    const response = await fetch(`${emulator.url}/v2/incidents?pageSize=1&orderBy=create_time`, { headers: { ...auth, ...headers } });
    return ((await response.json()) as { incidents: Array<{ uuid: string; displayName: string }> }).incidents[0]!;
  };
  const rename = (uuid: string, name: string, headers: Record<string, string> = {}) =>
    fetch(`${emulator.url}/v2/incidents/${uuid}/basic-attributes:update`, {
      method: 'POST',
      headers: { ...auth, ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: name, updateMask: 'displayName' }),
    });

  t.same(await emulator.control.health(), { status: 'alive' });
  const original = await firstUuid();
  await rename(original.uuid, 'changed');
  await emulator.reset();
  t.equal((await firstUuid()).displayName, original.displayName, 'reset() restores the seeded state');

  const worker = emulator.tenantHeaders('worker-7');
  await rename(original.uuid, 'tenant change', worker);
  t.equal((await firstUuid(worker)).displayName, 'tenant change');
  t.equal((await firstUuid()).displayName, original.displayName, 'the default tenant does not see it');
  await emulator.reset('worker-7');
  t.equal((await firstUuid(worker)).displayName, original.displayName, 'reset(tenant) resets that tenant');

  const clock = await emulator.control.clock.advance('2h');
  t.match(clock, { nowMs: Date.parse('2026-11-20T14:00:00Z'), frozen: true }, 'the clock answers its state');
  t.equal(emulator.clock.now(), Date.parse('2026-11-20T14:00:00Z'), 'advance moves the emulator clock');

  await emulator.control.faults.add({ id: 'once', match: { api: 'eset', operationId: 'Incidents_GetIncident' }, action: { status: 503 }, schedule: { times: 1 } });
  const freshToken = await emulator.esetToken();
  const faulted = await fetch(`${emulator.url}/v2/incidents/${original.uuid}`, { headers: { authorization: `Bearer ${freshToken}` } });
  t.equal(faulted.status, 503, 'the rule fires once');
  t.equal((await fetch(`${emulator.url}/v2/incidents/${original.uuid}`, { headers: { authorization: `Bearer ${freshToken}` } })).status, 200);
  await emulator.control.faults.clear();

  await emulator.control.snapshots.save('before');
  await rename(original.uuid, 'after snapshot', { authorization: `Bearer ${freshToken}` });
  await emulator.control.snapshots.restore('before');
  const restored = await fetch(`${emulator.url}/v2/incidents/${original.uuid}`, { headers: { authorization: `Bearer ${freshToken}` } });
  t.equal(((await restored.json()) as { incident: { displayName: string } }).incident.displayName, original.displayName);
  t.same((await emulator.control.snapshots.list()).snapshots.map((s) => s.name), ['before']);

  const journal = await emulator.control.journal.list({ status: '5xx' });
  t.equal(journal.requests.length, 1, 'the journal holds the injected 503');
  t.equal(journal.requests[0]!.status, 503);
  await t.rejects(emulator.control.seed({ fixtures: 'no-such-folder' }), { name: 'ControlApiError' });

  const adversarial = await emulator.adversarialToken();
  const list = await fetch(`${emulator.url}/api/v1/incidents?page_size=2`, { headers: { authorization: `Bearer ${adversarial}` } });
  t.equal(list.status, 200, 'the Adversarial token works');
});

t.test('tenant(name): one handle with the headers and the tenant-scoped control client', async (t) => {
  const emulator = await startEmulator({ controlToken: 'in-process-secret' });
  t.teardown(() => emulator.close());
  const token = await emulator.esetToken();
  const worker = emulator.tenant('worker-3');
  t.equal(worker.name, 'worker-3');
  t.same(worker.headers, emulator.tenantHeaders('worker-3'));
  const list = (headers: Record<string, string>) =>
    fetch(`${emulator.url}/v2/incidents?pageSize=1&orderBy=create_time`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const first = ((await (await list({})).json()) as { incidents: Array<{ uuid: string; displayName: string }> }).incidents[0]!;

  const change = { uuid: first.uuid, displayName: 'only in worker-3' };
  await worker.control.state({ eset: { incidents: [change] } });
  const inWorker = (await (await list(worker.headers)).json()) as { incidents: Array<{ displayName: string }> };
  t.equal(inWorker.incidents[0]!.displayName, 'only in worker-3', 'the control client acts on the tenant, with the control token');
  const inDefault = (await (await list({})).json()) as { incidents: Array<{ displayName: string }> };
  t.equal(inDefault.incidents[0]!.displayName, first.displayName, 'the default tenant does not see it');
  await worker.reset();
  const afterReset = (await (await list(worker.headers)).json()) as { incidents: Array<{ displayName: string }> };
  t.equal(afterReset.incidents[0]!.displayName, first.displayName, 'reset() brings the tenant back to its seed');
  t.equal((await fetch(`${emulator.url}/_emulator/faults`)).status, 401, 'the control API needs the token the client sends');
});
