import t from 'tap';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { esetRequest, esetToken, startApp, tokenRequest } from '../helpers.js';
import { control, expectJson } from '../control/control-helpers.js';
import { withStatus } from '../eset/write-helpers.js';

const OPEN = withStatus('OPEN');

t.test('x-emulator-fault: a status in ESET’s shape, marked, journaled; the handler never runs', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const close = { method: 'POST' as const, url: `/v2/incidents/${OPEN.uuid}:close`, token };
  const payload = { closureReason: 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE', finalComment: { text: 'done' } };
  const comments = async () => (await esetRequest(app, { url: `/v2/incidents/${OPEN.uuid}/comments`, token })).json().comments as Array<{ text: string }>;
  const commentsBefore = await comments();
  const response = await esetRequest(app, { ...close, headers: { 'x-emulator-fault': '503' }, payload });
  t.equal(response.statusCode, 503);
  t.equal(response.body, '', 'ESET errors have an empty body');
  t.equal(response.headers['x-emulator-fault'], 'header 503');
  t.equal(response.headers['x-emulator-error'], 'UNAVAILABLE');
  t.equal(response.headers['retry-after'], '1');
  t.ok(response.headers['request-id']);
  const incident = (await esetRequest(app, { url: `/v2/incidents/${OPEN.uuid}`, token })).json().incident;
  t.equal(incident.status, 'INCIDENT_STATUS_OPEN', 'the failed write changed nothing');
  t.same(await comments(), commentsBefore, 'and added no final comment');

  const teapot = await esetRequest(app, { url: '/v2/incidents', token, headers: { 'x-emulator-fault': '418' } });
  t.equal(teapot.statusCode, 418);
  t.equal(teapot.headers['x-emulator-error'], 'INJECTED_FAULT');
  t.equal(teapot.headers['retry-after'], undefined);
  const limited = await esetRequest(app, { url: '/v2/incidents', token, headers: { 'x-emulator-fault': '429,retry-after=9' } });
  t.equal(limited.statusCode, 429);
  t.equal(limited.headers['retry-after'], '9');
  t.equal((await esetRequest(app, { url: '/v2/incidents', token, headers: { 'x-emulator-fault': '502' } })).headers['x-emulator-error'], 'BAD_GATEWAY');

  const journal = expectJson<{ requests: Array<{ status: number; fault: string | null }> }>(await control(app, 'GET', 'journal?path=/v2/'));
  t.same(journal.requests.map((e) => [e.status, e.fault]), [
    [200, null],
    [503, 'header 503'],
    [200, null],
    [200, null],
    [418, 'header 418'],
    [429, 'header 429'],
    [502, 'header 502'],
  ]);

  // The same request without the fault is a good one: the fault, not the body, stopped it.
  t.equal((await esetRequest(app, { ...close, payload })).statusCode, 200);
  t.match((await comments()).at(-1), { text: 'done', isFinalComment: true });
});

t.test('a malformed fault header is a 400 that says so', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const response = await esetRequest(app, { url: '/v2/incidents', token, headers: { 'x-emulator-fault': '200' } });
  t.equal(response.statusCode, 400);
  t.match(response.headers['x-emulator-reason'], /x-emulator-fault '200': 200 is not a 4xx or 5xx status/);
  const token2 = await tokenRequest(app, { grant_type: 'password', username: 'x', password: 'y' }, { 'x-emulator-fault': 'sometimes' });
  t.equal(token2.statusCode, 400);
  t.match(token2.json().error_description, /'sometimes' is not a fault/);
});

t.test('faults render in each API’s own error shape', async (t) => {
  const { app } = await startApp(t);
  const oauth = await tokenRequest(app, { grant_type: 'password', username: 'x', password: 'y' }, { 'x-emulator-fault': '500' });
  t.equal(oauth.statusCode, 500);
  t.equal(oauth.json().error, 'server_error');
  const adversarial = await app.inject({
    method: 'POST',
    url: '/api/v1/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-emulator-fault': '504' },
    payload: 'grant_type=client_credentials&client_id=a&client_secret=b',
  });
  t.equal(adversarial.statusCode, 504);
  t.equal(adversarial.headers['x-emulator-fault'], 'header 504');
  const pending = await app.inject({ url: '/api/v1/incidents', headers: { 'x-emulator-fault': '202' } });
  t.not(pending.statusCode, 202, 'no 202 protocol outside ESET');
  const control404 = await app.inject({ url: '/_emulator/clock', headers: { 'x-emulator-fault': '503' } });
  t.equal(control404.statusCode, 200, 'the control API is never faulted');
});

