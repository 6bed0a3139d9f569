import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { TEST_NOW, esetRequest, esetToken, startApp } from '../helpers.js';
import { INCIDENTS as ESET_INCIDENTS } from '../eset/fixture-oracle.js';
import { DEFAULT_ACCOUNT, FIXTURE, INCIDENTS, expectedRow, userWire } from '../adversarial/oracle.js';
import { adversarialRequest, adversarialToken, adversarialTokenRequest, wholeRegister } from '../adversarial/requests.js';
import { control, expectJson } from './control-helpers.js';

const NOW = new Date(TEST_NOW).toISOString().replace('.000Z', 'Z');
const INC3 = INCIDENTS[2]!;
const INACTIVE = FIXTURE.users.find((user) => !user.active)!;
const OTHER_USER = FIXTURE.users.find((user) => user.active && user.id !== INC3.opened_by && user.id !== INC3.assigned_to)!;

type Row = ReturnType<typeof expectedRow>;

async function setAdversarial(app: FastifyInstance, incidents: unknown[], extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return control(app, 'POST', 'state', { adversarial: { incidents }, ...extra }, headers);
}

/** The register row as the API reads it, with a token issued on the tenant's own clock. */
async function row(app: FastifyInstance, id: string, headers: Record<string, string> = {}): Promise<Row> {
  const token = (await adversarialTokenRequest(app, { grant_type: 'client_credentials', client_id: DEFAULT_ACCOUNT.client_id, client_secret: DEFAULT_ACCOUNT.client_secret }, { headers })).json().access_token;
  const response = await adversarialRequest(app, { url: `/api/v1/incidents/${id}`, headers, token });
  if (response.statusCode !== 200) throw new Error(`GET ${id}: ${response.statusCode} ${response.body}`);
  return response.json();
}

t.test('state sets any Adversarial field, the server-only ones included', async (t) => {
  const { app } = await startApp(t);
  const patch = {
    id: INC3.id,
    status: 'Review',
    severity: null,
    severity_reasoning: 'set by a test',
    source: 'EDR',
    assigned_to: INACTIVE.id,
    opened_by: OTHER_USER.id,
    created_date: '2026-03-15T00:00:00Z',
    detected_date: '2026-03-14T00:00:00Z',
    occurred_date: null,
    contained_date: '2026-03-20T10:00:00.250Z',
    tags: ['pii', 'made-by-state'],
    risk_associations: ['RSK-00009'],
  };
  const set = expectJson<{ tenant: string; adversarial: { incidents: Row[] } }>(await setAdversarial(app, [patch]));
  t.equal(set.tenant, 'default');
  t.notOk('eset' in set, 'only the API that was asked about answers');
  const [answered] = set.adversarial.incidents;
  t.same(answered, await row(app, INC3.id), 'the answer is the register row as the API reads it');
  t.match(answered!.incident, {
    id: INC3.id,
    status: 'Review',
    severity: null,
    severity_reasoning: 'set by a test',
    source: 'EDR',
    assigned_to: userWire(INACTIVE.id),
    opened_by: userWire(OTHER_USER.id),
    created_date: '2026-03-15T00:00:00Z',
    detected_date: '2026-03-14T00:00:00Z',
    occurred_date: null,
    responded_date: INC3.responded_date,
    contained_date: '2026-03-20T10:00:00.250Z',
    updated_date: NOW,
    title: INC3.title,
  });
  t.same(answered!.tags.map((tag: { content: string }) => tag.content), ['made-by-state', 'pii']);
  const created = answered!.tags.find((tag: { content: string }) => tag.content === 'made-by-state') as { creator_id: string; org_id: string };
  t.same([created.creator_id, created.org_id], [OTHER_USER.id, FIXTURE.organisation.id], 'a new tag belongs to the organisation, made by the opener');
  t.same(answered!.risk_associations, ['RSK-00009']);
  t.equal(answered!.comment_count, INC3.comments.length, 'comment_count follows the comments');
  t.same(answered!.threat_objectives, expectedRow(INC3).threat_objectives, 'threat objectives not named stay');

  // The new tag is a tag of the organisation like any other: filters find it.
  const token = await adversarialToken(app);
  const found = await adversarialRequest(app, { url: '/api/v1/incidents?tags=made-by-state', token });
  t.same(found.json().incidents.map((r: Row) => r.incident.id), [INC3.id]);

  // A comment through the API still counts, and moves updated_date on as usual.
  const comment = await adversarialRequest(app, { method: 'POST', url: `/api/v1/incidents/${INC3.id}/comments`, payload: { value: 'after state' }, token });
  t.equal(comment.statusCode, 201);
  t.equal((await row(app, INC3.id)).comment_count, INC3.comments.length + 1);
});

