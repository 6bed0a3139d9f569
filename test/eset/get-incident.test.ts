import t from 'tap';
import { esetRequest, startApp } from '../helpers.js';
import { INCIDENTS } from './fixture-oracle.js';

t.test('GET returns the incident with every key and its relations', async (t) => {
  const { app } = await startApp(t);
  const withDevices = INCIDENTS.find((i) => i.deviceUuids.length > 0 && i.detectionUuids.length > 0)!;
  const response = await esetRequest(app, { url: `/v2/incidents/${withDevices.uuid}` });
  t.equal(response.statusCode, 200);
  t.same(response.json(), { incident: withDevices }, 'exactly the fixture, every key');
});

t.test('list items carry every key, with deviceUuids and detectionUuids empty', async (t) => {
  const { app } = await startApp(t);
  const response = await esetRequest(app, { url: '/v2/incidents?pageSize=1000' });
  const byUuid = new Map(INCIDENTS.map((i) => [i.uuid, i]));
  for (const item of response.json().incidents) {
    t.same(item, { ...byUuid.get(item.uuid), deviceUuids: [], detectionUuids: [] }, item.uuid);
  }
});

t.test('an unknown or non-uuid id is a 404 with an empty body', async (t) => {
  const { app } = await startApp(t);
  for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
    const response = await esetRequest(app, { url: `/v2/incidents/${id}` });
    t.equal(response.statusCode, 404, id);
    t.equal(response.body, '');
    t.match(String(response.headers['x-emulator-reason']), /does not exist/);
  }
  const tooLong = await esetRequest(app, { url: `/v2/incidents/${'a'.repeat(101)}` });
  t.equal(tooLong.statusCode, 400, 'ids are at most 100 characters');
});

t.test('each tenant is an isolated dataset seeded from the fixtures', async (t) => {
  const { app } = await startApp(t);
  const response = await esetRequest(app, { url: '/v2/incidents?pageSize=1', headers: { 'x-emulator-tenant': 'worker-1' } });
  t.equal(response.statusCode, 200);
  t.equal(response.json().incidents.length, 1);
  const bad = await esetRequest(app, { url: '/v2/incidents', headers: { 'x-emulator-tenant': '../etc' } });
  t.equal(bad.statusCode, 400);
  t.match(String(bad.headers['x-emulator-reason']), /tenant/);
});
