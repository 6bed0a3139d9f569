import t from 'tap';
import { startApp } from '../helpers.js';

const preflight = (origin: string) => ({
  method: 'OPTIONS' as const,
  url: '/v2/incidents',
  headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,x-emulator-tenant' },
});

t.test('default: any localhost origin, preflight answered, emulator headers exposed', async (t) => {
  const { app } = await startApp(t);
  const response = await app.inject(preflight('http://localhost:5173'));
  t.equal(response.statusCode, 204);
  t.equal(response.headers['access-control-allow-origin'], 'http://localhost:5173');
  t.match(response.headers['access-control-allow-methods'], /POST/);
  t.match(response.headers['access-control-allow-headers'], /authorization,x-emulator-tenant/);
  t.equal((await app.inject(preflight('http://127.0.0.1:3000'))).headers['access-control-allow-origin'], 'http://127.0.0.1:3000');
  t.equal((await app.inject(preflight('https://evil.example'))).headers['access-control-allow-origin'], undefined);

  const simple = await app.inject({ url: '/v2/incidents', headers: { origin: 'http://localhost:8080' } });
  t.equal(simple.statusCode, 400);
  t.equal(simple.headers['access-control-allow-origin'], 'http://localhost:8080');
  t.match(simple.headers['access-control-expose-headers'], /request-id.*response-id.*x-emulator-reason.*x-emulator-error.*x-emulator-fault.*retry-after/);
});

t.test('configured origins, with a port wildcard; * and off', async (t) => {
  const listed = await startApp(t, { corsOrigins: ['https://app.example.com', 'http://dev.example.com:*'] });
  t.equal((await listed.app.inject(preflight('https://app.example.com'))).headers['access-control-allow-origin'], 'https://app.example.com');
  t.equal((await listed.app.inject(preflight('http://dev.example.com:4200'))).headers['access-control-allow-origin'], 'http://dev.example.com:4200');
  t.equal((await listed.app.inject(preflight('http://localhost:3000'))).headers['access-control-allow-origin'], undefined);
  const any = await startApp(t, { corsOrigins: ['*'] });
  t.equal((await any.app.inject(preflight('https://anything.example'))).headers['access-control-allow-origin'], 'https://anything.example');
  const off = await startApp(t, { corsOrigins: ['off'] });
  t.equal((await off.app.inject(preflight('http://localhost:3000'))).headers['access-control-allow-origin'], undefined);
});

