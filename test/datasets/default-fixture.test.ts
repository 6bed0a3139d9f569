import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { INCIDENT_STATUSES, RESOLVE_REASONS, SEVERITY_LEVELS, STATUS } from '../../src/apis/eset/enums.js';
import { formatEsetFixture, parseEsetFixture } from '../../src/apis/eset/fixture.js';
import { DEFAULT_ESET_USERS } from '../../src/apis/eset/generator.js';
import { esetRuleViolations } from './eset-rules.js';

const file = fileURLToPath(new URL('../../fixtures/default/eset.json', import.meta.url));
const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
const dataset = parseEsetFixture(json, file);
const { incidents, comments, users } = dataset;
const DAY = 86_400_000;

t.test('the default fixture parses and keeps every ESET rule', async (t) => {
  t.ok(incidents.length >= 60, `${incidents.length} incidents`);
  t.same(esetRuleViolations(dataset), [], 'no rule violations');
  t.same(formatEsetFixture(dataset), json, 'it is in canonical wire form (format(parse(file)) is the file)');
});

t.test('it holds the documented users', async (t) => {
  t.same(users, DEFAULT_ESET_USERS, 'the same users the generator assigns incidents to');
  const defaultUser = users.find((user) => user.username === 'emulator@example.com');
  t.equal(defaultUser?.password, 'emulator', 'the documented default credentials');
  t.ok(users.length >= 4);
});

t.test('every enum value appears', async (t) => {
  for (const [name, values, field] of [
    ['severity', SEVERITY_LEVELS, 'severity'],
    ['status', INCIDENT_STATUSES, 'status'],
    ['resolve reason', RESOLVE_REASONS, 'resolveReason'],
  ] as const) {
    const present = new Set(incidents.map((incident) => incident[field]));
    t.same([...present].sort(), values.map((_, number) => number), `every ${name}`);
  }
  const unspecifiedSeverity = incidents.filter((incident) => incident.severity === 0).length;
  t.ok(unspecifiedSeverity >= 1 && unspecifiedSeverity <= 2, 'UNSPECIFIED severity is rare');
  t.equal(incidents.filter((incident) => incident.status === 0).length, 1, 'one incident without a status');
});

t.test('it covers the cases clients filter and page on', async (t) => {
  const open = incidents.filter((incident) => incident.status === STATUS.OPEN);
  t.ok(open.some((incident) => incident.assigneeUuid === ''), 'unassigned incidents');
  t.ok(open.some((incident) => incident.assigneeUuid !== ''), 'an OPEN incident already assigned');
  t.ok(incidents.some((incident) => incident.tags.length === 0), 'untagged incidents');
  for (const tag of ['ransomware', 'phishing', 'lateral-movement', 'vip', 'false-positive-candidate', 'needs-review', 'win_server', '100%-cpu']) {
    t.ok(incidents.some((incident) => incident.tags.includes(tag)), `tag ${tag}`);
  }
  t.ok(incidents.some((incident) => incident.deviceUuids.length >= 10), 'an incident with 10+ devices');
  t.ok(incidents.some((incident) => incident.deviceUuids.length === 0), 'an incident without devices');
  const deviceUses = new Map<string, number>();
  for (const device of incidents.flatMap((incident) => incident.deviceUuids)) deviceUses.set(device, (deviceUses.get(device) ?? 0) + 1);
  t.ok([...deviceUses.values()].some((uses) => uses >= 3), 'a device that appears in several incidents');

  const createTimes = incidents.map((incident) => incident.createTime);
  t.ok(new Set(createTimes).size <= createTimes.length - 2, 'at least two createTime ties');
  t.ok(createTimes.some((time) => time % 1000 !== 0), 'some times carry milliseconds');
  t.ok(Math.max(...createTimes) - Math.min(...createTimes) > 150 * DAY, 'spread over several months');

  const prefixes = new Map<string, number>();
  for (const { displayName } of incidents) {
    const prefix = displayName.split(' ').slice(0, 3).join(' ');
    prefixes.set(prefix, (prefixes.get(prefix) ?? 0) + 1);
  }
  t.ok([...prefixes.values()].filter((count) => count >= 3).length >= 3, 'display names share prefixes');
  t.ok(new Set(incidents.map((incident) => incident.displayName)).size < incidents.length, 'and some repeat exactly');
});

t.test('comments: about half the incidents have notes, from several authors', async (t) => {
  const notes = comments.filter((comment) => !comment.isFinalComment);
  const notesPerIncident = new Map<string, number>();
  for (const note of notes) notesPerIncident.set(note.incidentUuid, (notesPerIncident.get(note.incidentUuid) ?? 0) + 1);
  const share = notesPerIncident.size / incidents.length;
  t.ok(share >= 0.4 && share <= 0.65, `${Math.round(share * 100)}% have notes`);
  t.ok([...notesPerIncident.values()].every((count) => count >= 1 && count <= 4), '1 to 4 notes each');
  t.ok(new Set(comments.map((comment) => comment.authorUuid)).size >= 3, 'several authors');
  t.ok(
    [...notesPerIncident.keys()].some((uuid) => new Set(notes.filter((note) => note.incidentUuid === uuid).map((note) => note.authorUuid)).size >= 2),
    'an incident discussed by more than one user',
  );
  const statusOf = new Map(incidents.map((incident) => [incident.uuid, incident.status]));
  t.ok(notes.some((note) => statusOf.get(note.incidentUuid) === STATUS.OPEN), 'an OPEN incident with a note');
});
