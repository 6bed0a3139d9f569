/**
 * The control API's protections: the control token is decided on the route that matched, so no
 * spelling of a control URL gets past it; state-changing control requests from another origin
 * are refused; control bodies must be JSON.
 */
import t from 'tap';
import { once } from 'node:events';
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { esetToken, startApp } from '../helpers.js';
import { control } from './control-helpers.js';

const TOKEN = 'secret-token-1';

/** Every control operation of the served document, with sample values for its path parameters. */
async function controlOperations(app: FastifyInstance): Promise<Array<{ method: string; path: string }>> {
  const document = (await app.inject({ method: 'GET', url: '/openapi/emulator.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => ({
      method: method.toUpperCase(),
      path: path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' ? 'rule-1' : 'snap-1')),
    })),
  );
}

/** Spellings of one path that a router, a proxy or a browser may treat as the same resource. */
function spellings(path: string): string[] {
  const rest = path.slice('/_emulator'.length);
  const everyCharacter = [...path].map((ch) => (ch === '/' ? ch : `%${ch.charCodeAt(0).toString(16)}`)).join('');
  return [
    path,
    `/%5femulator${rest}`,
    `/%5Femulator${rest}`,
    `/_%65mulator${rest}`,
    `/_%45mulator${rest}`,
    `/_emulator${rest.replace(/[a-z]/, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    everyCharacter,
    everyCharacter.toUpperCase(),
    `/${path}`,
    `/_emulator/${rest}`,
    `${path}/`,
    `/x/..${path}`,
    `/_emulator/./${rest.slice(1)}`,
    `/%2e%2e${path}`,
    `/_emulator%2f${rest.slice(1)}`,
    `${path};x=1`,
    `${path}?tenant=default`,
  ];
}

t.test('no spelling of a control route gets past the control token', async (t) => {
  const { app } = await startApp(t, { controlToken: TOKEN });
  const operations = await controlOperations(app);
  const open = new Set(['/_emulator/health', '/_emulator/ready']);
  t.ok(operations.length >= 15, `the control document lists its operations (${operations.length})`);
  let tried = 0;
  for (const { method, path } of operations) {
    for (const url of spellings(path)) {
      const withBody = method === 'POST' || method === 'PUT';
      const response = await app.inject({
        method: method as 'GET',
        url,
        ...(withBody ? { headers: { 'content-type': 'application/json' }, payload: '{}' } : {}),
      });
      tried++;
      if (open.has(path)) continue;
      if (![401, 404].includes(response.statusCode)) t.fail(`${method} ${url} answered ${response.statusCode} without the token`);
    }
  }
  t.pass(`${tried} spellings tried`);
  // The token still opens the canonical routes, and health and ready stay open.
  t.equal((await control(app, 'GET', 'journal', undefined, { authorization: `Bearer ${TOKEN}` })).statusCode, 200);
  t.equal((await control(app, 'GET', 'health')).statusCode, 200);
  t.equal((await app.inject({ method: 'GET', url: '/%5femulator/health' })).statusCode, 200);
});

t.test('a journal cleared through an encoded path is refused and keeps its entries', async (t) => {
  const { app } = await startApp(t, { controlToken: TOKEN });
  await app.inject({ method: 'GET', url: '/v2/incidents' });
  const auth = { authorization: `Bearer ${TOKEN}` };
  t.equal((await app.inject({ method: 'DELETE', url: '/%5femulator/journal' })).statusCode, 401);
  const journal = await control(app, 'GET', 'journal', undefined, auth);
  t.equal((journal.json() as { requests: unknown[] }).requests.length, 1);
});

t.test('an absolute-form request target is decided on the route too', async (t) => {
  const { app } = await startApp(t, { controlToken: TOKEN });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  const raw = async (target: string, headers = ''): Promise<string> => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.end(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n${headers}\r\n`);
    let text = '';
    for await (const chunk of socket) text += String(chunk);
    return text.split('\r\n', 1)[0]!;
  };
  for (const target of ['http://x/_emulator/journal', `http://127.0.0.1:${port}/_emulator/journal`, 'http://x/%5femulator/faults', 'http://x//_emulator/clock']) {
    t.match(await raw(target), /^HTTP\/1\.1 (401|404) /, target);
  }
  t.match(await raw('http://x/_emulator/journal', `Authorization: Bearer ${TOKEN}\r\n`), /^HTTP\/1\.1 200 /);
});