/** Every kind of answer the emulator gives, for a page on an allowed origin. */
t.test('every answer carries the CORS headers: 2xx, 202s, 204s, faults, 429s, parser, validation and routing errors', async (t) => {
  const ORIGIN = 'http://localhost:5173';
  const { app, clock } = await startApp(t, { esetRateLimit: 1 });
  const burst = await startApp(t, { esetBurst: true, esetRateLimit: 1 });
  const esetToken = async (target = app) =>
    ((await target.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=password&username=emulator@example.com&password=emulator',
    })).json() as { access_token: string }).access_token;
  const advToken = ((await app.inject({
    method: 'POST',
    url: '/api/v1/oauth/token',
    headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'grant_type=client_credentials&client_id=arm_sa_emulator&client_secret=arm_sk_emulator',
  })).json() as { access_token: string }).access_token;
  const eset = { authorization: `Bearer ${await esetToken()}`, origin: ORIGIN };
  const adversarial = { authorization: `Bearer ${advToken}`, origin: ORIGIN };
  const incident = ((await app.inject({ url: '/v2/incidents?pageSize=1', headers: { ...eset, 'x-emulator-tenant': 'other' } })).json() as { incidents: Array<{ uuid: string }> }).incidents[0]!.uuid;

  const seen: Array<[string, number, Record<string, unknown>]> = [];
  const expect = async (kind: string, status: number, response: Promise<{ statusCode: number; headers: Record<string, unknown> }>) => {
    const answer = await response;
    t.equal(answer.statusCode, status, `${kind}: status ${status}`);
    seen.push([kind, answer.statusCode, answer.headers]);
    return answer;
  };

  // Rate limit 1/s per credential: each ESET call below but the 429 one runs on its own tenant.
  let tenant = 0;
  const fresh = () => ({ ...eset, 'x-emulator-tenant': `t${tenant++}` });
  await expect('200 list', 200, app.inject({ url: '/v2/incidents?pageSize=1', headers: fresh() }));
  const deferred = await expect('202 of the protocol', 202, app.inject({ url: '/v2/incidents?pageSize=1', headers: { ...eset, 'x-emulator-tenant': 'deferred', 'x-emulator-fault': '202=1s' } }));
  clock.advance(2000);
  await expect('the collected result', 200, app.inject({ url: '/v2/incidents?pageSize=1', headers: { ...eset, 'x-emulator-tenant': 'deferred', 'response-id': String(deferred.headers['response-id']) } }));
  await expect('429 of the rate limit', 429, (async () => {
    await app.inject({ url: '/v2/incidents?pageSize=1', headers: { ...eset, 'x-emulator-tenant': 'limited' } });
    return app.inject({ url: '/v2/incidents?pageSize=1', headers: { ...eset, 'x-emulator-tenant': 'limited' } });
  })());
  const burstEset = { authorization: `Bearer ${await esetToken(burst.app)}`, origin: ORIGIN };
  await burst.app.inject({ url: '/v2/incidents?pageSize=1', headers: burstEset });
  await expect('202 of a burst', 202, burst.app.inject({ url: '/v2/incidents?pageSize=1', headers: burstEset }));
  await expect('injected fault (header)', 503, app.inject({ url: '/v2/incidents', headers: { ...fresh(), 'x-emulator-fault': '503' } }));
  t.equal((await app.inject({ method: 'POST', url: '/_emulator/faults', payload: { match: { api: 'adversarial' }, action: { status: 500 } } })).statusCode, 201);
  await expect('injected fault (rule)', 500, app.inject({ url: '/api/v1/incidents', headers: adversarial }));
  t.equal((await app.inject({ method: 'DELETE', url: '/_emulator/faults' })).statusCode, 200);
  await expect('204 of a delete', 204, app.inject({ method: 'DELETE', url: '/api/v1/incidents/INC-00001', headers: { ...adversarial, 'content-type': 'application/json' } }));
  await expect('400 malformed JSON', 400, app.inject({ method: 'POST', url: `/v2/incidents/${incident}:close`, headers: { ...fresh(), 'content-type': 'application/json' }, payload: '{"closureReason":' }));
  await expect('415 unsupported body', 415, app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { ...adversarial, 'content-type': 'text/plain' }, payload: 'title' }));
  await expect('400 validation', 400, app.inject({ url: `/v2/incidents?filter=${'x'.repeat(300)}`, headers: fresh() }));
  await expect('400 of the token endpoint', 400, app.inject({ method: 'POST', url: '/oauth/token', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=password&username=x&password=y' }));
  await expect('404 unknown route', 404, app.inject({ url: '/v3/nothing', headers: { origin: ORIGIN } }));
  await expect('400 unreadable URL', 400, app.inject({ url: '/v2/incidents/%zz', headers: eset }));
  await expect('200 control API', 200, app.inject({ url: '/_emulator/clock', headers: { origin: ORIGIN } }));

  for (const [kind, , headers] of seen) {
    t.equal(headers['access-control-allow-origin'], ORIGIN, `${kind}: allow-origin`);
    t.match(String(headers['access-control-expose-headers']), /request-id.*response-id.*x-emulator-reason.*x-emulator-warning.*retry-after/, `${kind}: exposed headers`);
    t.match(String(headers.vary), /Origin/i, `${kind}: vary`);
    t.ok(headers['request-id'], `${kind}: request-id`);
  }
  const kinds = Object.fromEntries(seen.map(([kind, , headers]) => [kind, headers]));
  t.ok(kinds['202 of the protocol']!['response-id'], 'the 202 carries its response-id for scripts to read');
  t.equal(kinds['400 unreadable URL']!['x-emulator-reason'], 'the request path is not a valid URL: /v2/incidents/%zz');

  const stranger = await app.inject({ url: '/v2/incidents', headers: { ...fresh(), origin: 'https://evil.example', 'x-emulator-fault': '202' } });
  t.equal(stranger.statusCode, 202);
  t.equal(stranger.headers['access-control-allow-origin'], undefined, 'an origin that is not allowed gets none');
});

t.test('over a real socket: the 202, an empty JSON DELETE and a malformed body carry CORS headers', async (t) => {
  const ORIGIN = 'http://127.0.0.1:8080';
  const { app } = await startApp(t);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const token = ((await (await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=password&username=emulator@example.com&password=emulator',
  })).json()) as { access_token: string }).access_token;
  const headers = { authorization: `Bearer ${token}`, origin: ORIGIN, 'content-type': 'application/json' };
  const page = (await (await fetch(`${base}/v2/incidents?pageSize=50`, { headers })).json()) as { incidents: Array<{ uuid: string }> };
  const commented = page.incidents[0]!.uuid;
  const created = await fetch(`${base}/v2/incidents/${commented}/comments`, { method: 'POST', headers, body: JSON.stringify({ comment: { text: 'to delete' } }) });
  const comment = ((await created.json()) as { comment: { uuid: string } }).comment.uuid;

  const deferred = await fetch(`${base}/v2/incidents?pageSize=1`, { headers: { ...headers, 'x-emulator-fault': '202' } });
  const deleted = await fetch(`${base}/v2/incidents/${commented}/comments/${comment}`, { method: 'DELETE', headers });
  const malformed = await fetch(`${base}/v2/incidents/${commented}:close`, { method: 'POST', headers, body: '{' });
  for (const [kind, response, status] of [['202', deferred, 202], ['DELETE, empty JSON body', deleted, 200], ['malformed JSON', malformed, 400]] as const) {
    t.equal(response.status, status, kind);
    t.equal(response.headers.get('access-control-allow-origin'), ORIGIN, `${kind}: allow-origin`);
    t.match(response.headers.get('access-control-expose-headers') ?? '', /response-id/, `${kind}: exposed`);
  }
  t.ok(deferred.headers.get('response-id'));
  t.match(malformed.headers.get('x-emulator-reason') ?? '', /not valid JSON.*line 1, column 2/);
  t.equal(await malformed.text(), '', "ESET's empty error body");
});
