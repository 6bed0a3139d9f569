import t from 'tap';
import { esetToken, startApp, tokenRequest, DEFAULT_USER } from '../helpers.js';
import { DEFAULT_ACCOUNT, account } from './oracle.js';
import { adversarialTokenRequest, adversarialTokens } from './requests.js';

const credentials = { grant_type: 'client_credentials', client_id: DEFAULT_ACCOUNT.client_id, client_secret: DEFAULT_ACCOUNT.client_secret };

function claims(jwt: string) {
  const [header, payload, signature] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()),
    signature,
  };
}

t.test('client credentials give a pair of HS256 JWTs, under /api/v1 and /v1', async (t) => {
  const { app, clock } = await startApp(t);
  t.equal(DEFAULT_ACCOUNT.client_secret, 'arm_sk_emulator', 'the documented default account');
  t.equal(DEFAULT_ACCOUNT.role, 'Editor');
  for (const prefix of ['/api', '']) {
    const response = await adversarialTokenRequest(app, credentials, { prefix });
    t.equal(response.statusCode, 200, prefix);
    const body = response.json();
    t.same(Object.keys(body).sort(), ['access_token', 'expires_in', 'refresh_token', 'token_type']);
    t.equal(body.token_type, 'Bearer');
    t.equal(body.expires_in, 900);
    t.equal(response.headers['cache-control'], 'no-store');
    const access = claims(body.access_token);
    t.same(access.header, { alg: 'HS256', typ: 'JWT' });
    t.equal(access.payload.sub, 'arm_sa_emulator');
    t.equal(access.payload.role, 'Editor');
    t.equal(access.payload.iat, Math.floor(clock.now() / 1000));
    t.equal(access.payload.exp - access.payload.iat, 900, 'access tokens live 15 minutes');
    const refresh = claims(body.refresh_token);
    t.equal(refresh.payload.exp - refresh.payload.iat, 7 * 24 * 3600, 'refresh tokens live 7 days');
    t.not(body.access_token, body.refresh_token);
  }
});

t.test('client credentials as HTTP Basic auth, as Swagger UI sends them', async (t) => {
  const { app } = await startApp(t);
  const basic = 'Basic ' + Buffer.from(`${DEFAULT_ACCOUNT.client_id}:${DEFAULT_ACCOUNT.client_secret}`).toString('base64');
  const response = await adversarialTokenRequest(app, { grant_type: 'client_credentials' }, { headers: { authorization: basic } });
  t.equal(response.statusCode, 200);
  const differing = await adversarialTokenRequest(app, { grant_type: 'client_credentials', client_id: 'arm_sa_other' }, { headers: { authorization: basic } });
  t.equal(differing.statusCode, 400);
  t.equal(differing.json().error, 'invalid_request');
});

t.test('refresh needs the same client and rotates the pair', async (t) => {
  const { app } = await startApp(t);
  const first = await adversarialTokens(app);
  const refreshed = await adversarialTokenRequest(app, { ...credentials, grant_type: 'refresh_token', refresh_token: first.refresh_token });
  t.equal(refreshed.statusCode, 200);
  const second = refreshed.json();
  t.not(second.access_token, first.access_token);
  t.not(second.refresh_token, first.refresh_token);
  const reused = await adversarialTokenRequest(app, { ...credentials, grant_type: 'refresh_token', refresh_token: first.refresh_token });
  t.equal(reused.statusCode, 400);
  t.equal(reused.json().error, 'invalid_grant');
  const me = await app.inject({ url: '/api/v1/users/me', headers: { authorization: `Bearer ${second.access_token}` } });
  t.equal(me.statusCode, 200, 'the new access token works');

  const other = account('Incident Editor');
  const stolen = await adversarialTokenRequest(app, {
    grant_type: 'refresh_token',
    client_id: other.client_id,
    client_secret: other.client_secret,
    refresh_token: second.refresh_token,
  });
  t.equal(stolen.json().error, 'invalid_grant', 'a refresh token works only for its own client');
});

