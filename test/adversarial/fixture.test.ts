import t from 'tap';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { defaultConfig } from '../../src/config.js';
import { INCIDENT_ROLES } from '../../src/apis/adversarial/enums.js';
import { AdversarialFixtureError, parseAdversarialFixture } from '../../src/apis/adversarial/fixture.js';
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js';
import { startApp } from '../helpers.js';
import { FIXTURE, INCIDENTS } from './oracle.js';
import { adversarialRequest } from './requests.js';

const SOURCE = 'fixtures/custom/adversarial.json';
const copy = () => JSON.parse(JSON.stringify(FIXTURE));

t.test('the default fixture has what the issue asks for', async (t) => {
  const dataset = parseAdversarialFixture(copy(), SOURCE);
  t.ok(dataset.incidents.length >= 40, `${dataset.incidents.length} incidents`);
  t.ok(dataset.users.some((user) => !user.active), 'an inactive user');
  t.ok(dataset.users.filter((user) => user.active).length >= 4, 'several users');
  t.ok(new Set(dataset.serviceAccounts.map((account) => account.role)).size >= 3, 'service accounts with different roles');
  t.ok(dataset.serviceAccounts.some((account) => !INCIDENT_ROLES.includes(account.role)), 'one without incident rights');
  t.match(dataset.serviceAccounts.find((account) => account.clientId === 'arm_sa_emulator'), { clientSecret: 'arm_sk_emulator', role: 'Editor' });
  t.ok(dataset.incidents.filter((incident) => incident.tags.length > 0).length >= 30, 'tags');
  t.ok(dataset.incidents.filter((incident) => incident.threatObjectives.length > 0).length >= 30, 'threat objectives');
  t.ok(dataset.incidents.filter((incident) => incident.riskAssociations.length > 0).length >= 20, 'risk associations');
  t.ok(dataset.comments.length >= 40, 'comments');
  t.same(new Set(dataset.incidents.map((incident) => incident.status)), new Set(['New', 'In Progress', 'Review', 'Closed']), 'every status');
  t.ok(dataset.incidents.some((incident) => incident.severity === null), 'unscored incidents');
  t.ok(dataset.sources.includes('SIEM'));
});

