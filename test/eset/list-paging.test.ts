/**
 * Keyset paging: for several filters and orders, walking all pages yields every matching
 * incident exactly once, in order; pageSize rules; tokens bound to their query and signed.
 */
import t from 'tap';
import { esetToken, startApp } from '../helpers.js';
import { INCIDENTS, SEVERITY_RANK, time, type FixtureIncident } from './fixture-oracle.js';
import { listAll, type ListBody } from './list-helpers.js';

type Key = (i: FixtureIncident) => string | number;
const seconds = (duration: string) => (duration === '' ? -1 : Number(duration.slice(0, -1)));
const KEYS: Record<string, Key> = {
  create_time: (i) => time(i.createTime),
  update_time: (i) => time(i.updateTime),
  display_name: (i) => i.displayName,
  severity: (i) => SEVERITY_RANK[i.severity]!,
  'metrics.device_count': (i) => i.metrics.deviceCount,
  triage_duration: (i) => seconds(i.triageDuration),
  uuid: (i) => i.uuid,
};

/** The order the emulator promises: the terms, then uuid in the direction of the last term. */
function expectedOrder(incidents: FixtureIncident[], terms: Array<[string, boolean]>): string[] {
  const all = terms.some(([field]) => field === 'uuid') ? terms : [...terms, ['uuid', terms.at(-1)?.[1] ?? false] as [string, boolean]];
  return [...incidents]
    .sort((a, b) => {
      for (const [field, descending] of all) {
        const x = KEYS[field]!(a);
        const y = KEYS[field]!(b);
        if (x !== y) return (x < y ? -1 : 1) * (descending ? -1 : 1);
      }
      return 0;
    })
    .map((i) => i.uuid);
}

const orders: Array<[string, Array<[string, boolean]>]> = [
  ['', [['create_time', false]]],
  ['create_time desc', [['create_time', true]]],
  ['createTime', [['create_time', false]]],
  ['display_name, severity desc', [['display_name', false], ['severity', true]]],
  ['severity desc, createTime', [['severity', true], ['create_time', false]]],
  ['metrics.device_count desc', [['metrics.device_count', true]]],
  ['triageDuration desc, update_time', [['triage_duration', true], ['update_time', false]]],
  ['uuid desc', [['uuid', true]]],
];

const filters: Array<[string, (i: FixtureIncident) => boolean]> = [
  ['', () => true],
  ['status != INCIDENT_STATUS_CLOSED', (i) => i.status !== 'INCIDENT_STATUS_CLOSED'],
  ['displayName.lowerAscii().contains("e")', (i) => i.displayName.toLowerCase().includes('e')],
];

t.test('every page walk returns each match once, in order', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  for (const [filter, predicate] of filters) {
    for (const [orderBy, terms] of orders) {
      const expected = expectedOrder(INCIDENTS.filter(predicate), terms);
      for (const pageSize of ['1', '7', '50']) {
        const got = await listAll(app, token, { filter, orderBy, pageSize });
        t.same(got.map((i) => i.uuid), expected, `filter "${filter}" orderBy "${orderBy}" pageSize ${pageSize}`);
      }
    }
  }
});

t.test('pageSize: unset or 0 is 50, above 1000 is 1000, negative or non-numeric is 400', async (t) => {
  const { app } = await startApp(t, { generate: 1200 });
  const token = await esetToken(app);
  const list = (query: Record<string, string>) =>
    app.inject({ method: 'GET', url: '/v2/incidents', query, headers: { authorization: `Bearer ${token}` } });
  for (const [query, size] of [[{}, 50], [{ pageSize: '0' }, 50], [{ pageSize: '' }, 50], [{ pageSize: '1' }, 1], [{ pageSize: '1000' }, 1000], [{ pageSize: '5000' }, 1000], [{ pageSize: '100000' }, 1000], [{ page_size: '3' }, 3]] as const) {
    const response = await list(query);
    t.equal(response.statusCode, 200, JSON.stringify(query));
    const body = response.json() as ListBody;
    t.equal(body.incidents.length, size, `${JSON.stringify(query)} → ${size} incidents`);
    t.not(body.nextPageToken, '', 'more pages follow');
  }
  for (const pageSize of ['-1', 'abc', '1.5', '0x10', '1e3', ' 5']) {
    const response = await list({ pageSize });
    t.equal(response.statusCode, 400, `pageSize=${pageSize}`);
    t.match(String(response.headers['x-emulator-reason']), /pageSize/);
  }
  const clash = await list({ pageSize: '5', page_size: '6' });
  t.equal(clash.statusCode, 400, 'camelCase and snake_case that disagree');
  const typo = await list({ pagesize: '5', pageSize: '2' });
  t.equal(typo.statusCode, 200, 'unknown parameters are ignored, as ESET does');
  t.equal((typo.json() as ListBody).incidents.length, 2);
  t.equal(typo.headers['x-emulator-warning'], 'ignored unknown query parameters: pagesize', 'but named in a warning header');
  t.notOk((await list({ pageSize: '2' })).headers['x-emulator-warning'], 'no warning without reason');
});

