import t from 'tap';
import { esetRequest, esetToken, startApp, TEST_NOW } from '../helpers.js';
import { INCIDENTS } from '../eset/fixture-oracle.js';
import { control, expectJson } from './control-helpers.js';

t.test('clock: read, freeze at an instant, advance, resume', async (t) => {
  const { app, clock } = await startApp(t);
  t.same(expectJson(await control(app, 'GET', 'clock')), { tenant: 'default', own: false, now: '2026-11-20T12:00:00Z', nowMs: TEST_NOW, frozen: true, offsetMs: 0 });
  t.equal(expectJson(await control(app, 'POST', 'clock', { advance: '90s' })).now, '2026-11-20T12:01:30Z');
  t.equal(expectJson(await control(app, 'POST', 'clock', { advance: 500 })).nowMs, TEST_NOW + 90_500);
  t.equal(expectJson(await control(app, 'POST', 'clock', { advance: '2h' })).now, '2026-11-20T14:01:30.500Z');
  t.equal(expectJson(await control(app, 'POST', 'clock', { freeze: '2027-01-01T00:00:00Z' })).now, '2027-01-01T00:00:00Z');
  t.equal(clock.now(), Date.parse('2027-01-01T00:00:00Z'), 'the app clock itself moved');

  const resumed = expectJson(await control(app, 'POST', 'clock', { resume: true }));
  t.equal(resumed.frozen, false);
  t.ok((resumed.nowMs as number) >= Date.parse('2027-01-01T00:00:00Z'));
  const frozen = expectJson(await control(app, 'POST', 'clock', { freeze: true }));
  t.equal(frozen.frozen, true);

  for (const body of [{}, { advance: '5 parsecs' }, { advance: -1 }, { freeze: false }, { freeze: 'yesterday' }, { advance: '1s', resume: true }, { resume: false }, { tenant: 'w1' }]) {
    const response = await control(app, 'POST', 'clock', body);
    t.equal(response.statusCode, 400, JSON.stringify(body));
    t.equal(response.json().error, 'INVALID_ARGUMENT');
  }
});

t.test('reset: the emulator clock back to real time', async (t) => {
  const { app } = await startApp(t);
  const reset = expectJson(await control(app, 'POST', 'clock', { reset: true }));
  t.equal(reset.frozen, false);
  t.equal(reset.offsetMs, 0);
  t.ok(Math.abs((reset.nowMs as number) - Date.now()) < 60_000);
});

t.test('a tenant can have a clock of its own; the others follow the emulator clock', async (t) => {
  const { app, clock } = await startApp(t);
  const token = await esetToken(app);
  const list = (tenant?: string) =>
    esetRequest(app, { url: '/v2/incidents?pageSize=1', token, headers: tenant ? { 'x-emulator-tenant': tenant } : {} });

  t.equal((await control(app, 'POST', 'clock', { tenant: 'w1', advance: 'soon' })).statusCode, 400);
  t.equal(expectJson(await control(app, 'GET', 'clock?tenant=w1')).own, false, 'a refused change gives no clock');
  const moved = expectJson(await control(app, 'POST', 'clock', { advance: '2h' }, { 'x-emulator-tenant': 'w1' }));
  t.match(moved, { tenant: 'w1', own: true, now: '2026-11-20T14:00:00Z', frozen: false, offsetMs: 7_200_000 });
  t.equal(expectJson(await control(app, 'GET', 'clock')).now, '2026-11-20T12:00:00Z', 'the emulator clock did not move');
  t.match(expectJson(await control(app, 'GET', 'clock?tenant=w2')), { own: false, now: '2026-11-20T12:00:00Z' });

  t.equal((await list('w1')).statusCode, 401, "w1's requests read its clock: the token has expired there");
  t.equal((await list('w2')).statusCode, 200);
  t.equal((await list()).statusCode, 200);

  clock.advance(60_000);
  t.equal(expectJson(await control(app, 'GET', 'clock?tenant=w1')).now, '2026-11-20T14:01:00Z', 'a running tenant clock follows the emulator clock plus its offset');
  t.equal(expectJson(await control(app, 'POST', 'clock', { tenant: 'w1', freeze: '2026-11-20T12:30:00Z' })).now, '2026-11-20T12:30:00Z');
  t.equal((await list('w1')).statusCode, 200, 'the token is valid again at 12:30 on w1');
  const journal = expectJson<{ requests: Array<{ time: string }> }>(await control(app, 'GET', 'journal?tenant=w1'));
  t.same(journal.requests.map((e) => e.time), ['2026-11-20T14:00:00Z', '2026-11-20T12:30:00Z'], 'the journal reads the tenant clock too');


  const created = await esetRequest(app, {
    method: 'POST',
    url: `/v2/incidents/${INCIDENTS[0]!.uuid}/comments`,
    token,
    headers: { 'x-emulator-tenant': 'w1' },
    payload: { comment: { text: 'written at 12:30 on w1' } },
  });
  t.equal(created.json().comment.createTime, '2026-11-20T12:30:00Z', 'a write with a body reads the tenant clock');

  t.match(expectJson(await control(app, 'POST', 'clock', { tenant: 'w1', reset: true })), { own: false, now: '2026-11-20T12:01:00Z' });
  t.match(expectJson(await control(app, 'POST', 'clock', { tenant: 'w1', reset: true })), { own: false });
});