t.test('rules through the control API: add, list with counters, tenant scope, delete', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const added = expectJson(
    await control(app, 'POST', 'faults', { id: 'get-503', match: { operationId: 'Incidents_GetIncident' }, action: { status: 503 }, schedule: { times: 1 } }),
    201,
  );
  t.match(added, { id: 'get-503', matched: 0, fired: 0 });
  expectJson(await control(app, 'POST', 'faults', { match: { api: 'eset', method: 'GET', route: '/v2/incidents' }, action: { status: 500 } }, { 'x-emulator-tenant': 'w1' }), 201);

  const get = () => esetRequest(app, { url: `/v2/incidents/${OPEN.uuid}`, token });
  const first = await get();
  t.equal(first.statusCode, 503);
  t.equal(first.headers['x-emulator-fault'], 'rule:get-503 503');
  t.equal((await get()).statusCode, 200, 'times: 1');

  const list = (tenant: string) => esetRequest(app, { url: '/v2/incidents?pageSize=1', token, headers: { 'x-emulator-tenant': tenant } });
  t.equal((await list('w1')).statusCode, 500, 'the rule added with a tenant header applies to that tenant');
  t.equal((await list('w2')).statusCode, 200, 'and not to another');

  type Listed = { rules: Array<{ id: string; matched: number; fired: number; match: Record<string, unknown> }> };
  const rules = expectJson<Listed>(await control(app, 'GET', 'faults'));
  t.same(rules.rules.map((r) => [r.id, r.matched, r.fired]), [['get-503', 1, 1]], "the default tenant's rules");
  const w1 = expectJson<Listed>(await control(app, 'GET', 'faults?tenant=w1'));
  t.same(w1.rules.map((r) => [r.id, r.matched, r.fired, r.match.tenant]), [['rule-2', 1, 1, 'w1']]);

  const bad = await control(app, 'POST', 'faults', { action: { status: 600 } });
  t.equal(bad.statusCode, 400);
  t.match(bad.json().message, /rule\.action\.status must be an integer from 400 to 599/);

  t.same(expectJson(await control(app, 'DELETE', 'faults?tenant=w1')), { removed: 1 });
  t.equal((await control(app, 'DELETE', 'faults/get-503')).statusCode, 204);
  t.equal((await control(app, 'DELETE', 'faults/get-503')).statusCode, 404);

  const replaced = expectJson<{ rules: Array<{ id: string }> }>(
    await control(app, 'PUT', 'faults', { rules: [{ id: 'a', action: { status: 502 } }, { id: 'b', action: { status: 504 } }] }),
  );
  t.same(replaced.rules.map((r) => r.id), ['a', 'b']);
  t.equal((await get()).statusCode, 502);
  const badReplace = await control(app, 'PUT', 'faults', { rules: [{ id: 'c', action: { status: 500 } }, { action: 'x' }] });
  t.equal(badReplace.statusCode, 400);
  t.match(badReplace.json().message, /rules\[1\]\.action: expected a JSON object/);
  t.same(expectJson<{ rules: Array<{ id: string }> }>(await control(app, 'GET', 'faults')).rules.map((r) => r.id), ['a', 'b'], 'a bad replace changes nothing');
  const bare = expectJson<{ rules: Array<{ id: string }> }>(await control(app, 'PUT', 'faults', [{ id: 'bare', action: { status: 503 } }, { id: 'b', action: { status: 504 } }]));
  t.same(bare.rules.map((r) => r.id), ['bare', 'b'], 'a bare array, as the README and --faults show it');
  t.equal((await get()).statusCode, 503);
  const neither = await control(app, 'PUT', 'faults', { rule: [] });
  t.equal(neither.statusCode, 400, 'neither an array nor {"rules": [...]}');
  t.same(expectJson<{ rules: Array<{ id: string }> }>(await control(app, 'GET', 'faults')).rules.map((r) => r.id), ['bare', 'b']);
  t.same(expectJson(await control(app, 'DELETE', 'faults')), { removed: 2 });
  t.equal((await get()).statusCode, 200);

  const atFront = expectJson(await control(app, 'POST', 'faults?position=0', { action: { status: 500 }, match: { header: { name: 'x-chaos' } } }), 201);
  t.equal(atFront.id, 'rule-7', 'ids count on over every rule added or replaced');
  t.equal((await esetRequest(app, { url: `/v2/incidents/${OPEN.uuid}`, token, headers: { 'x-chaos': '1' } })).statusCode, 500);
});

t.test('rules from the --faults setting: inline JSON or a file', async (t) => {
  const inline = await startApp(t, { faults: '[{"id":"boot","action":{"status":503}}]' });
  t.equal((await inline.app.inject({ method: 'POST', url: '/oauth/token' })).statusCode, 503);
  const dir = t.testdir({ 'faults.json': JSON.stringify({ rules: [{ id: 'file', match: { api: 'eset' }, action: { status: 429 } }] }) });
  const fromFile = await startApp(t, { faults: `${dir}/faults.json` });
  t.equal((await fromFile.app.inject({ method: 'POST', url: '/oauth/token' })).statusCode, 429);
  await t.rejects(startApp(t, { faults: '[{"action":{}}]' }), /Invalid --faults \(EMULATOR_FAULTS\): --faults\[0\]\.action\.status/);
});

t.test('latency: fixed and ranged, then the real answer', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const slow = await esetRequest(app, { url: '/v2/incidents?pageSize=1', token, headers: { 'x-emulator-fault': 'latency=20' } });
  t.equal(slow.statusCode, 200);
  t.equal(slow.headers['x-emulator-fault'], 'header latency=20');
  expectJson(await control(app, 'POST', 'faults', { action: { latency: { min: 1, max: 5 }, status: 500 } }), 201);
  const ranged = await esetRequest(app, { url: '/v2/incidents?pageSize=1', token });
  t.equal(ranged.statusCode, 500);
  t.equal(ranged.headers['x-emulator-fault'], 'rule:rule-1 500,latency=1..5');
});

t.test('drop: the connection is destroyed without an answer', async (t) => {
  const { app } = await startApp(t);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/oauth/token', headers: { 'x-emulator-fault': 'drop' } }, () =>
      reject(new Error('got an answer')),
    );
    request.on('error', resolve);
    request.end();
  });
  t.match(error.code, /ECONNRESET|EPIPE/);
  const journal = expectJson<{ requests: Array<{ status: number; fault: string }> }>(await control(app, 'GET', 'journal'));
  t.same(journal.requests.map((e) => [e.status, e.fault]), [[0, 'header drop']]);
});
