import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esetRequest, startApp } from '../helpers.js';
import { adversarialRequest } from '../adversarial/requests.js';
import { fakeUpstream } from './upstream-helpers.js';

const SECRETS = {
  EMULATOR_UPSTREAM_ESET_USERNAME: 'eset-user-7f3a9b',
  EMULATOR_UPSTREAM_ESET_PASSWORD: 'eset-pass-9c1d2e',
  EMULATOR_UPSTREAM_ADVERSARIAL_CLIENT_ID: 'arm_sa_secret4c7d',
  EMULATOR_UPSTREAM_ADVERSARIAL_CLIENT_SECRET: 'arm_sk_secret5e2b',
};
const UPSTREAM_TOKENS = ['upstream-access-d41f6a', 'upstream-refresh-88aa0c'];

t.test('upstream credentials and tokens appear nowhere: not in logs, journal, drift, errors or recordings', async (t) => {
  const { app: reference } = await startApp(t);
  const page = (await esetRequest(reference, { method: 'GET', url: '/v2/incidents?pageSize=3' })).json();
  const rows = (await adversarialRequest(reference, { method: 'GET', url: '/api/v1/incidents?page=1&page_size=3' })).json();
  const received: string[] = [];
  const upstream = await fakeUpstream(t, (app) => {
    const token = async (request: { body: unknown }) => {
      received.push(JSON.stringify(request.body));
      return { access_token: UPSTREAM_TOKENS[0], refresh_token: UPSTREAM_TOKENS[1], expires_in: 3600 };
    };
    app.post('/oauth/token', token);
    app.post('/api/v1/oauth/token', token);
    app.addHook('onRequest', async (request) => {
      if (request.headers.authorization) received.push(request.headers.authorization);
    });
    app.get('/v2/incidents', async () => ({ ...page, extra: true }));
    app.get('/v2/incidents/:uuid', async (_request, reply) => reply.code(418).send());
    app.get('/api/v1/incidents', async () => rows);
  });

  const folder = mkdtempSync(join(tmpdir(), 'secrets-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  // The child loads TypeScript as this process does (its own loader arguments): the runner
  // follows children for coverage, and another transpiler's output would not match its source maps.
  const child = spawn(
    process.execPath,
    [...process.execArgv, 'src/server.ts', '--port', '0', '--db', ':memory:', '--log-level', 'trace', '--upstream', `eset=${upstream},adversarial=${upstream}/api`,
      '--upstream-mode', 'record', '--record-to', folder],
    { env: { ...process.env, ...SECRETS }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  t.teardown(() => void child.kill('SIGKILL'));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
      if (child.exitCode !== null) reject(new Error(output));
    }, 50);
    void exited.then(() => clearInterval(timer));
    setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`the emulator did not start within 60 s:\n${output}`));
    }, 60_000).unref();
  });

  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(base + path, init);
    return { status: response.status, headers: [...response.headers].join('\n'), body: await response.text() };
  };
  const form = (body: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });
  const esetToken = JSON.parse((await call('/oauth/token', form({ grant_type: 'password', username: 'emulator@example.com', password: 'emulator' }))).body).access_token;
  const advToken = JSON.parse((await call('/api/v1/oauth/token', form({ grant_type: 'client_credentials', client_id: 'arm_sa_emulator', client_secret: 'arm_sk_emulator' }))).body).access_token;
  const answers = [
    await call('/v2/incidents?pageSize=3', { headers: { authorization: `Bearer ${esetToken}` } }),
    await call(`/v2/incidents/${page.incidents[0].uuid}`, { headers: { authorization: `Bearer ${esetToken}` } }),
    await call('/api/v1/incidents?page=1&page_size=3', { headers: { authorization: `Bearer ${advToken}` } }),
    await call('/_emulator/journal'),
    await call('/_emulator/drift'),
  ];
  t.equal(answers[0]!.status, 200);
  t.equal(answers[1]!.status, 418, 'an undocumented status passes through');
  t.match(answers[4]!.body, /"\$\.extra"/, 'drift was found');
  child.kill('SIGTERM');
  await exited;

  t.ok(received.some((item) => item.includes(SECRETS.EMULATOR_UPSTREAM_ESET_PASSWORD)), 'the ESET credentials reached the upstream');
  t.ok(received.some((item) => item.includes(SECRETS.EMULATOR_UPSTREAM_ADVERSARIAL_CLIENT_SECRET)), 'the Adversarial credentials reached the upstream');
  t.ok(received.includes(`Bearer ${UPSTREAM_TOKENS[0]}`), "the emulator's upstream token was used");
  t.match(output, /"reqId"/, 'trace logs were written');
  const recordings = readdirSync(folder).map((file) => readFileSync(join(folder, file), 'utf8'));
  t.equal(recordings.length, 2);
  const everything = [output, ...answers.map((answer) => `${answer.headers}\n${answer.body}`), ...recordings].join('\n');
  for (const secret of [...Object.values(SECRETS), ...UPSTREAM_TOKENS]) t.notOk(everything.includes(secret), `${secret} appears nowhere`);
});
