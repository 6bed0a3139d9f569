import t from 'tap';
import { createServer } from 'node:net';
import { adversarialRequest } from '../adversarial/requests.js';
import { esetRequest } from '../helpers.js';
import { emulatorBefore, fakeUpstream } from './upstream-helpers.js';

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

t.test('an upstream that is down: a vendor-shaped 502 that says so', async (t) => {
  const port = await closedPort();
  const { app } = await emulatorBefore(t, { eset: `http://127.0.0.1:${port}`, adversarial: `http://127.0.0.1:${port}/api` });
  const eset = await esetRequest(app, { method: 'GET', url: '/v2/incidents' });
  t.equal(eset.statusCode, 502);
  t.equal(eset.body, '', 'ESET errors have an empty body');
  t.equal(eset.headers['x-emulator-error'], 'BAD_GATEWAY');
  t.match(eset.headers['x-emulator-reason'], new RegExp(`upstream at http://127.0.0.1:${port} could not be reached.*ECONNREFUSED`));
  const adversarial = await adversarialRequest(app, { method: 'GET', url: '/api/v1/incidents' });
  t.equal(adversarial.statusCode, 502);
  t.match(adversarial.json(), { error: 'bad_gateway', description: /could not be reached/ });
});

t.test('a slow upstream: a vendor-shaped 504 after --upstream-timeout', async (t) => {
  const url = await fakeUpstream(t, (app) => {
    app.post('/oauth/token', async () => ({ access_token: 'a', expires_in: 3600 }));
    app.post('/api/v1/oauth/token', async () => ({ access_token: 'a', expires_in: 3600 }));
    const slow = async () => new Promise((resolve) => setTimeout(() => resolve({}), 2000).unref());
    app.get('/v2/incidents', slow);
    app.get('/api/v1/incidents', slow);
  });
  const { app } = await emulatorBefore(t, { eset: url, adversarial: `${url}/api` }, { upstreamTimeoutMs: 200 });
  const eset = await esetRequest(app, { method: 'GET', url: '/v2/incidents' });
  t.equal(eset.statusCode, 504);
  t.equal(eset.body, '');
  t.equal(eset.headers['x-emulator-error'], 'GATEWAY_TIMEOUT');
  t.match(eset.headers['x-emulator-reason'], /did not answer within 200 ms/);
  const adversarial = await adversarialRequest(app, { method: 'GET', url: '/v1/incidents' });
  t.equal(adversarial.statusCode, 504);
  t.match(adversarial.json(), { error: 'gateway_timeout', description: /did not answer within 200 ms/ });
});

t.test("an upstream that refuses the emulator's credentials: a 502 that does not repeat them", async (t) => {
  const url = await fakeUpstream(t, (app) => {
    app.post('/oauth/token', async (_request, reply) => reply.code(400).send({ error: 'invalid_grant', error_description: 'bad password emulator' }));
  });
  const { app } = await emulatorBefore(t, { eset: url });
  const answer = await esetRequest(app, { method: 'GET', url: '/v2/incidents' });
  t.equal(answer.statusCode, 502);
  t.match(answer.headers['x-emulator-reason'], /refused the emulator's credentials: its token endpoint answered 400/);
  t.notMatch(answer.headers['x-emulator-reason'], /emulator@example.com|bad password/);
});

t.test('the emulator signs in once, keeps its token, and signs in again when the upstream refuses it', async (t) => {
  const grants: Array<Record<string, string>> = [];
  let accepted = 'token-1';
  const url = await fakeUpstream(t, (app) => {
    app.post('/oauth/token', async (request) => {
      const form = request.body as Record<string, string>;
      grants.push(form);
      return { access_token: `token-${grants.length}`, refresh_token: `refresh-${grants.length}`, expires_in: 3600 };
    });
    app.get('/v2/incidents', async (request, reply) =>
      request.headers.authorization === `Bearer ${accepted}` ? { incidents: [], nextPageToken: '' } : reply.code(401).send(),
    );
  });
  const { app } = await emulatorBefore(t, { eset: url });
  for (let i = 0; i < 3; i++) t.equal((await esetRequest(app, { method: 'GET', url: '/v2/incidents' })).statusCode, 200);
  t.equal(grants.length, 1, 'one sign-in for three requests');
  t.match(grants[0], { grant_type: 'password', username: 'emulator@example.com', password: 'emulator' });
  accepted = 'token-2';
  t.equal((await esetRequest(app, { method: 'GET', url: '/v2/incidents' })).statusCode, 200, 'refused once, renewed, retried');
  t.match(grants[1], { grant_type: 'refresh_token', refresh_token: 'refresh-1' });
});

t.test('Adversarial: the refresh authenticates the client, as its token endpoint requires', async (t) => {
  const grants: Array<Record<string, string>> = [];
  let accepted = 'token-1';
  const url = await fakeUpstream(t, (app) => {
    app.post('/api/v1/oauth/token', async (request) => {
      grants.push(request.body as Record<string, string>);
      return { access_token: `token-${grants.length}`, refresh_token: `refresh-${grants.length}`, expires_in: 3600 };
    });
    app.get('/api/v1/users/me', async (request, reply) =>
      request.headers.authorization === `Bearer ${accepted}` ? { id: '0f8e2d4c-6b1a-4f3e-8d2c-5a7b9e1f3c60', first_name: 'A', last_name: 'B', email: 'a@b.example', icon: null } : reply.code(401).send({ error: 'unauthorized', description: 'no' }),
    );
  });
  const { app } = await emulatorBefore(t, { adversarial: `${url}/api` });
  t.equal((await adversarialRequest(app, { method: 'GET', url: '/api/v1/users/me' })).statusCode, 200);
  accepted = 'token-2';
  t.equal((await adversarialRequest(app, { method: 'GET', url: '/v1/users/me' })).statusCode, 200);
  t.match(grants, [
    { grant_type: 'client_credentials', client_id: 'arm_sa_emulator', client_secret: 'arm_sk_emulator' },
    { grant_type: 'refresh_token', refresh_token: 'refresh-1', client_id: 'arm_sa_emulator', client_secret: 'arm_sk_emulator' },
  ]);
  t.same((await app.inject({ url: '/_emulator/drift' })).json().findings, []);
});

t.test('a request body beyond the route\'s limit is refused before anything goes upstream', async (t) => {
  let reached = 0;
  const url = await fakeUpstream(t, (app) => {
    app.post('/api/v1/oauth/token', async () => ({ access_token: 'a', expires_in: 3600 }));
    app.post('/api/v1/incidents', async () => {
      reached += 1;
      return {};
    });
  });
  const { app } = await emulatorBefore(t, { adversarial: `${url}/api` });
  const answer = await adversarialRequest(app, {
    method: 'POST', url: '/api/v1/incidents', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }),
  });
  t.equal(answer.statusCode, 413);
  t.match(answer.json(), { error: 'payload_too_large' });
  t.equal(reached, 0);
});
