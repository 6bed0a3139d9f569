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
