import t from 'tap';
import { EsetFixtureError, formatEsetFixture, parseEsetFixture } from '../../src/apis/eset/fixture.js';

const SOURCE = 'fixtures/custom/eset.json';
const USER = 'a3e9b6d2-41c7-4f58-8e2a-6c1d9b7f3e05';
const INCIDENT = '0b1c7e64-2f3d-4a59-8e6b-5d4c3b2a1f09';

/** A small valid fixture; each error case breaks one thing in a fresh copy. */
function validFixture(): Record<string, any> {
  return {
    users: [{ uuid: USER, username: 'analyst@example.com', password: 'analyst', displayName: 'Analyst' }],
    incidents: [
      {
        uuid: INCIDENT,
        displayName: 'Ransomware activity on FIN-LAPTOP-042',
        description: 'Files renamed.',
        assigneeUuid: USER,
        createTime: '2026-05-01T09:00:00Z',
        updateTime: '2026-05-02T10:30:00.250Z',
        severity: 'INCIDENT_SEVERITY_LEVEL_HIGH',
        status: 'INCIDENT_STATUS_CLOSED',
        resolveReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE',
        metrics: { deviceCount: 1, executableCount: 2, processCount: 5 },
        triageDuration: '600s',
        responseDuration: '91800s',
        tags: ['ransomware', '100%-cpu'],
        deviceUuids: ['f150f34c-30cb-4293-a44a-82536a67cd3f'],
        detectionUuids: ['90a60003-e396-4c78-9913-0c58845511bb'],
        comments: [
          {
            uuid: '38e20337-a82c-4033-9328-28a09bcafa8c',
            text: 'Reimaged.',
            authorUuid: USER,
            isFinalComment: true,
            createTime: '2026-05-02T10:30:00.250Z',
            updateTime: '2026-05-02T10:30:00.250Z',
          },
        ],
      },
      { uuid: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', createTime: '2026-05-03T08:00:00+02:00' },
    ],
  };
}

t.test('a valid fixture becomes records', async (t) => {
  const dataset = parseEsetFixture(validFixture(), SOURCE);
  t.same(dataset.users, validFixture().users);
  const [closed, minimal] = dataset.incidents;
  t.match(closed, {
    uuid: INCIDENT,
    createTime: Date.UTC(2026, 4, 1, 9),
    updateTime: Date.UTC(2026, 4, 2, 10, 30, 0, 250),
    severity: 3,
    status: 3,
    resolveReason: 1,
    triageSeconds: 600,
    responseSeconds: 91_800,
    metrics: { deviceCount: 1, executableCount: 2, processCount: 5 },
    tags: ['ransomware', '100%-cpu'],
  });
  t.same(dataset.comments, [
    {
      uuid: '38e20337-a82c-4033-9328-28a09bcafa8c',
      incidentUuid: INCIDENT,
      text: 'Reimaged.',
      authorUuid: USER,
      isFinalComment: true,
      createTime: Date.UTC(2026, 4, 2, 10, 30, 0, 250),
      updateTime: Date.UTC(2026, 4, 2, 10, 30, 0, 250),
    },
  ]);
  t.same(
    minimal,
    {
      uuid: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      displayName: '',
      description: '',
      assigneeUuid: '',
      createTime: Date.UTC(2026, 4, 3, 6),
      updateTime: Date.UTC(2026, 4, 3, 6),
      severity: 0,
      status: 0,
      resolveReason: 0,
      metrics: { deviceCount: 0, executableCount: 0, processCount: 0 },
      triageSeconds: null,
      responseSeconds: null,
      tags: [],
      deviceUuids: [],
      detectionUuids: [],
    },
    'omitted keys take their proto3 defaults; an offset time is normalised',
  );
});

t.test('int64 metrics may be written as decimal strings, as proto3 JSON allows', async (t) => {
  const fixture = validFixture();
  fixture.incidents[0].metrics = { deviceCount: '1', executableCount: 2, processCount: '5' };
  t.same(parseEsetFixture(fixture, SOURCE).incidents[0]!.metrics, { deviceCount: 1, executableCount: 2, processCount: 5 });
});

t.test('null means the proto3 default, as in proto3 JSON', async (t) => {
  const fixture = validFixture();
  Object.assign(fixture.incidents[1], { assigneeUuid: null, tags: null, metrics: null, triageDuration: null, updateTime: null });
  fixture.incidents[1].comments = [{ uuid: '5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f', text: 'Looking.', createTime: '2026-05-03T07:00:00Z', isFinalComment: null }];
  const parsed = parseEsetFixture(fixture, SOURCE);
  t.match(parsed.incidents[1], { assigneeUuid: '', tags: [], triageSeconds: null, updateTime: Date.UTC(2026, 4, 3, 6) });
  t.match(parsed.comments[1], { authorUuid: '', isFinalComment: false, updateTime: Date.UTC(2026, 4, 3, 7) }, 'and in comments');
});

t.test('a comment may repeat its incident uuid', async (t) => {
  const fixture = validFixture();
  fixture.incidents[0].comments[0].incidentUuid = INCIDENT;
  t.equal(parseEsetFixture(fixture, SOURCE).comments[0]!.incidentUuid, INCIDENT);
});

t.test('format(parse(x)) writes every key in canonical form', async (t) => {
  const formatted = formatEsetFixture(parseEsetFixture(validFixture(), SOURCE));
  t.equal(formatted.incidents[1]!.createTime, '2026-05-03T06:00:00Z');
  t.equal(formatted.incidents[1]!.severity, 'INCIDENT_SEVERITY_LEVEL_UNSPECIFIED');
  t.equal(formatted.incidents[1]!.triageDuration, '');
  t.same(formatted.incidents[1]!.comments, []);
  t.same(parseEsetFixture(JSON.parse(JSON.stringify(formatted)), SOURCE), parseEsetFixture(validFixture(), SOURCE), 'round trip');
  const dataset = parseEsetFixture(validFixture(), SOURCE);
  t.throws(
    () => formatEsetFixture({ ...dataset, incidents: dataset.incidents.slice(1) }),
    /comments refer to incident "0b1c7e64/,
    'comments without their incident cannot be written',
  );
  t.throws(() => formatEsetFixture({ ...dataset, incidents: [{ ...dataset.incidents[0]!, status: 9 }] }), /status 9/);
});

type Break = (fixture: Record<string, any>) => void;

// [what is wrong, how to break it, what the message must name]
const ERROR_CASES: [string, Break, RegExp][] = [
  ['not an object', (f) => void (f.users = 'nobody'), /top level: field "users": expected an array/],
  ['unknown top-level key', (f) => void (f.comments = []), /top level: unknown field "comments"/],
  ['unknown incident key', (f) => void (f.incidents[0].priority = 'P1'), /incidents\[0\]: unknown field "priority"/],
  ['incident is not an object', (f) => void (f.incidents[1] = null), /incidents\[1\]: expected a JSON object, got null/],
  ['missing uuid', (f) => void delete f.incidents[1].uuid, /incidents\[1\]: field "uuid": is required/],
  ['uppercase uuid', (f) => void (f.incidents[0].uuid = INCIDENT.toUpperCase()), /incidents\[0\]: field "uuid": expected a lowercase uuid/],
  ['bad severity', (f) => void (f.incidents[0].severity = 'HIGH'), /incidents\[0\] \(uuid "0b1c7e64-[^"]+"\): field "severity": unknown value "HIGH"/],
  ['enum as number', (f) => void (f.incidents[0].status = 3), /field "status": unknown value 3/],
  ['bad resolve reason', (f) => void (f.incidents[0].resolveReason = 'INCIDENT_RESOLVE_REASON_DUPLICATE'), /field "resolveReason"/],
  ['missing createTime', (f) => void delete f.incidents[1].createTime, /incidents\[1\] \(uuid "1c2d3e4f[^"]+"\): field "createTime": is required/],
  ['bad time', (f) => void (f.incidents[0].createTime = '2026-02-30T00:00:00Z'), /field "createTime": expected an RFC 3339 time/],
  ['time without zone', (f) => void (f.incidents[0].updateTime = '2026-05-02T10:30:00'), /field "updateTime": expected an RFC 3339 time/],
  ['time as number', (f) => void (f.incidents[0].createTime = 1777626000000), /field "createTime": expected a string/],
  ['update before create', (f) => void (f.incidents[0].updateTime = '2026-04-30T00:00:00Z'), /field "updateTime": is earlier than createTime/],
  ['bad duration', (f) => void (f.incidents[0].triageDuration = '10m'), /field "triageDuration": expected a duration/],
  ['sub-millisecond duration', (f) => void (f.incidents[0].responseDuration = '1.0005s'), /field "responseDuration": expected non-negative seconds with at most millisecond precision/],
  ['negative duration', (f) => void (f.incidents[0].responseDuration = '-5s'), /field "responseDuration": expected non-negative seconds with at most millisecond precision/],
  ['duration as number', (f) => void (f.incidents[0].triageDuration = 600), /field "triageDuration": expected a string/],
  ['bad metric', (f) => void (f.incidents[0].metrics.processCount = -1), /field "metrics": field "processCount": expected a non-negative integer/],
  ['fractional metric', (f) => void (f.incidents[0].metrics.deviceCount = 1.5), /field "deviceCount": expected a non-negative integer/],
  ['unknown metric', (f) => void (f.incidents[0].metrics.fileCount = 1), /field "metrics": unknown field "fileCount"/],
  ['tags not a list', (f) => void (f.incidents[0].tags = 'ransomware'), /field "tags": expected an array/],
  ['duplicate tag', (f) => void f.incidents[0].tags.push('ransomware'), /field "tags\[2\]": duplicate value "ransomware"/],
  ['empty tag', (f) => void f.incidents[0].tags.push(''), /field "tags\[2\]": expected a non-empty string/],
  ['bad device uuid', (f) => void f.incidents[0].deviceUuids.push('FIN-LAPTOP-042'), /field "deviceUuids\[1\]": expected a lowercase uuid/],
  ['duplicate detection', (f) => void f.incidents[0].detectionUuids.push('90a60003-e396-4c78-9913-0c58845511bb'), /field "detectionUuids\[1\]": duplicate/],
  ['bad assignee', (f) => void (f.incidents[0].assigneeUuid = 'analyst'), /field "assigneeUuid": expected a lowercase uuid/],
  ['assignee not a string', (f) => void (f.incidents[0].assigneeUuid = 42), /field "assigneeUuid": expected a string, got 42/],
  ['required field null', (f) => void (f.incidents[0].createTime = null), /field "createTime": is required/],
  ['duplicate incident', (f) => void (f.incidents[1].uuid = INCIDENT), /incidents\[1\]: duplicate incident uuid "0b1c7e64/],
  ['comments not a list', (f) => void (f.incidents[0].comments = {}), /field "comments": expected an array/],
  ['unknown comment key', (f) => void (f.incidents[0].comments[0].author = 'x'), /incidents\[0\] \(uuid "0b1c7e64[^"]+"\) comments\[0\]: unknown field "author"/],
  ['comment without text', (f) => void (f.incidents[0].comments[0].text = ''), /comments\[0\]: field "text": must not be empty/],
  ['comment time', (f) => void (f.incidents[0].comments[0].createTime = 'yesterday'), /comments\[0\]: field "createTime": expected an RFC 3339 time/],
  ['comment edited before written', (f) => void (f.incidents[0].comments[0].updateTime = '2026-05-01T00:00:00Z'), /comments\[0\]: field "updateTime": is earlier/],
  ['final flag not boolean', (f) => void (f.incidents[0].comments[0].isFinalComment = 'yes'), /field "isFinalComment": expected true or false/],
  ['comment of another incident', (f) => void (f.incidents[0].comments[0].incidentUuid = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f'), /comments\[0\]: field "incidentUuid": names an incident other than the one it is nested in/],
  ['two final comments', (f) => void f.incidents[0].comments.push({ ...f.incidents[0].comments[0], uuid: '48e20337-a82c-4033-9328-28a09bcafa8c' }), /field "comments": more than one comment has isFinalComment true/],
  ['duplicate comment uuid', (f) => void (f.incidents[1].comments = [{ ...f.incidents[0].comments[0], isFinalComment: false, createTime: '2026-05-04T00:00:00Z', updateTime: '2026-05-04T00:00:00Z' }]), /incidents\[1\] \(uuid "1c2d3e4f[^"]+"\) comments\[0\]: duplicate comment uuid/],
  ['user without password', (f) => void delete f.users[0].password, /users\[0\]: field "password": is required/],
  ['unknown user key', (f) => void (f.users[0].role = 'admin'), /users\[0\]: unknown field "role"/],
  ['duplicate user uuid', (f) => void f.users.push({ ...f.users[0], username: 'other@example.com' }), /users\[1\]: field "uuid": duplicate of users\[0\]/],
  ['duplicate username in another case', (f) => void f.users.push({ ...f.users[0], uuid: '5f0c2a8e-7b1d-4c3e-9a6f-2d8b4e1c7a90', username: 'Analyst@Example.com' }), /users\[1\]: field "username": duplicate of users\[0\]/],
];

t.test('errors name the file, the record and the field', async (t) => {
  for (const [what, breakIt, expected] of ERROR_CASES) {
    const fixture = validFixture();
    breakIt(fixture);
    try {
      parseEsetFixture(fixture, SOURCE);
      t.fail(`${what}: accepted`);
    } catch (error) {
      t.type(error, EsetFixtureError, `${what}: an EsetFixtureError`);
      const message = (error as Error).message;
      t.ok(message.startsWith(`${SOURCE}: `), `${what}: names the file`);
      t.match(message, expected, `${what}: ${message}`);
    }
  }
});

t.test('the top level must be an object with known keys', async (t) => {
  t.throws(() => parseEsetFixture([], SOURCE), /fixtures\/custom\/eset.json: top level: expected a JSON object, got \[\]/);
  t.throws(() => parseEsetFixture(undefined, SOURCE), /top level: expected a JSON object, got undefined/);
  t.same(parseEsetFixture({}, SOURCE), { users: [], incidents: [], comments: [] }, 'an empty fixture is an empty dataset');
  const long = { users: [{ ...validFixture().users[0], displayName: 7 }] };
  t.throws(() => parseEsetFixture(long, SOURCE), /users\[0\]: field "displayName": expected a string, got 7/);
  const longText = { incidents: [{ ...validFixture().incidents[0], severity: 'X'.repeat(200) }] };
  t.throws(() => parseEsetFixture(longText, SOURCE), /unknown value "X{50,}\.\.\. \(expected one of/, 'long values are shortened in messages');
});

t.test('durations keep milliseconds, as the API writes them when a status changes on a running clock', async (t) => {
  const fixture = validFixture();
  fixture.incidents[0].responseDuration = '1426707.039s';
  fixture.incidents[0].triageDuration = '0.5s';
  const parsed = parseEsetFixture(fixture, SOURCE).incidents[0]!;
  t.equal(parsed.responseSeconds, 1426707.039);
  t.equal(parsed.triageSeconds, 0.5);
});