t.test('updated_date and threat objective dates stay consistent', async (t) => {
  const { app, clock } = await startApp(t);
  const INC1 = INCIDENTS[0]!;
  const before = await row(app, INC1.id);

  // Nothing changes: nothing moves.
  const same = expectJson<{ adversarial: { incidents: Row[] } }>(await setAdversarial(app, [{ id: INC1.id, status: INC1.status, tags: [...INC1.tags].reverse() }]));
  t.same(same.adversarial.incidents[0], before);

  // The threat objectives: one kept as it was, one changed, one new, one dated by the test, one undated.
  const [kept, changed] = expectedRow(INC3).threat_objectives;
  clock.advance(60_000);
  const later = new Date(TEST_NOW + 60_000).toISOString().replace('.000Z', 'Z');
  const set = expectJson<{ adversarial: { incidents: Row[] } }>(
    await setAdversarial(app, [
      {
        id: '3',
        threat_objectives: [
          { threat_objective: 'Fraud', relevance: 'Low', created_date: '2026-01-02T03:04:05Z' },
          { threat_objective: kept!.threat_objective, relevance: kept!.relevance },
          { threat_objective: changed!.threat_objective, relevance: 'Low' },
          { threat_objective: 'Sabotage' },
          { threat_objective: 'Extortion', created_date: null },
        ],
      },
    ]),
  );
  const objectives = Object.fromEntries(set.adversarial.incidents[0]!.threat_objectives.map((o: { threat_objective: string }) => [o.threat_objective, o]));
  t.same(objectives[kept!.threat_objective], kept, 'unchanged: keeps its date');
  t.same(objectives[changed!.threat_objective], { threat_objective: changed!.threat_objective, relevance: 'Low', created_date: later });
  t.same(objectives.Sabotage, { threat_objective: 'Sabotage', relevance: null, created_date: later });
  t.same(objectives.Fraud, { threat_objective: 'Fraud', relevance: 'Low', created_date: '2026-01-02T03:04:05Z' });
  t.same(objectives.Extortion, { threat_objective: 'Extortion', relevance: null, created_date: null });
  t.equal(set.adversarial.incidents[0]!.incident.updated_date, later);

  // updated_date as given; never earlier than created_date.
  const dated = expectJson<{ adversarial: { incidents: Row[] } }>(await setAdversarial(app, [{ id: INC3.id, title: 'renamed', updated_date: '2026-04-01T00:00:00Z' }]));
  t.equal(dated.adversarial.incidents[0]!.incident.updated_date, '2026-04-01T00:00:00Z');
  const early = await setAdversarial(app, [{ id: INC3.id, updated_date: '2020-01-01T00:00:00Z' }]);
  t.equal(early.statusCode, 400);
  t.match(early.json().message, /adversarial\.incidents\[0\] \(id "INC-00003"\): field "updated_date": is earlier than created_date/);

  // The clock went back: updated_date does not.
  clock.freeze(Date.parse('2026-01-01T00:00:00Z'));
  const back = expectJson<{ adversarial: { incidents: Row[] } }>(await setAdversarial(app, [{ id: INC3.id, title: 'renamed again' }]));
  t.equal(back.adversarial.incidents[0]!.incident.updated_date, '2026-04-01T00:00:00Z');
  // A created_date after every other date pulls updated_date along.
  const future = expectJson<{ adversarial: { incidents: Row[] } }>(await setAdversarial(app, [{ id: INC3.id, created_date: '2027-01-01T00:00:00Z' }]));
  t.equal(future.adversarial.incidents[0]!.incident.updated_date, '2027-01-01T00:00:00Z');
});

