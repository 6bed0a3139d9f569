/**
 * GET /v1/incidents: each filter, sent the ways clients send it, must select exactly the fixture
 * incidents an independent predicate selects; orders and pages are computed here from the JSON.
 */
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { startApp } from '../helpers.js';
import { FIXTURE, INCIDENTS, STATUS_ORDER, expectedRow, idsWhere, rowNumber, type FixtureIncident } from './oracle.js';
import { adversarialToken } from './requests.js';

const time = Date.parse;
const lower = (text: string) => text.toLowerCase();
const someTag = INCIDENTS.flatMap((incident) => incident.tags).at(-1)!;
const otherTag = FIXTURE.tags.find((tag) => tag.content !== someTag && INCIDENTS.some((incident) => incident.tags.includes(tag.content)))!.content;
const someAssignee = INCIDENTS.find((incident) => incident.assigned_to !== null)!.assigned_to!;
const someOpener = INCIDENTS[5]!.opened_by;
const midCreated = [...INCIDENTS.map((incident) => incident.created_date)].sort()[Math.floor(INCIDENTS.length / 2)]!;
const midDay = midCreated.slice(0, 10);
const lateDay = INCIDENTS.at(-5)!.created_date.slice(0, 10);

async function listAll(app: FastifyInstance, token: string, query: string, pageSize = 7): Promise<{ ids: string[]; totals: number[] }> {
  const ids: string[] = [];
  const totals: number[] = [];
  for (let page = 1; page < 100; page++) {
    const response = await app.inject({ url: `/api/v1/incidents?${query}${query ? '&' : ''}page=${page}&page_size=${pageSize}`, headers: { authorization: `Bearer ${token}` } });
    if (response.statusCode !== 200) throw new Error(`${query}: ${response.statusCode} ${response.body}`);
    const body = response.json();
    ids.push(...body.incidents.map((row: { incident: { id: string } }) => row.incident.id));
    totals.push(body.pagination.total);
    if (!body.pagination.has_next) break;
  }
  return { ids, totals };
}

const FILTERS: Array<[string, (incident: FixtureIncident) => boolean]> = [
  ['', () => true],
  ['severity[]=SEV-1', (i) => i.severity === 'SEV-1'],
  ['severity=SEV-1,SEV-2', (i) => i.severity === 'SEV-1' || i.severity === 'SEV-2'],
  ['severity[]=SEV-3&severity[]=SEV-5', (i) => i.severity === 'SEV-3' || i.severity === 'SEV-5'],
  ['severity[]=SEV-4&severity=SEV-5', (i) => i.severity === 'SEV-4' || i.severity === 'SEV-5'],
  ['status[]=In%20Progress', (i) => i.status === 'In Progress'],
  ['status=New,Review', (i) => i.status === 'New' || i.status === 'Review'],
  ['status[]=Closed&severity[]=SEV-2', (i) => i.status === 'Closed' && i.severity === 'SEV-2'],
  ['source[]=SIEM', (i) => i.source === 'SIEM'],
  ['source=EDR,Email%20Security', (i) => i.source === 'EDR' || i.source === 'Email Security'],
  [`assigned_to[]=${someAssignee}`, (i) => i.assigned_to === someAssignee],
  [`assigned_to=${someAssignee.toUpperCase()}`, (i) => i.assigned_to === someAssignee],
  [`opened_by[]=${someOpener}`, (i) => i.opened_by === someOpener],
  ['threat_objectives[]=Fraud', (i) => i.threat_objectives.some((o) => o.threat_objective === 'Fraud')],
  ['threat_objectives=Extortion,Sabotage', (i) => i.threat_objectives.some((o) => ['Extortion', 'Sabotage'].includes(o.threat_objective))],
  [`tags[]=${encodeURIComponent(someTag)}`, (i) => i.tags.includes(someTag)],
  [`tags[]=${encodeURIComponent(someTag)}&tags[]=${encodeURIComponent(otherTag)}`, (i) => i.tags.includes(someTag) || i.tags.includes(otherTag)],
  ['id[]=INC-00001&id[]=3&id=INC-5', (i) => ['INC-00001', 'INC-00003', 'INC-00005'].includes(i.id)],
  ['id=INC-00002,INC-00023,INC-99999', (i) => i.id === 'INC-00002'],
  ['title_contains=phishing', (i) => lower(i.title).includes('phishing')],
  ['title_contains=VPN', (i) => lower(i.title).includes('vpn')],
  ['description_contains=supplier', (i) => lower(i.description).includes('supplier')],
  ['free_text=ransom', (i) => lower(i.title).includes('ransom') || lower(i.description).includes('ransom')],
  ['free_text=INC-0001', (i) => i.id.startsWith('INC-0001')],
  ['free_text=zzz-nothing', () => false],
  [`created_date[]=${midCreated}&created_date[]=`, (i) => time(i.created_date) >= time(midCreated)],
  [`created_date=,${midCreated}`, (i) => time(i.created_date) <= time(midCreated)],
  [`created_date[]=${midDay}&created_date[]=${lateDay}`, (i) => time(i.created_date) >= time(`${midDay}T00:00:00Z`) && time(i.created_date) < time(`${lateDay}T00:00:00Z`) + 86_400_000],
  [`updated_date[]=2026-06-01T00:00:00%2B02:00&updated_date[]=2026-09-30T23:59:59Z`, (i) => time(i.updated_date) >= time('2026-05-31T22:00:00Z') && time(i.updated_date) <= time('2026-09-30T23:59:59Z')],
  ['detected_date[]=2026-04-01&detected_date[]=2026-04-30', (i) => time(i.detected_date) >= time('2026-04-01T00:00:00Z') && time(i.detected_date) < time('2026-05-01T00:00:00Z')],
  ['occurred_date[]=2026-01-01&occurred_date[]=2026-12-31', (i) => i.occurred_date !== null],
  ['responded_date[]=2026-01-01&responded_date[]=', (i) => i.responded_date !== null],
  ['contained_date[]=2026-08-01&contained_date[]=', (i) => i.contained_date !== null && time(i.contained_date) >= time('2026-08-01T00:00:00Z')],
  ['severity[]=&tags[]=', () => true],
  [`status[]=Closed&title_contains=a&source[]=SIEM&threat_objectives[]=Data%20Disclosure`, (i) => i.status === 'Closed' && lower(i.title).includes('a') && i.source === 'SIEM' && i.threat_objectives.some((o) => o.threat_objective === 'Data Disclosure')],
];

