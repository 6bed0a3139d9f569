import t from 'tap';
import { startApp, TEST_NOW } from '../helpers.js';
import { DEFAULT_ACCOUNT, FIXTURE, INCIDENTS, rowNumber, userWire } from './oracle.js';
import { adversarialRequest, adversarialToken, wholeRegister } from './requests.js';

const NEXT_ID = `INC-${String(Math.max(...INCIDENTS.map((incident) => rowNumber(incident.id))) + 1).padStart(5, '0')}`;
const NOW = new Date(TEST_NOW).toISOString().replace('.000Z', 'Z');
const activeUser = FIXTURE.users.find((user) => user.active && user.first_name === 'Priya')!;
const inactiveUser = FIXTURE.users.find((user) => !user.active)!;
const minimal = { title: 'Laptop left on a train', description: 'A depot laptop was left on a train.', detected_date: '2026-11-19T08:30:00+01:00' };

t.test('create answers the bare Incident with the next id, server-set dates and opened_by', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const response = await adversarialRequest(app, { method: 'POST', url: '/api/v1/incidents', payload: minimal, token });
  t.equal(response.statusCode, 201);
  t.same(response.json(), {
    id: NEXT_ID,
    title: minimal.title,
    description: minimal.description,
    status: 'New',
    severity: 'SEV-4',
    severity_reasoning: null,
    source: null,
    assigned_to: null,
    opened_by: userWire(DEFAULT_ACCOUNT.user_id),
    created_date: NOW,
    updated_date: NOW,
    detected_date: '2026-11-19T07:30:00Z',
    occurred_date: null,
    responded_date: null,
    contained_date: null,
  });
  const row = (await adversarialRequest(app, { url: `/v1/incidents/${NEXT_ID}`, token })).json();
  t.same(row.incident, response.json(), 'GET answers the same incident');
  t.same([row.comment_count, row.tags, row.threat_objectives, row.risk_associations], [0, [], [], []]);

  const full = await adversarialRequest(app, {
    method: 'POST',
    url: '/v1/incidents',
    token,
    payload: {
      ...minimal,
      status: 'In Progress',
      severity: 'SEV-2',
      severity_reasoning: 'Unencrypted disk',
      source: 'User Report',
      assigned_to: activeUser.id.toUpperCase(),
      occurred_date: '2026-11-18T17:00:00Z',
      responded_date: '2026-11-19T09:00:00Z',
      tags: ['pii', 'lost-device', 'pii'],
      threat_objectives: [{ threat_objective: 'Data Disclosure', relevance: 'High', created_date: '2020-01-01T00:00:00Z' }],
    },
  });
  t.equal(full.statusCode, 201);
  const created = full.json();
  t.equal(created.id, `INC-${String(rowNumber(NEXT_ID) + 1).padStart(5, '0')}`, 'ids are the next integer');
  t.same(created.assigned_to, userWire(activeUser.id));
  t.equal(created.status, 'In Progress');
  const fullRow = (await adversarialRequest(app, { url: `/api/v1/incidents/${created.id}`, token })).json();
  t.same(fullRow.tags.map((tag: { content: string }) => tag.content), ['lost-device', 'pii'], 'tags, once each');
  const newTag = fullRow.tags.find((tag: { content: string }) => tag.content === 'lost-device');
  t.equal(newTag.creator_id, DEFAULT_ACCOUNT.user_id, 'a new tag is owned by the caller');
  t.equal(newTag.org_id, FIXTURE.organisation.id, 'and by the organisation');
  t.same(fullRow.threat_objectives, [{ threat_objective: 'Data Disclosure', relevance: 'High', created_date: NOW }], 'relation dates are the server\'s');

  const nullSeverity = await adversarialRequest(app, { method: 'POST', url: '/api/v1/incidents', token, payload: { ...minimal, severity: null, status: null } });
  t.equal(nullSeverity.json().severity, 'SEV-4', 'null severity: the platform scores it');
  t.equal(nullSeverity.json().status, 'New');
});

