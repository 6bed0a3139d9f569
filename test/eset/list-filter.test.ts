/**
 * Filter table: each expression, sent the way clients send it, must return exactly the fixture
 * incidents an independent JS predicate selects, over all pages.
 */
import t from 'tap';
import { startApp, esetToken } from '../helpers.js';
import { INCIDENTS, SEVERITY_RANK, time, uuidsWhere, type FixtureIncident } from './fixture-oracle.js';
import { listAll } from './list-helpers.js';

const someAssignee = INCIDENTS.find((i) => i.assigneeUuid !== '')!.assigneeUuid;
const someTag = INCIDENTS.flatMap((i) => i.tags)[0]!;
const someDevice = INCIDENTS.flatMap((i) => i.deviceUuids)[0]!;
const someName = INCIDENTS[3]!.displayName;
const namePrefix = someName.split(' ')[0]!;
const nameWord = someName.split(' ').at(-1)!.slice(0, 4);
const midTime = INCIDENTS.map((i) => i.createTime).sort()[Math.floor(INCIDENTS.length / 2)]!;

const cases: Array<[string, (i: FixtureIncident) => boolean]> = [
  // The reference's documented examples.
  [`incident.create_time >= timestamp("${midTime}")`, (i) => time(i.createTime) >= time(midTime)],
  [`incident.assignee_uuid == "${someAssignee}"`, (i) => i.assigneeUuid === someAssignee],
  [`incident.displayName.contains("${nameWord}")`, (i) => i.displayName.includes(nameWord)],
  ['size(incident.device_uuids) >= 10', (i) => i.deviceUuids.length >= 10],
  ['has(incident.assignee_uuid)', (i) => i.assigneeUuid !== ''],
  [
    'incident.create_time >= timestamp("2026-07-01T00:00:00Z") && incident.create_time <= timestamp("2026-08-31T23:59:59Z")',
    (i) => time(i.createTime) >= time('2026-07-01T00:00:00Z') && time(i.createTime) <= time('2026-08-31T23:59:59Z'),
  ],
  ['status == INCIDENT_STATUS_OPEN', (i) => i.status === 'INCIDENT_STATUS_OPEN'],
  [
    'incident.severity in [INCIDENT_SEVERITY_LEVEL_LOW, INCIDENT_SEVERITY_LEVEL_MEDIUM]',
    (i) => ['INCIDENT_SEVERITY_LEVEL_LOW', 'INCIDENT_SEVERITY_LEVEL_MEDIUM'].includes(i.severity),
  ],
  // Enums compare by number: MEDIUM or HIGH.
  ['severity >= INCIDENT_SEVERITY_LEVEL_MEDIUM', (i) => SEVERITY_RANK[i.severity]! >= 2],
  // Forms real clients send.
  [
    'status == INCIDENT_STATUS_OPEN AND severity == INCIDENT_SEVERITY_LEVEL_HIGH',
    (i) => i.status === 'INCIDENT_STATUS_OPEN' && i.severity === 'INCIDENT_SEVERITY_LEVEL_HIGH',
  ],
  [
    'status == INCIDENT_STATUS_CLOSED OR severity == INCIDENT_SEVERITY_LEVEL_LOW',
    (i) => i.status === 'INCIDENT_STATUS_CLOSED' || i.severity === 'INCIDENT_SEVERITY_LEVEL_LOW',
  ],
  ['NOT (status == INCIDENT_STATUS_OPEN)', (i) => i.status !== 'INCIDENT_STATUS_OPEN'],
  [`createTime > timestamp('${midTime}')`, (i) => time(i.createTime) > time(midTime)],
  [`updateTime > "${midTime}"`, (i) => time(i.updateTime) > time(midTime)],
  // Further operators and functions.
  [`"${someTag}" in tags`, (i) => i.tags.includes(someTag)],
  [`"${someDevice}" in incident.deviceUuids`, (i) => i.deviceUuids.includes(someDevice)],
  [`display_name.startsWith("${namePrefix}")`, (i) => i.displayName.startsWith(namePrefix)],
  ['displayName.endsWith("042")', (i) => i.displayName.endsWith('042')],
  ['displayName.matches("^[A-Z][a-z]+ [a-z]+")', (i) => /^[A-Z][a-z]+ [a-z]+/.test(i.displayName)],
  ['tags.exists(t, t.startsWith("r"))', (i) => i.tags.some((tag) => tag.startsWith('r'))],
  ['size(tags) > 0 && tags.all(t, t.size() > 3)', (i) => i.tags.length > 0 && i.tags.every((tag) => tag.length > 3)],
  ['!has(incident.assignee_uuid) || status != INCIDENT_STATUS_OPEN', (i) => i.assigneeUuid === '' || i.status !== 'INCIDENT_STATUS_OPEN'],
  ['metrics.device_count > 3 && incident.metrics.processCount >= 1', (i) => i.metrics.deviceCount > 3 && i.metrics.processCount >= 1],
  ['resolve_reason == INCIDENT_RESOLVE_REASON_FALSE_POSITIVE', (i) => i.resolveReason === 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE'],
  ['description.contains("PowerShell")', (i) => i.description.includes('PowerShell')],
  ['tags.size() == 0', (i) => i.tags.length === 0],
  // Not translated to SQL: evaluated in process, paging still exact.
  ['displayName.lowerAscii().contains("ransomware")', (i) => i.displayName.toLowerCase().includes('ransomware')],
  [
    'status == INCIDENT_STATUS_OPEN || displayName.lowerAscii().startsWith("s")',
    (i) => i.status === 'INCIDENT_STATUS_OPEN' || i.displayName.toLowerCase().startsWith('s'),
  ],
];

t.test('filters select exactly the expected fixture incidents', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  for (const [filter, predicate] of cases) {
    const expected = uuidsWhere(predicate);
    t.ok(expected.length > 0 && expected.length < INCIDENTS.length, `fixture makes "${filter}" selective (${expected.length})`);
    const got = await listAll(app, token, { filter, pageSize: '7' });
    t.same(got.map((i) => i.uuid).sort(), expected, filter);
  }
});

const invalid: Array<[string, RegExp]> = [
  ['status == ', /position/],
  ['bogus_field == "x"', /bogus_field/],
  ['status == "INCIDENT_STATUS_OPEN"', /status|enum|type/i],
  ['status == INCIDENT_SEVERITY_LEVEL_LOW', /INCIDENT_SEVERITY_LEVEL_LOW|enum|type/i],
  ['severity == 2 && display_name == 3', /display_name|type/i],
  ['createTime > "not a time"', /time/i],
  [`display_name == "${'x'.repeat(190)}"`, /200/],
  [`${'('.repeat(40)}status == INCIDENT_STATUS_OPEN${')'.repeat(40)}`, /deep|depth|nest/i],
  ['size(tags)', /bool/i],
];

t.test('invalid filters are a 400 with the reason and position', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  for (const [filter, reason] of invalid) {
    const response = await app.inject({
      method: 'GET',
      url: '/v2/incidents',
      query: { filter },
      headers: { authorization: `Bearer ${token}` },
    });
    t.equal(response.statusCode, 400, filter);
    t.equal(response.body, '', 'ESET errors have an empty body');
    const header = String(response.headers['x-emulator-reason']);
    t.match(header, /^(filter: |querystring\/filter )/, 'reason names the parameter');
    t.match(header, reason, `${filter} → ${header}`);
    if (filter.length <= 200) t.match(header, /position \d+/, 'reason gives the position');
  }
});
