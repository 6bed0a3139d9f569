import t from 'tap';
import { DEFAULT_USER, esetToken, startApp, tokenRequest } from '../helpers.js';

const password = { grant_type: 'password', username: DEFAULT_USER.username, password: DEFAULT_USER.password };

t.test('password grant issues a bearer token pair', async (t) => {
  const { app } = await startApp(t);
  const response = await tokenRequest(app, { ...password, client_id: 'deprecated', client_secret: 'ignored', refresh_token: '' }, {
    authorization: 'Basic ' + Buffer.from('id:secret').toString('base64'),
    '3rd-integration': 'my-integration',
  });
  t.equal(response.statusCode, 200);
  const body = response.json();
  t.same(Object.keys(body).sort(), ['access_token', 'expires_in', 'refresh_token', 'token_type']);
  t.equal(body.token_type, 'Bearer');
  t.equal(body.expires_in, 3600);
  t.not(body.access_token, body.refresh_token);
  t.equal(response.headers['cache-control'], 'no-store');
  t.match(String(response.headers['request-id']), /^[0-9a-f-]{36}$/);
});

t.test('refresh rotates both tokens; the old refresh token stops working', async (t) => {
  const { app } = await startApp(t);
  const first = (await tokenRequest(app, password)).json();
  const refreshed = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
  t.equal(refreshed.statusCode, 200);
  const second = refreshed.json();
  t.not(second.access_token, first.access_token);
  t.not(second.refresh_token, first.refresh_token);
  const reused = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
  t.equal(reused.statusCode, 400);
  t.equal(reused.json().error, 'invalid_grant');
  const list = await app.inject({ url: '/v2/incidents', headers: { authorization: `Bearer ${second.access_token}` } });
  t.equal(list.statusCode, 200, 'the new access token works');
});

t.test('token endpoint errors follow RFC 6749', async (t) => {
  const { app } = await startApp(t);
  const cases: Array<[Record<string, string>, number, string]> = [
    [{ ...password, password: 'wrong' }, 400, 'invalid_grant'],
    [{ ...password, username: 'nobody@example.com' }, 400, 'invalid_grant'],
    [{ grant_type: 'password', username: DEFAULT_USER.username }, 400, 'invalid_request'],
    [{ username: 'x', password: 'y' }, 400, 'invalid_request'],
    [{ grant_type: 'client_credentials' }, 400, 'unsupported_grant_type'],
    [{ grant_type: 'refresh_token', refresh_token: 'unknown' }, 400, 'invalid_grant'],
    [{ grant_type: 'refresh_token' }, 400, 'invalid_request'],
  ];
  for (const [form, status, error] of cases) {
    const response = await tokenRequest(app, form);
    t.equal(response.statusCode, status, JSON.stringify(form));
    t.equal(response.json().error, error, JSON.stringify(form));
    t.type(response.json().error_description, 'string');
  }
  const access = await esetToken(app);
  const accessAsRefresh = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: access });
  t.equal(accessAsRefresh.json().error, 'invalid_grant', 'an access token is no refresh token');
});

t.test('anything but a form is a 415', async (t) => {
  const { app } = await startApp(t);
  const json = await app.inject({ method: 'POST', url: '/oauth/token', payload: password });
  t.equal(json.statusCode, 415);
  const none = await app.inject({ method: 'POST', url: '/oauth/token' });
  t.equal(none.statusCode, 415);
  t.equal(none.json().error, 'invalid_request');
});

t.test('every /v2 route needs a valid bearer token', async (t) => {
  const { app, clock } = await startApp(t);
  const token = await esetToken(app);
  const refresh = (await tokenRequest(app, password)).json().refresh_token as string;
  const routes = ['/v2/incidents', `/v2/incidents/${'00000000-0000-4000-8000-000000000000'}`];
  const cases: Array<[string, Record<string, string>, number, RegExp]> = [
    ['missing', {}, 400, /missing Authorization/],
    ['malformed', { authorization: 'Token abc' }, 400, /malformed/],
    ['empty bearer', { authorization: 'Bearer ' }, 400, /malformed/],
    ['unknown', { authorization: 'Bearer abcdef' }, 401, /unknown/],
    ['refresh token', { authorization: `Bearer ${refresh}` }, 401, /refresh token/],
  ];
  for (const url of routes) {
    for (const [name, headers, status, reason] of cases) {
      const response = await app.inject({ url, headers });
      t.equal(response.statusCode, status, `${url} ${name}`);
      t.equal(response.body, '', 'empty body');
      t.match(String(response.headers['x-emulator-reason']), reason);
    }
  }
  clock.advance(3600 * 1000);
  const expired = await app.inject({ url: '/v2/incidents', headers: { authorization: `Bearer ${token}` } });
  t.equal(expired.statusCode, 401, 'expired after an hour');
  t.match(String(expired.headers['x-emulator-reason']), /expired/);
});