t.test('strict validation: a 400 naming the field, and nothing changes', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const register = await wholeRegister(app, token);
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['unknown key', { id: INC3.id, colour: 'red' }, /adversarial\.incidents\[0\] \(id "INC-00003"\) field "colour": is an unknown field/],
    ['bad status', { id: INC3.id, status: 'Open' }, /adversarial\.incidents\[0\] \(id "INC-00003"\) field "status": must be one of New, In Progress, Review, Closed/],
    ['bad severity', { id: INC3.id, severity: 'SEV-9' }, /field "severity"/],
    ['bad date', { id: INC3.id, detected_date: 'yesterday' }, /field "detected_date": must match format "date-time"/],
    ['required cleared', { id: INC3.id, detected_date: null }, /field "detected_date"/],
    ['title not a string', { id: INC3.id, title: 5 }, /field "title": must be string/],
    ['bad id', { id: 'INC-ABC' }, /adversarial\.incidents\[0\]: field "id": 'INC-ABC' is not an incident id/],
    ['id zero', { id: '0' }, /field "id"/],
    ['unknown assignee', { id: INC3.id, assigned_to: '00000000-0000-4000-8000-000000000000' }, /field "assigned_to": no user has the id/],
    ['assignee not a uuid', { id: INC3.id, assigned_to: 'bob' }, /field "assigned_to": must match format "uuid"/],
    ['unknown opener', { id: INC3.id, opened_by: '00000000-0000-4000-8000-000000000000' }, /field "opened_by": no user has the id/],
    ['unknown source', { id: INC3.id, source: 'Pager' }, /field "source": "Pager" is not in sources/],
    ['bad relevance', { id: INC3.id, threat_objectives: [{ threat_objective: 'Fraud', relevance: 'Huge' }] }, /threat_objectives\[0\] field "relevance": must be one of High, Medium, Low/],
    ['bad objective', { id: INC3.id, threat_objectives: [{ threat_objective: 'Mischief' }] }, /threat_objectives\[0\] field "threat_objective"/],
    ['objective twice', { id: INC3.id, threat_objectives: [{ threat_objective: 'Fraud' }, { threat_objective: 'Fraud' }] }, /field "threat_objectives\[1\]\.threat_objective": duplicate/],
    ['objective key', { id: INC3.id, threat_objectives: [{ threat_objective: 'Fraud', when: 1 }] }, /threat_objectives\[0\] field "when": is an unknown field/],
    ['bad risk id', { id: INC3.id, risk_associations: ['RISK-1'] }, /\(id "INC-00003"\) risk_associations\[0\]: must match pattern/],
    ['tag twice', { id: INC3.id, tags: ['a', 'a'] }, /field "tags"/],
    ['empty tag', { id: INC3.id, tags: [''] }, /tags/],
    ['comments', { id: INC3.id, comments: [] }, /field "comments": cannot be set here; add comments with POST \/api\/v1\/incidents\/\{id\}\/comments/],
    ['comment_count', { id: INC3.id, comment_count: 9 }, /field "comment_count": follows the incident's comments/],
    ['new without fields', { id: 'INC-00777', title: 'x' }, /adversarial\.incidents\[0\] \(id "INC-00777"\) field "description": is required/],
  ];
  for (const [what, patch, message] of cases) {
    // A valid change first: it must not survive the failing one.
    const response = await setAdversarial(app, [{ id: INCIDENTS[0]!.id, title: 'must not stay' }, patch]);
    t.equal(response.statusCode, 400, what);
    t.equal(response.json().error, 'INVALID_ARGUMENT', what);
    t.match(response.json().message.replace('adversarial.incidents[1]', 'adversarial.incidents[0]'), message, `${what}: ${response.json().message}`);
  }
  // Together with an ESET change: neither happens.
  const eset = ESET_INCIDENTS[0]!;
  const mixed = await control(app, 'POST', 'state', {
    eset: { incidents: [{ uuid: eset.uuid, displayName: 'must not stay' }] },
    adversarial: { incidents: [{ id: INC3.id, status: 'Open' }] },
  });
  t.equal(mixed.statusCode, 400);
  const esetAfter = await esetRequest(app, { url: `/v2/incidents/${eset.uuid}`, token: await esetToken(app) });
  t.equal(esetAfter.json().incident.displayName, eset.displayName);
  t.equal(await wholeRegister(app, token), register, 'the register is unchanged');

  for (const body of [{}, { adversarial: {} }, { adversarial: { incidents: [] } }, { adversarial: { incidents: [{ title: 'no id' }] } }, { adversarial: { incidents: [{ id: 3 }] } }]) {
    const response = await control(app, 'POST', 'state', body);
    t.equal(response.statusCode, 400, JSON.stringify(body));
  }
  t.match((await control(app, 'POST', 'state', {})).json().message, /send "eset".*and\/or "adversarial"/);
});

