/** Who may call what: the bearer check and the roles, on every route and both prefixes. */
import t from 'tap';
import { startApp } from '../helpers.js';
import { DEFAULT_ACCOUNT, FIXTURE, account, userWire } from './oracle.js';
import { adversarialToken, adversarialTokens } from './requests.js';

const INCIDENT_ROUTES: Array<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object }> = [
  { method: 'GET', url: '/v1/incidents/sources' },
  { method: 'GET', url: '/v1/incidents' },
  { method: 'POST', url: '/v1/incidents', payload: { title: 'x', description: 'y', detected_date: '2026-11-01T00:00:00Z' } },
  { method: 'PATCH', url: '/v1/incidents', payload: { ids: ['INC-00001'], title: 'x' } },
  { method: 'GET', url: '/v1/incidents/INC-00001' },
  { method: 'PATCH', url: '/v1/incidents/1', payload: { title: 'x' } },
  { method: 'DELETE', url: '/v1/incidents/INC-00002' },
  { method: 'GET', url: '/v1/incidents/INC-00001/comments' },
  { method: 'POST', url: '/v1/incidents/INC-00001/comments', payload: { value: 'x' } },
];
const ALL_ROUTES = [{ method: 'GET' as const, url: '/v1/users/me' }, ...INCIDENT_ROUTES];

t.test('every route needs a valid access token: 401 in the framework shape', async (t) => {
  const { app } = await startApp(t);
  const refresh = (await adversarialTokens(app)).refresh_token;
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['missing', {}, /missing or malformed/],
    ['not bearer', { authorization: 'Token abc' }, /missing or malformed/],
    ['empty bearer', { authorization: 'Bearer ' }, /missing or malformed/],
    ['unknown', { authorization: 'Bearer abc.def.ghi' }, /unknown access token/],
    ['refresh token', { authorization: `Bearer ${refresh}` }, /refresh token/],
  ];
  for (const prefix of ['/api', '']) {
    for (const route of ALL_ROUTES) {
      for (const [what, headers, reason] of cases) {
        const response = await app.inject({ method: route.method, url: `${prefix}${route.url}`, headers, ...(route.payload ? { payload: route.payload } : {}) });
        const where = `${route.method} ${prefix}${route.url} ${what}`;
        t.equal(response.statusCode, 401, where);
        t.equal(response.json().error, 'unauthorized', where);
        t.match(response.json().description, reason, where);
        t.match(String(response.headers['x-emulator-reason']), reason, where);
        t.equal(response.headers['www-authenticate'], 'Bearer realm="adversarial"', where);
        t.match(String(response.headers['request-id']), /^[0-9a-f-]{36}$/, where);
      }
    }
  }
});

t.test('a role without incident rights gets 403 on incident routes, and may read users/me', async (t) => {
  const { app } = await startApp(t);
  const riskEditor = account('Risk Editor');
  const token = await adversarialToken(app, riskEditor);
  for (const route of INCIDENT_ROUTES) {
    const response = await app.inject({
      method: route.method,
      url: `/api${route.url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(route.payload ? { payload: route.payload } : {}),
    });
    t.equal(response.statusCode, 403, `${route.method} ${route.url}`);
    t.same(response.json(), { error: 'forbidden', description: 'Insufficient permissions' });
  }
  const me = await app.inject({ url: '/api/v1/users/me', headers: { authorization: `Bearer ${token}` } });
  t.equal(me.statusCode, 200);
  t.same(me.json(), userWire(riskEditor.user_id));
});

t.test('Editor and Incident Editor may use every incident route', async (t) => {
  const { app } = await startApp(t);
  for (const client of [DEFAULT_ACCOUNT, account('Incident Editor')]) {
    const token = await adversarialToken(app, client);
    for (const route of INCIDENT_ROUTES) {
      const response = await app.inject({
        method: route.method,
        url: `/api${route.url}`,
        headers: { authorization: `Bearer ${token}`, 'x-emulator-tenant': client.client_id.replace(/_/g, '-') },
        ...(route.payload ? { payload: route.payload } : {}),
      });
      t.ok(response.statusCode >= 200 && response.statusCode < 300, `${client.role}: ${route.method} ${route.url} → ${response.statusCode}`);
    }
  }
});

t.test('users/me answers the user each service account acts as', async (t) => {
  const { app } = await startApp(t);
  for (const client of FIXTURE.service_accounts) {
    const token = await adversarialToken(app, client);
    for (const prefix of ['/api', '']) {
      const response = await app.inject({ url: `${prefix}/v1/users/me`, headers: { authorization: `Bearer ${token}` } });
      t.equal(response.statusCode, 200);
      t.same(response.json(), userWire(client.user_id), `${client.client_id} ${prefix}`);
      t.same(Object.keys(response.json()).sort(), ['email', 'first_name', 'icon', 'id', 'last_name']);
    }
  }
});