t.test('create refuses bad bodies with problems by field, and creates nothing', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const before = await wholeRegister(app, token);
  const cases: Array<[string, object, Record<string, string>]> = [
    ['no title', { description: 'd', detected_date: '2026-11-01T00:00:00Z' }, { title: 'required' }],
    ['empty title', { ...minimal, title: '' }, { title: 'length' }],
    ['title not a string', { ...minimal, title: 5 }, { title: 'invalid_type' }],
    ['unknown field', { ...minimal, priority: 'P1' }, { priority: 'unknown_field' }],
    ['bad date', { ...minimal, detected_date: 'yesterday' }, { detected_date: 'invalid_format' }],
    ['bad status', { ...minimal, status: 'Open' }, { status: 'invalid_choice' }],
    ['bad relevance', { ...minimal, threat_objectives: [{ threat_objective: 'Fraud', relevance: 'Huge' }] }, { 'threat_objectives[0].relevance': 'invalid_choice' }],
    ['unknown source', { ...minimal, source: 'Pager' }, { source: 'unknown_source' }],
    ['inactive assignee', { ...minimal, assigned_to: inactiveUser.id }, { assigned_to: 'inactive_assignee' }],
    ['unknown assignee', { ...minimal, assigned_to: '00000000-0000-4000-8000-000000000000' }, { assigned_to: 'unknown_user' }],
    ['blank tag', { ...minimal, tags: ['ok', ' '] }, { 'tags[1]': 'invalid_tag' }],
    ['threat objective twice', { ...minimal, threat_objectives: [{ threat_objective: 'Fraud' }, { threat_objective: 'Fraud', relevance: 'Low' }] }, { 'threat_objectives[1].threat_objective': 'duplicate' }],
    ['two rules broken', { ...minimal, source: 'Pager', assigned_to: inactiveUser.id }, { source: 'unknown_source', assigned_to: 'inactive_assignee' }],
  ];
  for (const [what, payload, codes] of cases) {
    const response = await adversarialRequest(app, { method: 'POST', url: '/api/v1/incidents', payload, token });
    t.equal(response.statusCode, 400, what);
    const { errors } = response.json();
    t.same(Object.keys(response.json()), ['errors'], what);
    t.same(Object.fromEntries(Object.entries(errors as Record<string, Array<{ code: string }>>).map(([field, problems]) => [field, problems[0]!.code])), codes, what);
    for (const problems of Object.values(errors as Record<string, Array<{ message: string }>>)) t.type(problems[0]!.message, 'string');
  }
  const notJson = await adversarialRequest(app, { method: 'POST', url: '/api/v1/incidents', token, payload: '{"title":', headers: { 'content-type': 'application/json' } });
  t.equal(notJson.statusCode, 400);
  t.equal(notJson.json().error, 'Bad Request', 'a broken JSON body');
  const noBody = await adversarialRequest(app, { method: 'POST', url: '/api/v1/incidents', token });
  t.equal(noBody.statusCode, 400);
  t.same(Object.keys(noBody.json()).sort(), ['description', 'error'], 'no body is no field problem');
  const text = await adversarialRequest(app, { method: 'POST', url: '/api/v1/incidents', token, payload: '<incident/>', headers: { 'content-type': 'application/xml' } });
  t.equal(text.statusCode, 415);
  t.equal(text.json().error, 'unsupported_media_type');
  t.equal(await wholeRegister(app, token), before, 'nothing was created');
  const next = await adversarialRequest(app, { method: 'POST', url: '/api/v1/incidents', payload: minimal, token });
  t.equal(next.json().id, NEXT_ID, 'and no number was used up');
});

t.test('DELETE removes the incident and its comments; its number is never reused', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const withComments = INCIDENTS.find((incident) => incident.comments.length > 0)!;
  const last = INCIDENTS.at(-1)!;
  for (const [url, id] of [[`/api/v1/incidents/${withComments.id}`, withComments.id], [`/v1/incidents/${rowNumber(last.id)}`, last.id]] as const) {
    const response = await adversarialRequest(app, { method: 'DELETE', url, token });
    t.equal(response.statusCode, 204, url);
    t.equal(response.body, '');
    t.equal((await adversarialRequest(app, { url: `/api/v1/incidents/${id}`, token })).statusCode, 404);
    t.equal((await adversarialRequest(app, { url: `/api/v1/incidents/${id}/comments`, token })).statusCode, 404);
    const again = await adversarialRequest(app, { method: 'DELETE', url, token });
    t.same([again.statusCode, again.json()], [404, { error: 'not_found', description: 'Incident not found' }]);
  }
  const list = (await adversarialRequest(app, { url: '/api/v1/incidents?page_size=100', token })).json();
  t.equal(list.pagination.total, INCIDENTS.length - 2);
  const created = await adversarialRequest(app, { method: 'POST', url: '/api/v1/incidents', payload: minimal, token });
  t.equal(created.json().id, NEXT_ID, 'the deleted last number is not given again');
});
