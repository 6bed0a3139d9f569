import t from 'tap';
import { STATUS } from '../../src/apis/eset/enums.js';
import type { EsetUserRecord } from '../../src/apis/eset/record.js';
import { formatEsetFixture, parseEsetFixture } from '../../src/apis/eset/fixture.js';
import {
  DEFAULT_ESET_USERS,
  DEFAULT_GENERATOR_END,
  DEFAULT_GENERATOR_START,
  generateEsetDataset,
  iterateEsetIncidents,
  planIncidentTimeline,
} from '../../src/apis/eset/generator.js';
import { createRandom } from '../../src/util/random.js';
import { esetRuleViolations } from './eset-rules.js';

const dataset = generateEsetDataset({ count: 2_000, seed: 'rules' });
const { incidents, comments } = dataset;

t.test('same seed, same dataset; another seed, another dataset', async (t) => {
  t.same(generateEsetDataset({ count: 300, seed: 42 }), generateEsetDataset({ count: 300, seed: 42 }));
  t.same(generateEsetDataset({ count: 50, seed: 42 }), generateEsetDataset({ count: 50, seed: '42' }), 'numbers seed through their text');
  const other = generateEsetDataset({ count: 300, seed: 43 });
  const first = generateEsetDataset({ count: 300, seed: 42 });
  t.not(other.incidents[0]!.uuid, first.incidents[0]!.uuid);
  t.notSame(other.incidents.map((i) => i.displayName), first.incidents.map((i) => i.displayName));
});

t.test('pinned output: a change to the generator shows up here', async (t) => {
  const [incident] = generateEsetDataset({ count: 1, seed: 'pinned' }).incidents;
  t.match(incident, {
    uuid: '8f8a6e6a-f66d-4d81-9a71-9191d0cfa71e',
    displayName: 'Network discovery with AdFind from LEGAL-LAPTOP-814',
    createTime: 1778567143655,
    updateTime: 1778844655655,
    severity: 1,
    status: 2,
    triageSeconds: 4365,
    deviceUuids: ['0fe2dd68-c62a-4b8f-b519-42c7db1c3568'],
  });
});

t.test('the streaming form yields exactly the array form', async (t) => {
  const streamed = [...iterateEsetIncidents({ count: 500, seed: 'stream' })];
  const whole = generateEsetDataset({ count: 500, seed: 'stream' });
  t.same(streamed.map((item) => item.incident), whole.incidents);
  t.same(streamed.flatMap((item) => item.comments), whole.comments);
  t.ok(streamed.every((item) => item.comments.every((comment) => comment.incidentUuid === item.incident.uuid)), 'comments travel with their incident');
});

t.test('count, users and the time window are honoured', async (t) => {
  t.equal(incidents.length, 2_000);
  t.same(dataset.users, DEFAULT_ESET_USERS, 'default users');
  t.ok(incidents.every((i) => i.createTime >= DEFAULT_GENERATOR_START && i.createTime < DEFAULT_GENERATOR_END), 'created inside the default window');
  t.ok(incidents.every((i) => i.updateTime <= DEFAULT_GENERATOR_END), 'nothing happens after the end');
  t.equal(generateEsetDataset({ count: 0, seed: 1 }).incidents.length, 0);

  const users: EsetUserRecord[] = [{ uuid: '11111111-2222-4333-8444-555555555555', username: 'solo@example.com', password: 'x', displayName: 'Solo' }];
  const start = Date.UTC(2025, 0, 1);
  const end = Date.UTC(2025, 0, 8);
  const custom = generateEsetDataset({ count: 200, seed: 'window', users, start, end });
  t.same(custom.users, users);
  t.ok(custom.incidents.every((i) => i.createTime >= start && i.createTime < end && i.updateTime <= end), 'custom window');
  t.ok(custom.incidents.every((i) => i.assigneeUuid === '' || i.assigneeUuid === users[0]!.uuid), 'only the given users are assigned');
  t.same(esetRuleViolations(custom), []);
});

t.test('options are checked before the first incident', async (t) => {
  t.throws(() => iterateEsetIncidents({ count: -1, seed: 1 }), RangeError);
  t.throws(() => iterateEsetIncidents({ count: 1.5, seed: 1 }), RangeError);
  t.throws(() => iterateEsetIncidents({ count: 1, seed: 1, users: [] }), /at least one user/);
  t.throws(() => iterateEsetIncidents({ count: 1, seed: 1, start: 10, end: 10 }), /start < end/);
  t.throws(() => generateEsetDataset({ count: 1, seed: 1, start: Number.NaN }), RangeError);
});