const ERROR_CASES: Array<[string, (fixture: ReturnType<typeof copy>) => void, RegExp]> = [
  ['unknown top-level key', (f) => void (f.risks = []), /adversarial.json: field "risks": is an unknown field/],
  ['missing sources', (f) => void delete f.sources, /adversarial.json: field "sources": is required/],
  ['bad status', (f) => void (f.incidents[3].status = 'Open'), /incidents\[3\] \(id "INC-00004"\) field "status": must be one of New, In Progress, Review, Closed/],
  ['bad severity', (f) => void (f.incidents[0].severity = 'SEV-0'), /incidents\[0\] \(id "INC-00001"\) field "severity"/],
  ['unknown incident key', (f) => void (f.incidents[1].priority = 1), /incidents\[1\] \(id "INC-00002"\) field "priority": is an unknown field/],
  ['bad id', (f) => void (f.incidents[2].id = 'INC-3'), /incidents\[2\] \(id "INC-3"\) field "id": must match pattern/],
  ['bad time', (f) => void (f.incidents[2].detected_date = 'yesterday'), /incidents\[2\] \(id "INC-00003"\) field "detected_date": must match format "date-time"/],
  ['missing title', (f) => void delete f.incidents[4].title, /incidents\[4\] \(id "INC-00005"\) field "title": is required/],
  ['comment without value', (f) => void delete f.incidents[0].comments[0].value, /incidents\[0\] \(id "INC-00001"\) comments\[0\] \(id "[^"]+"\) field "value": is required/],
  ['bad role', (f) => void (f.service_accounts[0].role = 'Admin'), /service_accounts\[0\] \(id "arm_sa_emulator"\) field "role": must be one of Editor, Incident Editor, Risk Editor/],
  ['client id without prefix', (f) => void (f.service_accounts[1].client_id = 'siem'), /service_accounts\[1\] \(id "siem"\) field "client_id": must match pattern/],
  ['duplicate incident id', (f) => void (f.incidents[1].id = f.incidents[0].id), /incidents\[1\]: field "id": duplicate of incidents\[0\] \("INC-00001"\)/],
  ['duplicate email', (f) => void (f.users[1].email = f.users[0].email.toUpperCase()), /users\[1\]: field "email": duplicate of users\[0\]/],
  ['duplicate tag content', (f) => void (f.tags[1].content = f.tags[0].content), /tags\[1\]: field "content": duplicate/],
  ['duplicate comment id', (f) => void (f.incidents[1].comments = [f.incidents[0].comments[0]]), /incidents\[1\] \(id "INC-00002"\) comments\[0\] \(id "[^"]+"\): field "id": duplicate of incidents\[0\] \(id "INC-00001"\) comments\[0\]/],
  ['unknown assignee', (f) => void (f.incidents[0].assigned_to = '00000000-0000-4000-8000-000000000000'), /incidents\[0\] \(id "INC-00001"\): field "assigned_to": no user has the id/],
  ['unknown opener', (f) => void (f.incidents[0].opened_by = '00000000-0000-4000-8000-000000000000'), /field "opened_by": no user has the id/],
  ['unknown comment author', (f) => void (f.incidents[0].comments[0].user_id = '00000000-0000-4000-8000-000000000000'), /comments\[0\] \(id "[^"]+"\): field "user_id": no user has the id/],
  ['unknown account user', (f) => void (f.service_accounts[0].user_id = '00000000-0000-4000-8000-000000000000'), /service_accounts\[0\] \(id "arm_sa_emulator"\): field "user_id": no user/],
  ['unknown source', (f) => void (f.incidents[0].source = 'Pager'), /field "source": "Pager" is not in sources/],
  ['unknown tag', (f) => void (f.incidents[0].tags = ['nope']), /field "tags\[0\]": no tag has the content "nope"/],
  ['threat objective twice', (f) => void (f.incidents[0].threat_objectives = [{ threat_objective: 'Fraud' }, { threat_objective: 'Fraud' }]), /incidents\[0\] \(id "INC-00001"\): field "threat_objectives\[1\]\.threat_objective": duplicate of threat_objectives\[0\] \("Fraud"\)/],
  ['updated before created', (f) => void (f.incidents[0].updated_date = '2020-01-01T00:00:00Z'), /incidents\[0\] \(id "INC-00001"\): field "updated_date": is earlier than created_date/],
  ['comment edited before written', (f) => void (f.incidents[0].comments[0].updated_date = '2020-01-01T00:00:00Z'), /comments\[0\] \(id "[^"]+"\): field "updated_date": is earlier/],
  ['id not canonical', (f) => void (f.incidents[0].id = 'INC-000001'), /field "id": write it INC-00001/],
  ['time out of range', (f) => void (f.incidents[0].occurred_date = '0000-01-01T00:00:00Z'), /field "occurred_date": "0000-01-01T00:00:00Z" is out of range/],
];

t.test('errors name the file, the record and the field', async (t) => {
  for (const [what, breakIt, expected] of ERROR_CASES) {
    const fixture = copy();
    breakIt(fixture);
    try {
      parseAdversarialFixture(fixture, SOURCE);
      t.fail(`${what}: accepted`);
    } catch (error) {
      t.type(error, AdversarialFixtureError, what);
      const message = (error as Error).message;
      t.ok(message.startsWith(`${SOURCE}: `), `${what}: names the file`);
      t.match(message, expected, `${what}: ${message}`);
    }
  }
});

t.test('the top level must be an object', async (t) => {
  t.throws(() => parseAdversarialFixture([], SOURCE), /fixtures\/custom\/adversarial.json: top level: must be object/);
});

t.test('a fixture folder needs adversarial.json; a broken one stops the start', async (t) => {
  const missing = t.testdir({});
  copyFileSync(join(DEFAULT_FIXTURES_DIR, 'eset.json'), join(missing, 'eset.json'));
  await t.rejects(buildApp({ config: defaultConfig({ db: ':memory:', fixtures: missing, logLevel: 'silent' }) }), {
    message: /Cannot read fixture file .*adversarial\.json/,
  });
  writeFileSync(join(missing, 'adversarial.json'), '{"sources": [');
  await t.rejects(buildApp({ config: defaultConfig({ db: ':memory:', fixtures: missing, logLevel: 'silent' }) }), {
    message: /adversarial\.json is not valid JSON/,
  });
  const broken = copy();
  broken.incidents[0].status = 'Open';
  writeFileSync(join(missing, 'adversarial.json'), JSON.stringify(broken));
  await t.rejects(buildApp({ config: defaultConfig({ db: ':memory:', fixtures: missing, logLevel: 'silent' }) }), {
    message: /adversarial\.json: incidents\[0\] \(id "INC-00001"\) field "status"/,
  });
});

t.test('a generated dataset has the fixture folder\'s Adversarial register', async (t) => {
  const { app } = await startApp(t, { generate: 30 });
  const list = (await adversarialRequest(app, { url: '/api/v1/incidents?page_size=1' })).json();
  t.equal(list.pagination.total, INCIDENTS.length);
});
