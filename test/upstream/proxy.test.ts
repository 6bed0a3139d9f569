import t from 'tap';
import { esetRequest, esetToken } from '../helpers.js';
import { adversarialRequest, adversarialToken } from '../adversarial/requests.js';
import { emulatorBefore, upstreamEmulator } from './upstream-helpers.js';

t.test('proxy mode passes ESET answers through byte for byte and finds no drift in an honest upstream', async (t) => {
  const upstream = await upstreamEmulator(t);
  const { app } = await emulatorBefore(t, { eset: upstream.url });
  const direct = await esetRequest(upstream.app, { method: 'GET', url: '/v2/incidents?pageSize=5' });
  const proxied = await esetRequest(app, { method: 'GET', url: '/v2/incidents?pageSize=5' });
  t.equal(proxied.statusCode, 200);
  t.ok(proxied.rawPayload.equals(direct.rawPayload), 'the same bytes');
  t.equal(proxied.headers['content-type'], direct.headers['content-type']);
  const uuid = (direct.json() as { incidents: Array<{ uuid: string }> }).incidents[0]!.uuid;
  const one = await esetRequest(app, { method: 'GET', url: `/v2/incidents/${uuid}` });
  t.equal(one.statusCode, 200);
  const missing = await esetRequest(app, { method: 'GET', url: '/v2/incidents/00000000-0000-4000-8000-000000000000' });
  t.equal(missing.statusCode, 404);
  t.equal(missing.body, '');
  t.equal(missing.headers['content-type'], undefined, 'an empty ESET error has no content type, as upstream');
  const head = await esetRequest(app, { method: 'HEAD', url: '/v2/incidents?pageSize=5' });
  t.equal(head.statusCode, 200);
  t.same((await app.inject({ method: 'GET', url: '/_emulator/drift' })).json().findings, []);
});

t.test('proxy mode: the caller still needs an emulator token (the upstream account is not an open relay)', async (t) => {
  const upstream = await upstreamEmulator(t);
  const { app } = await emulatorBefore(t, { eset: upstream.url });
  const anonymous = await app.inject({ method: 'GET', url: '/v2/incidents' });
  t.equal(anonymous.statusCode, 400);
  const wrong = await app.inject({ method: 'GET', url: '/v2/incidents', headers: { authorization: 'Bearer nope' } });
  t.equal(wrong.statusCode, 401);
  t.equal(upstream.app.journal.entries({}).length, 0, 'nothing reached the upstream');
});

t.test('proxy mode passes Adversarial answers through, writes included', async (t) => {
  const upstream = await upstreamEmulator(t);
  const { app } = await emulatorBefore(t, { adversarial: `${upstream.url}/api` });
  const list = await adversarialRequest(app, { method: 'GET', url: '/api/v1/incidents?page=1&page_size=3' });
  const direct = await adversarialRequest(upstream.app, { method: 'GET', url: '/api/v1/incidents?page=1&page_size=3' });
  t.equal(list.statusCode, 200);
  t.ok(list.rawPayload.equals(direct.rawPayload));
  const created = await adversarialRequest(app, { method: 'POST', url: '/v1/incidents', payload: { title: 'Through the proxy', description: 'Created upstream.', detected_date: '2026-11-19T08:30:00Z' } });
  t.equal(created.statusCode, 201, created.body);
  const id = (created.json() as { id: string }).id;
  const there = await adversarialRequest(upstream.app, { method: 'GET', url: `/api/v1/incidents/${id}` });
  t.equal(there.statusCode, 200, 'the write happened upstream');
  t.same((await app.inject({ method: 'GET', url: '/_emulator/drift' })).json().findings, []);
});

t.test('caller auth: the token endpoint and the Authorization go through', async (t) => {
  const upstream = await upstreamEmulator(t);
  const { app } = await emulatorBefore(t, { eset: upstream.url }, { upstreamAuth: 'caller', upstreamCredentials: {} });
  const token = await esetToken(app);
  const viaUpstream = await esetRequest(upstream.app, { method: 'GET', url: '/v2/incidents?pageSize=1', token });
  t.equal(viaUpstream.statusCode, 200, 'the token came from the upstream');
  const proxied = await esetRequest(app, { method: 'GET', url: '/v2/incidents?pageSize=1', token });
  t.ok(proxied.rawPayload.equals(viaUpstream.rawPayload));
});

t.test('shadow mode against an upstream with the same data finds nothing, with either credentials', async (t) => {
  const upstream = await upstreamEmulator(t);
  for (const upstreamAuth of ['environment', 'caller'] as const) {
    const { app } = await emulatorBefore(t, { eset: upstream.url, adversarial: `${upstream.url}/api` }, { upstreamMode: 'shadow', upstreamAuth });
    const esetAnswer = await esetRequest(app, { method: 'GET', url: '/v2/incidents?pageSize=20' });
    t.equal(esetAnswer.statusCode, 200);
    const uuid = (esetAnswer.json() as { incidents: Array<{ uuid: string }> }).incidents[3]!.uuid;
    t.equal((await esetRequest(app, { method: 'GET', url: `/v2/incidents/${uuid}/comments` })).statusCode, 200);
    const token = upstreamAuth === 'caller' ? await adversarialToken(app) : undefined;
    t.equal((await adversarialRequest(app, { method: 'GET', url: '/api/v1/incidents?page=2&page_size=10', token })).statusCode, 200);
    t.equal((await adversarialRequest(app, { method: 'GET', url: '/v1/incidents/INC-00002/comments', token })).statusCode, 200);
    t.same((await app.inject({ url: '/_emulator/drift' })).json().findings, [], `${upstreamAuth}: no drift`);
    t.equal(app.journal.entries({ tenant: 'upstream-shadow' }).filter((entry) => entry.status === 200).length, 4, `${upstreamAuth}: the emulator answered each on its shadow tenant`);
  }
});