t.test('state-changing control requests from another origin are refused and change nothing', async (t) => {
  const { app } = await startApp(t);
  const clockNow = async () => ((await control(app, 'GET', 'clock')).json() as { nowMs: number }).nowMs;
  const before = await clockNow();
  const advance = (headers: Record<string, string>) => control(app, 'POST', 'clock', { advance: '1h' }, headers);

  for (const headers of <Array<Record<string, string>>>[
    { origin: 'http://evil.example' },
    { origin: 'null' },
    { origin: 'http://localhost.evil.example:4610' },
    { 'sec-fetch-site': 'cross-site' },
    { origin: 'http://localhost:3000', 'sec-fetch-site': 'cross-site' },
  ]) {
    const response = await advance(headers);
    t.equal(response.statusCode, 403, JSON.stringify(headers));
    t.match(response.json(), { error: 'PERMISSION_DENIED', message: /cross-site|origin/ });
  }
  const reset = await app.inject({ method: 'POST', url: '/_emulator/reset', headers: { origin: 'http://evil.example' } });
  t.equal(reset.statusCode, 403, 'a body-less reset from another origin');
  t.equal(await clockNow(), before, 'nothing changed');

  // Allowed: no Origin (curl, test clients), the emulator's own origin, --cors-origins, same-origin fetches.
  t.equal((await app.inject({ method: 'POST', url: '/_emulator/reset' })).statusCode, 200, 'a body-less POST without Origin');
  const own = { host: 'emu.internal:4610', origin: 'http://emu.internal:4610' };
  t.equal((await control(app, 'POST', 'reset', {}, own)).statusCode, 200, 'the emulator page itself');
  t.equal((await control(app, 'POST', 'reset', {}, { origin: 'http://localhost:5173' })).statusCode, 200, 'an allowed dev origin');
  t.equal((await control(app, 'POST', 'reset', {}, { 'sec-fetch-site': 'same-origin' })).statusCode, 200);
  t.equal((await control(app, 'POST', 'reset', {}, { 'sec-fetch-site': 'none' })).statusCode, 200);
  // Reading stays possible (CORS keeps other pages from seeing the answer).
  t.equal((await control(app, 'GET', 'journal', undefined, { origin: 'http://evil.example' })).statusCode, 200);
});

t.test('--cors-origins decides which other origins may change state', async (t) => {
  const { app } = await startApp(t, { corsOrigins: ['https://app.example'] });
  t.equal((await control(app, 'POST', 'reset', {}, { origin: 'https://app.example' })).statusCode, 200);
  t.equal((await control(app, 'POST', 'reset', {}, { origin: 'http://localhost:5173' })).statusCode, 403);
  const off = await startApp(t, { corsOrigins: ['off'] });
  t.equal((await control(off.app, 'POST', 'reset', {}, { origin: 'http://localhost:5173' })).statusCode, 403);
  t.equal((await control(off.app, 'POST', 'reset', {}, { host: 'localhost:4610', origin: 'http://localhost:4610' })).statusCode, 200);
});

t.test('a control body in another content type than JSON is a 415', async (t) => {
  const { app } = await startApp(t);
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const response = await app.inject({ method: 'POST', url: '/_emulator/clock', headers: { 'content-type': type }, payload: '{"advance":"1h"}' });
    t.equal(response.statusCode, 415, type);
    t.match(response.json(), { error: 'UNSUPPORTED_MEDIA_TYPE', message: /application\/json/ });
  }
  t.equal((await control(app, 'GET', 'clock')).json().offsetMs, 0, 'nothing changed');
  const json = await app.inject({ method: 'POST', url: '/_emulator/clock', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: '{"advance":"1h"}' });
  t.equal(json.statusCode, 200);
});

t.test('an API path in another spelling is that API: its error shape, its faults, the journal', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const encoded = '/v%32/incidents';
  const unauthenticated = await app.inject({ method: 'GET', url: encoded });
  t.equal(unauthenticated.statusCode, 400);
  t.equal(unauthenticated.body, '', "ESET's empty error body");
  t.equal((await control(app, 'POST', 'faults', { match: { api: 'eset' }, action: { status: 503 } })).statusCode, 201);
  const faulted = await app.inject({ method: 'GET', url: `${encoded}?pageSize=1`, headers: { authorization: `Bearer ${token}` } });
  t.equal(faulted.statusCode, 503, 'the fault rule of the ESET API applies');
  t.equal((await control(app, 'DELETE', 'faults')).statusCode, 200);
  const adversarial = await app.inject({ method: 'GET', url: '/api/v%31/incidents' });
  t.equal(adversarial.statusCode, 401);
  t.match(adversarial.json(), { error: String, description: String });
  const journal = (await control(app, 'GET', 'journal')).json() as { requests: Array<{ path: string; status: number }> };
  t.same(journal.requests.filter((e) => e.path !== '/oauth/token').map((e) => [e.path, e.status]), [
    [encoded, 400],
    [encoded, 503],
    ['/api/v%31/incidents', 401],
  ], 'journaled as the API requests they are');
});