t.test('an unknown id creates the incident; both APIs in one request', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const eset = ESET_INCIDENTS[0]!;
  const fields = {
    title: 'made by a test',
    description: 'for setup',
    status: 'In Progress',
    opened_by: OTHER_USER.id,
    created_date: '2026-05-01T00:00:00Z',
    detected_date: '2026-04-30T00:00:00Z',
    tags: ['ransomware'],
    threat_objectives: [{ threat_objective: 'Extortion', relevance: 'High' }],
    risk_associations: ['RSK-00001'],
  };
  const set = expectJson<{ eset: { incidents: Array<{ displayName: string }> }; adversarial: { incidents: Row[] } }>(
    await control(app, 'POST', 'state', {
      eset: { incidents: [{ uuid: eset.uuid, displayName: 'both at once' }] },
      adversarial: { incidents: [{ id: '500', ...fields }] },
    }),
  );
  t.equal(set.eset.incidents[0]!.displayName, 'both at once');
  const created = set.adversarial.incidents[0]!;
  t.match(created.incident, {
    id: 'INC-00500',
    title: 'made by a test',
    status: 'In Progress',
    severity: null,
    assigned_to: null,
    opened_by: userWire(OTHER_USER.id),
    created_date: '2026-05-01T00:00:00Z',
    updated_date: '2026-05-01T00:00:00Z',
  });
  t.same(created.threat_objectives, [{ threat_objective: 'Extortion', relevance: 'High', created_date: NOW }]);
  t.same(created.risk_associations, ['RSK-00001']);
  t.equal(created.comment_count, 0);
  t.same(await row(app, 'INC-00500'), created);

  // The API numbers on after it.
  const next = await adversarialRequest(app, { method: 'POST', url: '/api/v1/incidents', payload: { title: 'next', description: 'x', detected_date: '2026-05-02T00:00:00Z' }, token });
  t.equal(next.statusCode, 201);
  t.equal(next.json().id, 'INC-00501');
});

t.test('tenant-scoped, on the tenant’s own clock', async (t) => {
  const { app } = await startApp(t);
  const b = { 'x-emulator-tenant': 'b' };
  expectJson(await setAdversarial(app, [{ id: INC3.id, status: 'New' }], { tenant: 'b' }));
  t.equal((await row(app, INC3.id, b)).incident.status, 'New');
  t.equal((await row(app, INC3.id)).incident.status, INC3.status, 'the default tenant is untouched');

  expectJson(await control(app, 'POST', 'clock', { freeze: '2026-12-24T18:00:00Z' }, { 'x-emulator-tenant': 'c' }));
  // The body's tenant wins over the header's, and its clock dates the change.
  const set = expectJson<{ tenant: string; adversarial: { incidents: Row[] } }>(
    await setAdversarial(app, [{ id: INC3.id, title: 'in c' }], { tenant: 'c' }, b),
  );
  t.equal(set.tenant, 'c');
  t.equal(set.adversarial.incidents[0]!.incident.updated_date, '2026-12-24T18:00:00Z');
  t.equal((await row(app, INC3.id, b)).incident.title, INC3.title);

  // A reset puts it back.
  expectJson(await control(app, 'POST', 'reset', { tenant: 'c' }));
  t.same(await row(app, INC3.id, { 'x-emulator-tenant': 'c' }), expectedRow(INC3));
});