t.test('clock moves token expiry', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  t.equal((await esetRequest(app, { url: '/v2/incidents?pageSize=1', token })).statusCode, 200);
  expectJson(await control(app, 'POST', 'clock', { advance: '1h' }));
  t.equal((await esetRequest(app, { url: '/v2/incidents?pageSize=1', token })).statusCode, 401);
});

t.test('journal: bounded, filtered, cleared per tenant', async (t) => {
  const { app } = await startApp(t, { journalSize: 4 });
  const token = await esetToken(app);
  await esetRequest(app, { url: '/v2/incidents?pageSize=1', token });
  await esetRequest(app, { url: '/v2/incidents/00000000-0000-4000-8000-000000000000', token, headers: { 'x-emulator-tenant': 'a' } });
  await app.inject({ url: '/v2/incidents' });
  await control(app, 'GET', 'health');
  await app.inject({ url: '/openapi/eset.json' });

  type Entry = { seq: number; method: string; path: string; query: string; status: number; tenant: string; fault: null; time: string; latencyMs: number };
  const all = expectJson<{ capacity: number; requests: Entry[] }>(await control(app, 'GET', 'journal'));
  t.equal(all.capacity, 4);
  t.same(
    all.requests.map((e) => [e.method, e.path, e.status, e.tenant]),
    [
      ['POST', '/oauth/token', 200, 'default'],
      ['GET', '/v2/incidents', 200, 'default'],
      ['GET', '/v2/incidents', 400, 'default'],
    ],
    "the default tenant's entries; control API and documents are not journaled",
  );
  t.equal(all.requests[1]!.query, 'pageSize=1');
  t.equal(all.requests[1]!.time, '2026-11-20T12:00:00Z');
  t.equal(all.requests[1]!.fault, null);
  t.type(all.requests[1]!.latencyMs, 'number');

  const pick = async (query: string) =>
    expectJson<{ requests: Entry[] }>(await control(app, 'GET', `journal?${query}`)).requests.map((e) => e.seq);
  t.same(await pick('tenant=a'), [3]);
  t.same(await pick('tenant=a&status=4xx'), [3]);
  t.same(await pick('status=4xx'), [4]);
  t.same(await pick('tenant=a&status=404'), [3]);
  t.same(await pick('path=/v2/'), [2, 4]);
  t.same(await pick('path=/v2/&limit=1'), [4]);
  t.equal((await control(app, 'GET', 'journal?status=4x')).statusCode, 400);
  t.equal((await control(app, 'GET', 'journal?bogus=1')).statusCode, 400);

  await esetRequest(app, { url: '/v2/incidents?pageSize=2', token });
  t.same(await pick(''), [2, 4, 5], 'the ring keeps the newest 4');
  t.same(await pick('tenant=a'), [3]);

  t.same(expectJson(await control(app, 'DELETE', 'journal?tenant=a')), { removed: 1 });
  t.same(await pick(''), [2, 4, 5]);
  t.same(expectJson(await control(app, 'DELETE', 'journal')), { removed: 3 });
  t.same(await pick(''), []);
});

t.test('journal of size 0 keeps nothing', async (t) => {
  const { app } = await startApp(t, { journalSize: 0 });
  await app.inject({ url: '/v2/incidents' });
  t.same(expectJson(await control(app, 'GET', 'journal')).requests, []);
});

t.test('control token: required everywhere but health and ready', async (t) => {
  const { app } = await startApp(t, { controlToken: 'secret-token-1' });
  t.equal((await control(app, 'GET', 'health')).statusCode, 200);
  t.equal((await control(app, 'GET', 'ready')).statusCode, 200);
  const denied = await control(app, 'POST', 'reset');
  t.equal(denied.statusCode, 401);
  t.equal(denied.json().error, 'UNAUTHENTICATED');
  t.equal((await control(app, 'GET', 'clock', undefined, { authorization: 'Bearer wrong-token-1' })).statusCode, 401);
  t.equal((await control(app, 'GET', 'clock', undefined, { authorization: 'Bearer secret-token-1' })).statusCode, 200);
  t.equal((await control(app, 'GET', 'clock', undefined, { 'x-emulator-control-token': 'secret-token-1' })).statusCode, 200);
  t.equal((await app.inject({ url: '/openapi/emulator.json' })).statusCode, 200, 'the document stays readable');
});

t.test('the control API has its own OpenAPI document and Swagger UI', async (t) => {
  const { app } = await startApp(t);
  const document = expectJson<{ paths: Record<string, unknown> }>(await app.inject({ url: '/openapi/emulator.json' }));
  t.ok(document.paths['/_emulator/reset']);
  t.notOk(Object.keys(document.paths).some((path) => path.startsWith('/v2/')), 'no ESET paths in it');
  t.equal((await app.inject({ url: '/docs/emulator' })).statusCode < 400, true);
});
