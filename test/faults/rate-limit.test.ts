import t from 'tap';
import { ControllableClock } from '../../src/clock.js';
import { RateLimiter } from '../../src/faults/rate-limit.js';
import { esetRequest, esetToken, startApp } from '../helpers.js';
import { expectJson, control } from '../control/control-helpers.js';

t.test('ESET: off by default', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  for (let i = 0; i < 15; i++) t.equal((await esetRequest(app, { url: '/v2/incidents?pageSize=1', token })).statusCode, 200);
});

t.test('ESET: 10 per second per credential, on the emulator clock', async (t) => {
  const { app, clock } = await startApp(t, { esetRateLimit: 10 });
  const token = await esetToken(app);
  const other = await esetToken(app);
  const list = (bearer = token) => esetRequest(app, { url: '/v2/incidents?pageSize=1', token: bearer });
  for (let i = 0; i < 10; i++) t.equal((await list()).statusCode, 200);
  const limited = await list();
  t.equal(limited.statusCode, 429);
  t.equal(limited.body, '');
  t.equal(limited.headers['retry-after'], '1');
  t.equal(limited.headers['x-emulator-fault'], 'rate-limit');
  t.equal((await list(other)).statusCode, 200, 'another credential has its own budget');
  clock.advance(999);
  t.equal((await list()).statusCode, 429, 'the window is one second');
  clock.advance(1);
  t.equal((await list()).statusCode, 200);
  const journal = expectJson<{ requests: Array<{ fault: string | null }> }>(await control(app, 'GET', 'journal?status=429'));
  t.same(journal.requests.map((e) => e.fault), ['rate-limit', 'rate-limit']);
});

t.test('Adversarial: none by default, configurable', async (t) => {
  const tokenRequest = (app: Awaited<ReturnType<typeof startApp>>['app']) =>
    app.inject({ method: 'POST', url: '/api/v1/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials' });
  const open = await startApp(t);
  for (let i = 0; i < 5; i++) t.not((await tokenRequest(open.app)).statusCode, 429);
  const limited = await startApp(t, { adversarialRateLimit: 2 });
  t.not((await tokenRequest(limited.app)).statusCode, 429);
  t.not((await tokenRequest(limited.app)).statusCode, 429);
  const third = await tokenRequest(limited.app);
  t.equal(third.statusCode, 429);
  t.equal(third.json().error, 'invalid_request', 'in the token endpoint’s RFC 6749 shape');
  const esetToken = await limited.app.inject({ method: 'POST', url: '/oauth/token' });
  t.not(esetToken.statusCode, 429, 'the ESET API has its own (here: no) limit');
});

t.test('the limiter: a sliding one-second window', async (t) => {
  const clock = new ControllableClock();
  clock.freeze(0);
  const limiter = new RateLimiter(2, clock);
  t.equal(limiter.take('a'), undefined);
  clock.advance(400);
  t.equal(limiter.take('a'), undefined);
  t.equal(limiter.take('a'), 600);
  clock.advance(600);
  t.equal(limiter.take('a'), undefined);
  t.equal(limiter.take('a'), 400);
});
