import t from 'tap';
import { ControllableClock } from '../../src/clock.js';
import { BurstModel, QUEUE_LIMIT, RateLimiter } from '../../src/faults/rate-limit.js';
import { esetRequest, esetToken, startApp } from '../helpers.js';
import { expectJson, control } from '../control/control-helpers.js';
import { adversarialRequest, adversarialToken } from '../adversarial/requests.js';

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

t.test('ESET under a large burst (realistic profile): 202 at 2 a second, then 503', async (t) => {
  const { app, clock } = await startApp(t, { profile: 'realistic' });
  t.equal(app.config.esetBurst, true);
  const token = await esetToken(app);
  const url = '/v2/incidents?pageSize=1';
  const list = (headers: Record<string, string> = {}) => esetRequest(app, { url, token, headers });
  const statuses = async (n: number) => {
    const answers = [];
    for (let i = 0; i < n; i++) answers.push(await list());
    return answers;
  };

  // 10 answered, 9 refused: the 20th request of the second is a large burst.
  const first = await statuses(19);
  t.same(first.map((r) => r.statusCode), [...Array(10).fill(200), ...Array(9).fill(429)]);
  const queued = await statuses(QUEUE_LIMIT);
  t.same(queued.map((r) => r.statusCode), Array(QUEUE_LIMIT).fill(202));
  t.same(queued.map((r) => r.headers['x-emulator-fault']), queued.map((_, i) => `burst 202=${(i + 1) * 500}ms`), 'results ready 2 a second');
  t.ok(queued.every((r) => r.body === '' && typeof r.headers['response-id'] === 'string'));
  const refused = await list();
  t.equal(refused.statusCode, 503, 'the queue is full: 5xx');
  t.equal(refused.body, '');
  t.equal(refused.headers['retry-after'], '1');
  t.equal(refused.headers['x-emulator-fault'], 'burst 503');

  // The queue works off 2 a second on the emulator clock; collecting results is not new work.
  const claim = (response: (typeof queued)[number]) => list({ 'response-id': String(response.headers['response-id']) });
  t.equal((await claim(queued[0]!)).statusCode, 202, 'pending');
  clock.advance(500);
  const ready = await claim(queued[0]!);
  t.equal(ready.statusCode, 200);
  t.equal(ready.json().incidents.length, 1);
  t.equal((await claim(queued[1]!)).statusCode, 202);
  t.equal((await list()).statusCode, 202, 'one slot freed: one more queued');
  t.equal((await list()).statusCode, 503);

  // Once the queue has drained and the second is quiet, the rate limit rules again.
  clock.advance(QUEUE_LIMIT * 500 + 500);
  t.equal((await claim(queued.at(-1)!)).statusCode, 200);
  t.equal((await list()).statusCode, 200);
  const journal = expectJson<{ requests: Array<{ status: number; fault: string | null }> }>(await control(app, 'GET', 'journal?status=503'));
  t.same(journal.requests.map((e) => e.fault), ['burst 503', 'burst 503']);

  // Per tenant: another tenant's clock and budget are its own.
  t.equal((await list({ 'x-emulator-tenant': 'other' })).statusCode, 200);
});

t.test('the burst model: off unless switched on; its own switch works without the profile', async (t) => {
  const limitOnly = await startApp(t, { esetRateLimit: 10 });
  const token = await esetToken(limitOnly.app);
  const codes: number[] = [];
  for (let i = 0; i < 30; i++) codes.push((await esetRequest(limitOnly.app, { url: '/v2/incidents?pageSize=1', token })).statusCode);
  t.same(codes, [...Array(10).fill(200), ...Array(20).fill(429)], 'the rate limit alone: 429s only');

  const burstOnly = await startApp(t, { esetBurst: true });
  const other = await esetToken(burstOnly.app);
  const seen: number[] = [];
  for (let i = 0; i < 21; i++) seen.push((await esetRequest(burstOnly.app, { url: '/v2/incidents?pageSize=1', token: other })).statusCode);
  t.same(seen, [...Array(19).fill(200), 202, 202], 'no rate limit: the burst is twice the real limit');
  const adversarial = await startApp(t, { profile: 'realistic' });
  const bearer = await adversarialToken(adversarial.app);
  const answers = new Set<number>();
  for (let i = 0; i < 25; i++) answers.add((await adversarialRequest(adversarial.app, { url: '/api/v1/users/me', token: bearer })).statusCode);
  t.same([...answers], [200], 'the Adversarial API has no burst behaviour');
});

t.test('the burst model on its own', async (t) => {
  const clock = new ControllableClock();
  clock.freeze(0);
  const model = new BurstModel(2, clock);
  t.equal(model.threshold, 4);
  t.same([1, 2, 3].map(() => model.take('a').kind), ['normal', 'normal', 'normal']);
  t.same(model.take('a'), { kind: 'queued', readyInMs: 500 });
  t.same(model.take('b'), { kind: 'normal' }, 'keys are apart');
  clock.advance(300);
  t.same(model.take('a'), { kind: 'queued', readyInMs: 700 }, 'after the one before it');
  for (let i = 2; i < QUEUE_LIMIT; i++) t.equal(model.take('a').kind, 'queued');
  t.same(model.take('a'), { kind: 'overloaded', retryAfterMs: 200 });
  clock.advance(200);
  t.same(model.take('a'), { kind: 'queued', readyInMs: QUEUE_LIMIT * 500 }, 'a freed slot: at the end of the queue');
  clock.advance(60_000);
  t.same(model.take('a'), { kind: 'normal' }, 'drained and quiet: over');
});