t.test('filters select exactly what the fixture predicates select, over all pages', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  for (const [query, predicate] of FILTERS) {
    const expected = idsWhere(predicate).sort();
    const { ids, totals } = await listAll(app, token, query);
    t.same([...ids].sort(), expected, query || '(no filter)');
    t.equal(new Set(ids).size, ids.length, `${query}: no incident twice`);
    t.ok(totals.every((total) => total === expected.length), `${query}: total ${expected.length}`);
  }
});

/** Nulls sort as the largest values; the id breaks ties in the direction of the last term. */
function compare(field: string, descending: boolean) {
  const key = (incident: FixtureIncident): number | string | null => {
    if (field === 'id') return rowNumber(incident.id);
    if (field === 'status') return STATUS_ORDER.indexOf(incident.status);
    if (field === 'severity') return incident.severity === null ? null : Number(incident.severity.slice(4));
    const value = incident[field as keyof FixtureIncident] as string | null;
    return value !== null && field.endsWith('_date') ? time(value) : value;
  };
  return (a: FixtureIncident, b: FixtureIncident) => {
    const [x, y] = [key(a), key(b)];
    let order = 0;
    if (x === null || y === null) order = x === y ? 0 : x === null ? 1 : -1;
    else order = x < y ? -1 : x > y ? 1 : 0;
    if (order === 0) order = rowNumber(a.id) - rowNumber(b.id);
    return descending ? -order : order;
  };
}

t.test('order_by: every field, both directions, across pages', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const fields = ['id', 'title', 'status', 'severity', 'source', 'created_date', 'updated_date', 'detected_date', 'occurred_date', 'responded_date', 'contained_date'];
  for (const field of fields) {
    for (const descending of [false, true]) {
      const orderBy = `${descending ? '-' : ''}${field}`;
      const expected = [...INCIDENTS].sort(compare(field, descending)).map((incident) => incident.id);
      t.same((await listAll(app, token, `order_by=${orderBy}`, 9)).ids, expected, orderBy);
    }
  }
  const byStatusThenSeverity = [...INCIDENTS]
    .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || compare('severity', true)(a, b))
    .map((incident) => incident.id);
  t.same((await listAll(app, token, 'order_by=%2Bstatus,-severity', 100)).ids, byStatusThenSeverity, 'several terms');
  t.same((await listAll(app, token, '', 100)).ids, [...INCIDENTS].sort(compare('created_date', true)).map((incident) => incident.id), 'default: -created_date');
});

