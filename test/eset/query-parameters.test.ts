/** The query string as ESET's gateway treats it, on every ESET route. */
import t from 'tap';
import { esetToken, startApp } from '../helpers.js';
import { INCIDENTS } from './fixture-oracle.js';
import type { ListBody } from './list-helpers.js';
import { withComments } from './write-helpers.js';

t.test('unknown parameters are ignored on every ESET route and named, header-safe, in x-emulator-warning', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const incident = withComments();
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  for (const path of ['/v2/incidents', `/v2/incidents/${incident.uuid}`, `/v2/incidents/${incident.uuid}/comments`]) {
    const response = await get(`${path}?foo=1&Bar=2`);
    t.equal(response.statusCode, 200, path);
    t.equal(response.headers['x-emulator-warning'], 'ignored unknown query parameters: foo, Bar', `${path}: named`);
  }
  const token2 = await app.inject({
    method: 'POST',
    url: '/oauth/token?debug=1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'grant_type=password&username=emulator@example.com&password=emulator',
  });
  t.equal(token2.statusCode, 200, 'the token endpoint too');
  t.equal(token2.headers['x-emulator-warning'], 'ignored unknown query parameters: debug');

  for (const [raw, shown] of [['%E2%9C%93', '%E2%9C%93'], ['%0A', '%0A'], ['a%0D%0Ab', 'a%0D%0Ab'], ['%FF', '%25FF']]) {
    const response = await get(`/v2/incidents?${raw}=1&pageSize=1`);
    t.equal(response.statusCode, 200, `?${raw}=1 is no 500`);
    t.equal(response.headers['x-emulator-warning'], `ignored unknown query parameters: ${shown}`, `?${raw}=1 named percent-encoded`);
    t.equal((response.json() as ListBody).incidents.length, 1);
  }
  const many = await get(`/v2/incidents?${Array.from({ length: 300 }, (_, i) => `unknown${i}=1`).join('&')}`);
  t.equal(many.statusCode, 200);
  t.ok(String(many.headers['x-emulator-warning']).length <= 512, 'the warning is bounded');

  t.notOk((await get('/v2/incidents?pageSize=2')).headers['x-emulator-warning'], 'no warning without reason');
});

t.test('a parameter twice: the same value is fine, different values are a 400 that says so', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const get = (query: string) => app.inject({ method: 'GET', url: `/v2/incidents?${query}`, headers: { authorization: `Bearer ${token}` } });

  const same = await get('pageSize=5&pageSize=5');
  t.equal(same.statusCode, 200);
  t.equal((same.json() as ListBody).incidents.length, 5);
  const sameFilter = await get(`filter=${encodeURIComponent('severity == INCIDENT_SEVERITY_LEVEL_HIGH')}&filter=${encodeURIComponent('severity == INCIDENT_SEVERITY_LEVEL_HIGH')}&pageSize=1000`);
  t.equal(sameFilter.statusCode, 200);
  t.equal((sameFilter.json() as ListBody).incidents.length, INCIDENTS.filter((i) => i.severity === 'INCIDENT_SEVERITY_LEVEL_HIGH').length);

  const different = await get('pageSize=5&pageSize=6');
  t.equal(different.statusCode, 400);
  t.equal(different.body, '', "ESET's empty error body");
  t.match(String(different.headers['x-emulator-reason']), /pageSize is given 2 times with different values \('5', '6'\)/);
  const differentOrder = await get('orderBy=severity&orderBy=create_time');
  t.equal(differentOrder.statusCode, 400);
  t.match(String(differentOrder.headers['x-emulator-reason']), /orderBy/);
});

t.test('pageSize: decimal digits only; any value above 1000 means 1000', async (t) => {
  const { app } = await startApp(t, { generate: 1100 });
  const token = await esetToken(app);
  const get = (pageSize: string) =>
    app.inject({ method: 'GET', url: `/v2/incidents?pageSize=${encodeURIComponent(pageSize)}`, headers: { authorization: `Bearer ${token}` } });
  for (const big of ['1001', '99999', '100000', '2147483648', '99999999999999999999999']) {
    const response = await get(big);
    t.equal(response.statusCode, 200, `pageSize=${big}`);
    t.equal((response.json() as ListBody).incidents.length, 1000, `pageSize=${big} means 1000`);
  }
  t.equal(((await get('0010')).json() as ListBody).incidents.length, 10, 'leading zeros are still decimal');
  for (const bad of ['0x10', '-5', '1e2', '12abc', '+5', '5.0']) {
    const response = await get(bad);
    t.equal(response.statusCode, 400, `pageSize=${bad}`);
    t.match(String(response.headers['x-emulator-reason']), /pageSize must be a decimal integer of 0 or more \(0 or unset means 50, above 1000 means 1000\)/);
  }
});
