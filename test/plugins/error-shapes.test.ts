/**
 * Each API's scope answers its own errors and not-found paths in its own shape, decided by the
 * scope the request reached, and a path the router cannot decode reaches its scope too.
 */
import t from 'tap';
import { startApp } from '../helpers.js';

t.test('unknown paths get the not-found answer of the scope whose prefix they are under', async (t) => {
  const { app } = await startApp(t);
  const eset = await app.inject({ url: '/v2/nothing-here' });
  t.equal(eset.statusCode, 404);
  t.equal(eset.body, '', 'ESET: empty body');
  t.equal(eset.headers['x-emulator-error'], 'NOT_FOUND');
  for (const prefix of ['/api/v1', '/v1']) {
    const adversarial = await app.inject({ url: `${prefix}/nothing-here` });
    t.same(adversarial.json(), { error: 'not_found', description: `no such resource: GET ${prefix}/nothing-here` }, `Adversarial under ${prefix}`);
    const token = await app.inject({ url: `${prefix}/oauth/nothing` });
    t.equal(token.json().error, 'invalid_request', `${prefix}/oauth: the token endpoint's RFC 6749 shape`);
  }
  t.equal((await app.inject({ url: '/oauth/token' })).json().error, 'invalid_request', 'GET of the ESET token endpoint: RFC 6749 shape');
  t.same(Object.keys((await app.inject({ url: '/nothing-here' })).json()).sort(), ['error', 'message'], "the emulator's own shape elsewhere");
});

t.test('a path the router cannot decode is a 400 in the shape of the scope it reaches', async (t) => {
  const { app } = await startApp(t);
  const eset = await app.inject({ url: '/v2/incidents/%zz?pageSize=1' });
  t.equal(eset.statusCode, 400);
  t.equal(eset.body, '', 'ESET: empty body');
  t.equal(eset.headers['x-emulator-reason'], 'the request path is not a valid URL: /v2/incidents/%zz');
  const adversarial = await app.inject({ url: '/api/v1/incidents/%C3%28' });
  t.equal(adversarial.statusCode, 400, 'a broken UTF-8 escape too');
  t.same(adversarial.json(), { error: 'Bad Request', description: 'the request path is not a valid URL: /api/v1/incidents/%C3%28' });
  const control = await app.inject({ method: 'POST', url: '/_emulator/%zz/reset' });
  t.equal(control.statusCode, 400);
  t.equal(control.json().error, 'INVALID_ARGUMENT');
  // Nothing ran behind the refusal: the bearer check (which would answer 400/401 with another reason) came after it.
  const unauthenticated = await app.inject({ url: '/v2/incidents/%zz', headers: { authorization: 'Bearer nope' } });
  t.match(unauthenticated.headers['x-emulator-reason'], /not a valid URL/);
});

t.test('a readable path with escapes is routed as before', async (t) => {
  const { app } = await startApp(t);
  const response = await app.inject({ url: '/v%32/incidents' });
  t.equal(response.statusCode, 400, 'the ESET list, which wants a token');
  t.match(response.headers['x-emulator-reason'], /Authorization/);
});
