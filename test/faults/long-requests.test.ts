import t from 'tap';
import { esetRequest, esetToken, startApp } from '../helpers.js';
import { control, expectJson } from '../control/control-helpers.js';
import { withStatus } from '../eset/write-helpers.js';

const OPEN = withStatus('OPEN');
const commentsUrl = `/v2/incidents/${OPEN.uuid}/comments`;

t.test('the full 202 cycle, driven by the clock; the write behind it happens exactly once', async (t) => {
  const { app, clock } = await startApp(t);
  const token = await esetToken(app);
  const commentCount = async () => (await esetRequest(app, { url: commentsUrl, token })).json().comments.length;
  const before = await commentCount();
  const payload = { comment: { text: 'Slow write.' } };

  const first = await esetRequest(app, { method: 'POST', url: commentsUrl, token, payload, headers: { 'x-emulator-fault': '202=30s' } });
  t.equal(first.statusCode, 202);
  t.equal(first.body, '');
  t.match(first.headers['content-type'], /^application\/json/);
  t.equal(first.headers['x-emulator-fault'], 'header 202=30000ms');
  const id = String(first.headers['response-id']);
  t.match(id, /^[0-9a-f-]{36}$/);
  t.equal(await commentCount(), before + 1, 'performed once, at the first request');

  // Another token of the same user: only the token may differ.
  const otherToken = await esetToken(app);
  const again = () => esetRequest(app, { method: 'POST', url: commentsUrl, token: otherToken, payload, headers: { 'response-id': id } });
  const pending = await again();
  t.equal(pending.statusCode, 202, 'pending');
  t.equal(pending.headers['response-id'], id);
  t.equal(pending.headers['x-emulator-fault'], undefined);

  const differentBody = await esetRequest(app, { method: 'POST', url: commentsUrl, token, payload: { comment: { text: 'Other.' } }, headers: { 'response-id': id } });
  t.equal(differentBody.statusCode, 404, 'a response-id with a different request is a 404');
  const otherTenant = await esetRequest(app, { method: 'POST', url: commentsUrl, token, payload, headers: { 'response-id': id, 'x-emulator-tenant': 'w1' } });
  t.equal(otherTenant.statusCode, 404, 'or another tenant');

  clock.advance(30_000);
  const ready = await again();
  t.equal(ready.statusCode, 200, 'the real result, once');
  t.equal(ready.json().comment.text, 'Slow write.');
  t.equal(ready.headers['response-id'], undefined);
  t.equal((await again()).statusCode, 404, 'then 404');
  t.equal(await commentCount(), before + 1, 'still exactly once');

  // The default tenant's journal: the request of tenant w1 is in w1's.
  const journal = expectJson<{ requests: Array<{ method: string; status: number; fault: string | null }> }>(await control(app, 'GET', 'journal?path=/v2/'));
  t.same(journal.requests.filter((e) => e.method === 'POST').map((e) => [e.status, e.fault]), [
    [202, 'header 202=30000ms'],
    [202, null],
    [404, null],
    [200, null],
    [404, null],
  ]);
});

t.test('an error behind a 202 is the delivered result', async (t) => {
  const { app, clock } = await startApp(t);
  const token = await esetToken(app);
  const url = '/v2/incidents/00000000-0000-4000-8000-000000000000';
  const first = await esetRequest(app, { url, token, headers: { 'x-emulator-fault': '202=1s' } });
  t.equal(first.statusCode, 202);
  t.equal(first.headers['x-emulator-reason'], undefined, 'the 202 carries none of the result’s headers');
  clock.advance(1000);
  const result = await esetRequest(app, { url, token, headers: { 'response-id': String(first.headers['response-id']) } });
  t.equal(result.statusCode, 404);
  t.equal(result.headers['x-emulator-error'], 'NOT_FOUND');
});

t.test('unclaimed results expire after 10 minutes; past 120 s pending is a 504', async (t) => {
  const { app, clock } = await startApp(t);
  const token = await esetToken(app);
  const url = '/v2/incidents?pageSize=1';
  const open = async (fault: string) => String((await esetRequest(app, { url, token, headers: { 'x-emulator-fault': fault } })).headers['response-id']);
  const claim = (id: string) => esetRequest(app, { url, token, headers: { 'response-id': id } });

  const unclaimed = await open('202=1s');
  clock.advance(1000 + 10 * 60_000 - 1);
  const kept = await open('202=1s');
  t.equal((await claim(unclaimed)).statusCode, 200, 'still there just before 10 minutes');
  clock.advance(1000 + 10 * 60_000);
  t.equal((await claim(kept)).statusCode, 404, 'gone after 10 minutes');

  const slow = await open('202=5m');
  clock.advance(119_999);
  t.equal((await claim(slow)).statusCode, 202);
  clock.advance(1);
  const timedOut = await claim(slow);
  t.equal(timedOut.statusCode, 504);
  t.equal(timedOut.headers['x-emulator-error'], 'GATEWAY_TIMEOUT');
  t.equal((await claim(slow)).statusCode, 404);
  t.equal((await claim('not-an-id')).statusCode, 404);
});

t.test('added latency beyond the gateway wait answers 202; a rule can answer 202', async (t) => {
  const { app, clock } = await startApp(t, { gatewayWaitMs: 1000 });
  const token = await esetToken(app);
  const url = '/v2/incidents?pageSize=2';
  const slow = await esetRequest(app, { url, token, headers: { 'x-emulator-fault': 'latency=90s' } });
  t.equal(slow.statusCode, 202, 'no real waiting: the emulator clock decides');
  const id = String(slow.headers['response-id']);
  clock.advance(89_000);
  t.equal((await esetRequest(app, { url, token, headers: { 'response-id': id } })).statusCode, 202);
  clock.advance(1000);
  const done = await esetRequest(app, { url, token, headers: { 'response-id': id } });
  t.equal(done.statusCode, 200);
  t.equal(done.json().incidents.length, 2);

  const quick = await esetRequest(app, { url, token, headers: { 'x-emulator-fault': 'latency=10' } });
  t.equal(quick.statusCode, 200, 'within the wait: just slower');

  expectJson(await control(app, 'POST', 'faults', { match: { operationId: 'Incidents_ListIncidents' }, action: { pending: '2s' }, schedule: { every: 2 } }), 201);
  t.equal((await esetRequest(app, { url, token })).statusCode, 200);
  const deferred = await esetRequest(app, { url, token });
  t.equal(deferred.statusCode, 202);
  t.equal(deferred.headers['x-emulator-fault'], 'rule:rule-1 202=2000ms');
});

t.test('the realistic profile waits 30 s at the gateway', async (t) => {
  const { app } = await startApp(t, { profile: 'realistic' });
  t.equal(app.config.gatewayWaitMs, 30_000);
  t.equal(app.config.esetRateLimit, 10);
  const token = await esetToken(app);
  t.equal((await esetRequest(app, { url: '/v2/incidents?pageSize=1', token, headers: { 'x-emulator-fault': 'latency=31s' } })).statusCode, 202);
});

t.test('a response-id re-send with a body nested too deeply to fingerprint is a 404, not a 500', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const response = await app.inject({
    method: 'POST',
    url: '/v2/incidents/00000000-0000-4000-8000-000000000000:reopen',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'response-id': '00000000-0000-4000-8000-000000000000' },
    payload: deep,
  });
  t.equal(response.statusCode, 404);
  t.match(response.headers['x-emulator-reason'], /response-id/);
});