t.test('2,000 generated incidents keep every ESET rule', async (t) => {
  t.same(esetRuleViolations(dataset), []);
  t.same(formatEsetFixture(parseEsetFixture(JSON.parse(JSON.stringify(formatEsetFixture(dataset))), 'generated')), formatEsetFixture(dataset), 'and load as a fixture');
});

t.test('the mix is realistic', async (t) => {
  const share = (predicate: (i: (typeof incidents)[number]) => boolean): number => incidents.filter(predicate).length / incidents.length;
  for (const status of [STATUS.OPEN, STATUS.IN_PROGRESS, STATUS.WAITING_FOR_INPUT, STATUS.CLOSED]) {
    t.ok(share((i) => i.status === status) > 0.03, `status ${status} is common enough`);
  }
  t.ok(share((i) => i.status === STATUS.CLOSED) > 0.4, 'most are closed');
  for (const severity of [1, 2, 3]) t.ok(share((i) => i.severity === severity) > 0.15, `severity ${severity}`);
  t.ok(share((i) => i.severity === 0) < 0.03, 'UNSPECIFIED severity is rare');
  for (const reason of [1, 2, 3]) t.ok(share((i) => i.resolveReason === reason) > 0.02, `resolve reason ${reason}`);

  const recent = incidents.filter((i) => i.createTime > DEFAULT_GENERATOR_END - 10 * 86_400_000);
  const old = incidents.filter((i) => i.createTime < DEFAULT_GENERATOR_START + 60 * 86_400_000);
  const openShare = (list: typeof incidents): number => list.filter((i) => i.status === STATUS.OPEN).length / list.length;
  t.ok(openShare(recent) > 3 * openShare(old), 'recent incidents are more often still open');

  t.ok(share((i) => i.tags.length === 0) > 0.2 && share((i) => i.tags.length > 0) > 0.5, 'tagged and untagged');
  const tags = new Set(incidents.flatMap((i) => i.tags));
  for (const tag of ['ransomware', 'phishing', 'lateral-movement', 'vip', 'win_server', '100%-cpu']) t.ok(tags.has(tag), `tag ${tag}`);
  t.ok(share((i) => i.assigneeUuid === '') > 0.02, 'some unassigned');
  t.ok(incidents.every((i) => i.deviceUuids.length <= 15), 'at most 15 devices');
  t.ok(share((i) => i.deviceUuids.length >= 10) > 0.005, 'some with 10+ devices');
  t.ok(share((i) => i.deviceUuids.length === 0) > 0.005, 'some without devices');
  const devices = incidents.flatMap((i) => i.deviceUuids);
  t.ok(new Set(devices).size < devices.length / 2, 'devices recur across incidents');
  t.ok(new Set(incidents.map((i) => i.createTime)).size < incidents.length, 'createTime ties exist');

  const withNotes = new Set(comments.filter((c) => !c.isFinalComment).map((c) => c.incidentUuid));
  t.ok(withNotes.size / incidents.length > 0.25 && withNotes.size / incidents.length < 0.7, 'notes on a good share');
  t.ok(comments.some((c) => c.updateTime > c.createTime), 'some notes were edited');
  t.ok(incidents.every((i) => !i.displayName.includes('{') && !i.description.includes('{')), 'every placeholder filled');
  t.ok(new Set(incidents.map((i) => i.displayName.split(' ')[0])).size > 8, 'varied titles');
});

t.test('planIncidentTimeline keeps the clock consistent at the edges', async (t) => {
  const random = createRandom('edges');
  const createTime = Date.UTC(2026, 4, 1);
  const justCreated = planIncidentTimeline(random, { createTime, severity: 3, status: STATUS.CLOSED, end: createTime, commentCount: 2, assigned: true });
  t.same([justCreated.triageSeconds, justCreated.responseSeconds, justCreated.updateTime], [0, 0, createTime], 'no room: everything at once');
  t.same(justCreated.commentTimes, [createTime, createTime]);
  const untouched = planIncidentTimeline(random, { createTime, severity: 1, status: STATUS.OPEN, end: createTime + 86_400_000, commentCount: 0, assigned: false });
  t.same(untouched, { triageSeconds: null, responseSeconds: null, updateTime: createTime, commentTimes: [] });
  const waiting = planIncidentTimeline(random, { createTime, severity: 2, status: STATUS.WAITING_FOR_INPUT, end: createTime + 30 * 86_400_000, commentCount: 3, assigned: true });
  t.equal(waiting.responseSeconds, null);
  t.ok(waiting.commentTimes.every((time, n) => time >= createTime + waiting.triageSeconds! * 1000 && time <= waiting.updateTime && (n === 0 || time >= waiting.commentTimes[n - 1]!)));
});