t.test('pagination: page, page_size, totals and has_next; incidents and results agree', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const total = INCIDENTS.length;
  const get = async (query: string) => (await app.inject({ url: `/api/v1/incidents?${query}`, headers: { authorization: `Bearer ${token}` } })).json();

  const first = await get('');
  t.same(first.pagination, { page: 1, page_size: 25, total, total_pages: Math.ceil(total / 25), has_next: true }, 'defaults: page 1 of 25');
  t.equal(first.incidents.length, 25);
  t.same(first.results, first.incidents);
  const byId = new Map(INCIDENTS.map((incident) => [incident.id, incident]));
  for (const row of first.incidents) t.same(row, expectedRow(byId.get(row.incident.id)!), `${row.incident.id} as the full register row`);

  const cases: Array<[string, { page: number; page_size: number; count: number; has_next: boolean }]> = [
    ['page_size=100', { page: 1, page_size: 100, count: total, has_next: false }],
    ['page_size=10&page=2', { page: 2, page_size: 10, count: 10, has_next: true }],
    [`page_size=10&page=${Math.ceil(total / 10)}`, { page: Math.ceil(total / 10), page_size: 10, count: total % 10 || 10, has_next: false }],
    ['page_size=10&page=99', { page: 99, page_size: 10, count: 0, has_next: false }],
    ['page_size=1', { page: 1, page_size: 1, count: 1, has_next: true }],
  ];
  for (const [query, expected] of cases) {
    const body = await get(query);
    t.equal(body.incidents.length, expected.count, query);
    t.same(body.pagination, { page: expected.page, page_size: expected.page_size, total, total_pages: Math.ceil(total / expected.page_size), has_next: expected.has_next }, query);
  }
  const none = await get('severity[]=SEV-1&status[]=New&title_contains=zzz');
  t.same(none.pagination, { page: 1, page_size: 25, total: 0, total_pages: 0, has_next: false }, 'nothing matches');
  t.same(none.incidents, []);
  t.same(none.results, []);
});

t.test('unknown parameters and bad values are 400 "Bad Request"', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const cases: Array<[string, RegExp]> = [
    ['bogus=1', /querystring\/bogus is an unknown field/],
    ['pageSize=5', /querystring\/pageSize is an unknown field/],
    ['page[]=1', /querystring\/page\[\] is an unknown field/],
    ['page=0', /page must be >= 1/],
    ['page=abc', /page must be integer/],
    ['page=1&page=2', /page must be integer/],
    ['page_size=0', /page_size must be >= 1/],
    ['page_size=101', /page_size must be <= 100/],
    ['severity[]=SEV-9', /must be one of SEV-1/],
    ['severity=sev-1', /must be one of SEV-1/],
    ['status=Open', /must be one of New, In Progress, Review, Closed/],
    ['threat_objectives[]=Espionage', /must be one of Sabotage/],
    ['assigned_to[]=not-a-uuid', /must match format "uuid"/],
    ['id[]=ABC-1', /must match pattern/],
    ['order_by=priority', /order_by must match pattern/],
    ['order_by=-', /order_by must match pattern/],
    ['created_date[]=2026-05-01', /must NOT have fewer than 2 items/],
    ['created_date=2026-05-01,2026-05-02,2026-05-03', /must NOT have more than 2 items/],
    ['created_date[]=yesterday&created_date[]=', /must match pattern/],
    ['created_date[]=2026-02-30&created_date[]=', /'2026-02-30' is not an RFC 3339 time or a date/],
    ['updated_date[]=2026-06-01&updated_date[]=2026-05-01', /from \(2026-06-01\) is after to \(2026-05-01\)/],
    ['source[]=Pager', /'Pager' is not one of the organisation's incident sources/],
    ['title_contains=a&title_contains=b', /title_contains must be string/],
  ];
  for (const [query, reason] of cases) {
    for (const prefix of ['/api', '']) {
      const response = await app.inject({ url: `${prefix}/v1/incidents?${query}`, headers: { authorization: `Bearer ${token}` } });
      t.equal(response.statusCode, 400, query);
      t.equal(response.json().error, 'Bad Request', query);
      t.match(response.json().description, reason, query);
      t.match(String(response.headers['x-emulator-reason']), reason, query);
    }
  }
});