t.test('the last page has an empty nextPageToken; snake_case names work', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const list = (query: Record<string, string>) =>
    app.inject({ method: 'GET', url: '/v2/incidents', query, headers: { authorization: `Bearer ${token}` } });
  const all = (await list({ pageSize: '1000' })).json() as ListBody;
  t.equal(all.incidents.length, INCIDENTS.length);
  t.equal(all.nextPageToken, '');
  const first = (await list({ page_size: '10', order_by: 'display_name' })).json() as ListBody;
  const second = (await list({ page_size: '10', order_by: 'display_name', page_token: first.nextPageToken })).json() as ListBody;
  const expected = expectedOrder(INCIDENTS, [['display_name', false]]);
  t.same([...first.incidents, ...second.incidents].map((i) => i.uuid), expected.slice(0, 20));
});

t.test('page tokens: tampered, foreign, mismatched and expired tokens are a 400', async (t) => {
  const { app, clock } = await startApp(t);
  const token = await esetToken(app);
  const list = (query: Record<string, string>) =>
    app.inject({ method: 'GET', url: '/v2/incidents', query, headers: { authorization: `Bearer ${token}` } });
  const first = (await list({ pageSize: '5', filter: 'severity >= INCIDENT_SEVERITY_LEVEL_LOW', orderBy: 'update_time' })).json() as ListBody;
  const pageToken = first.nextPageToken;
  t.ok(pageToken.length > 0 && pageToken.length <= 128, 'token fits ESET limit');
  const ok = await list({ pageSize: '5', filter: 'severity >= INCIDENT_SEVERITY_LEVEL_LOW', orderBy: 'update_time', pageToken });
  t.equal(ok.statusCode, 200, 'the same query continues');

  const flipped = pageToken.slice(0, 10) + (pageToken[10] === 'A' ? 'B' : 'A') + pageToken.slice(11);
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['tampered', { filter: 'severity >= INCIDENT_SEVERITY_LEVEL_LOW', orderBy: 'update_time', pageToken: flipped }, /tampered/],
    ['garbage', { pageToken: 'not-a-token' }, /malformed/],
    ['too long', { pageToken: 'x'.repeat(129) }, /pageToken/],
    ['other filter', { filter: 'severity >= INCIDENT_SEVERITY_LEVEL_MEDIUM', orderBy: 'update_time', pageToken }, /different filter or orderBy/],
    ['other orderBy', { filter: 'severity >= INCIDENT_SEVERITY_LEVEL_LOW', orderBy: 'update_time desc', pageToken }, /different filter or orderBy/],
  ];
  for (const [name, query, reason] of cases) {
    const response = await list(query);
    t.equal(response.statusCode, 400, name);
    t.match(String(response.headers['x-emulator-reason']), reason, name);
  }
  clock.advance(25 * 3600 * 1000);
  const fresh = await esetToken(app);
  const expired = await app.inject({
    method: 'GET',
    url: '/v2/incidents',
    query: { pageSize: '5', filter: 'severity >= INCIDENT_SEVERITY_LEVEL_LOW', orderBy: 'update_time', pageToken },
    headers: { authorization: `Bearer ${fresh}` },
  });
  t.equal(expired.statusCode, 400, 'a day later the token is stale');
  t.match(String(expired.headers['x-emulator-reason']), /expired/);
});

t.test('invalid orderBy is a 400 naming the problem', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  for (const orderBy of ['bogus', 'create_time sideways', 'tags', 'create_time,,severity']) {
    const response = await app.inject({ method: 'GET', url: '/v2/incidents', query: { orderBy }, headers: { authorization: `Bearer ${token}` } });
    t.equal(response.statusCode, 400, orderBy);
    t.match(String(response.headers['x-emulator-reason']), /^orderBy: .*position \d+/, orderBy);
  }
});

t.test('a page token whose incident is gone is a 400, not a wrong page', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const list = (query: Record<string, string>) =>
    app.inject({ method: 'GET', url: '/v2/incidents', query, headers: { authorization: `Bearer ${token}` } });
  const first = (await list({ pageSize: '3', orderBy: 'uuid' })).json() as ListBody;
  // The API cannot delete an incident; a re-seed to another dataset can remove the one a token names.
  const seeded = await app.inject({ method: 'POST', url: '/_emulator/seed', payload: { generate: 5, seed: 9 } });
  t.equal(seeded.statusCode, 200, 'seeded another dataset');
  const stale = await list({ pageSize: '3', orderBy: 'uuid', pageToken: first.nextPageToken });
  t.equal(stale.statusCode, 400);
  t.match(String(stale.headers['x-emulator-reason']), /no longer exists/);
});