t.test('tokens expire on the emulator clock', async (t) => {
  const { app, clock } = await startApp(t);
  const tokens = await adversarialTokens(app);
  const me = () => app.inject({ url: '/api/v1/users/me', headers: { authorization: `Bearer ${tokens.access_token}` } });
  clock.advance(899_000);
  t.equal((await me()).statusCode, 200, 'valid for 15 minutes');
  clock.advance(1_000);
  const expired = await me();
  t.equal(expired.statusCode, 401);
  t.same(expired.json(), { error: 'unauthorized', description: 'the access token has expired: get a new one with the refresh token' });
  clock.advance(7 * 24 * 3600 * 1000);
  const late = await adversarialTokenRequest(app, { ...credentials, grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
  t.equal(late.json().error, 'invalid_grant', 'the refresh token expired after 7 days');
  t.match(late.json().error_description, /expired/);
});

t.test('token endpoint errors follow RFC 6749', async (t) => {
  const { app } = await startApp(t);
  const access = (await adversarialTokens(app)).access_token;
  const cases: Array<[string, Record<string, string>, number, string]> = [
    ['wrong secret', { ...credentials, client_secret: 'arm_sk_wrong' }, 401, 'invalid_client'],
    ['unknown client', { ...credentials, client_id: 'arm_sa_nobody' }, 401, 'invalid_client'],
    ['no secret', { grant_type: 'client_credentials', client_id: DEFAULT_ACCOUNT.client_id }, 401, 'invalid_client'],
    ['no credentials', { grant_type: 'client_credentials' }, 401, 'invalid_client'],
    ['no grant_type', { client_id: DEFAULT_ACCOUNT.client_id, client_secret: DEFAULT_ACCOUNT.client_secret }, 400, 'invalid_request'],
    ['password grant', { ...credentials, grant_type: 'password' }, 400, 'unsupported_grant_type'],
    ['refresh without token', { ...credentials, grant_type: 'refresh_token' }, 400, 'invalid_request'],
    ['unknown refresh token', { ...credentials, grant_type: 'refresh_token', refresh_token: 'abc' }, 400, 'invalid_grant'],
    ['access token as refresh token', { ...credentials, grant_type: 'refresh_token', refresh_token: access }, 400, 'invalid_grant'],
  ];
  for (const [what, form, status, error] of cases) {
    const response = await adversarialTokenRequest(app, form);
    t.equal(response.statusCode, status, what);
    t.equal(response.json().error, error, what);
    t.type(response.json().error_description, 'string', what);
    t.equal(response.headers['cache-control'], 'no-store', what);
    if (status === 401) t.equal(response.headers['www-authenticate'], 'Basic realm="adversarial"', what);
  }
  const repeated = await app.inject({
    method: 'POST',
    url: '/api/v1/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'grant_type=client_credentials&grant_type=refresh_token',
  });
  t.equal(repeated.json().error, 'invalid_request', 'a repeated field');
});

t.test('anything but a form is a 415 in RFC 6749 shape', async (t) => {
  const { app } = await startApp(t);
  for (const prefix of ['/api', '']) {
    const json = await app.inject({ method: 'POST', url: `${prefix}/v1/oauth/token`, payload: credentials });
    t.equal(json.statusCode, 415);
    t.equal(json.json().error, 'invalid_request');
    const none = await app.inject({ method: 'POST', url: `${prefix}/v1/oauth/token` });
    t.equal(none.statusCode, 415);
  }
});

t.test('a token of one API is never accepted by the other', async (t) => {
  const { app } = await startApp(t);
  const eset = await esetToken(app);
  const esetRefresh = (await tokenRequest(app, { grant_type: 'password', username: DEFAULT_USER.username, password: DEFAULT_USER.password })).json()
    .refresh_token as string;
  const adversarial = await adversarialTokens(app);

  for (const url of ['/api/v1/users/me', '/v1/incidents', '/api/v1/incidents/INC-00001']) {
    const response = await app.inject({ url, headers: { authorization: `Bearer ${eset}` } });
    t.equal(response.statusCode, 401, `ESET token at ${url}`);
    t.same(response.json(), { error: 'unauthorized', description: 'unknown access token' });
  }
  const atEset = await app.inject({ url: '/v2/incidents', headers: { authorization: `Bearer ${adversarial.access_token}` } });
  t.equal(atEset.statusCode, 401, 'Adversarial token at ESET');
  t.equal(atEset.body, '', 'in ESET shape');

  const esetRefreshHere = await adversarialTokenRequest(app, { ...credentials, grant_type: 'refresh_token', refresh_token: esetRefresh });
  t.equal(esetRefreshHere.json().error, 'invalid_grant', 'an ESET refresh token at Adversarial');
  const adversarialRefreshThere = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: adversarial.refresh_token });
  t.equal(adversarialRefreshThere.json().error, 'invalid_grant', 'an Adversarial refresh token at ESET');
});
