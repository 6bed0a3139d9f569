import t from 'tap';
import { startApp } from '../helpers.js';
import { FIXTURE, INCIDENTS, expectedRow, rowNumber, userWire } from './oracle.js';
import { adversarialRequest, adversarialToken } from './requests.js';

t.test('GET answers every fixture incident as its register row, by either id form and prefix', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  t.ok(INCIDENTS.length >= 40, 'at least 40 incidents');
  for (const incident of INCIDENTS) {
    const number = rowNumber(incident.id);
    const forms = [`/api/v1/incidents/${incident.id}`, `/v1/incidents/${number}`, `/api/v1/incidents/INC-${number}`];
    for (const url of forms) {
      const response = await adversarialRequest(app, { url, token });
      t.equal(response.statusCode, 200, url);
      t.same(response.json(), expectedRow(incident), url);
    }
  }
});

t.test('register rows carry every key, null where there is no value', async (t) => {
  const { app } = await startApp(t);
  const unscored = INCIDENTS.find((incident) => incident.severity === null && incident.assigned_to === null)!;
  const row = (await adversarialRequest(app, { url: `/api/v1/incidents/${unscored.id}` })).json();
  t.same(Object.keys(row).sort(), ['comment_count', 'incident', 'risk_associations', 'tags', 'threat_objectives']);
  t.same(Object.keys(row.incident).sort(), [
    'assigned_to', 'contained_date', 'created_date', 'description', 'detected_date', 'id', 'occurred_date', 'opened_by',
    'responded_date', 'severity', 'severity_reasoning', 'source', 'status', 'title', 'updated_date',
  ]);
  t.equal(row.incident.severity, null);
  t.equal(row.incident.assigned_to, null);
  t.match(row.incident.id, /^INC-\d{5}$/);
});

t.test('unknown, deleted and malformed ids are 404 "Incident not found"', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const gap = Array.from({ length: INCIDENTS.length }, (_, index) => index + 1).find((n) => !INCIDENTS.some((incident) => rowNumber(incident.id) === n))!;
  t.ok(gap, 'the fixture has a deleted number');
  for (const id of ['INC-99999', String(gap), '0', 'INC-00000', 'abc', 'INC-', '1.5', '-3', '99999999999999999999']) {
    for (const url of [`/api/v1/incidents/${id}`, `/v1/incidents/${id}/comments`]) {
      const response = await adversarialRequest(app, { url, token });
      t.equal(response.statusCode, 404, url);
      t.same(response.json(), { error: 'not_found', description: 'Incident not found' }, url);
    }
  }
  const tooLong = await adversarialRequest(app, { url: `/api/v1/incidents/${'1'.repeat(31)}`, token });
  t.equal(tooLong.statusCode, 400, 'ids are at most 30 characters');
  t.equal(tooLong.json().error, 'Bad Request');
});

t.test('comments: oldest first (then as written), with their authors as User objects', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  for (const incident of INCIDENTS) {
    const response = await adversarialRequest(app, { url: `/api/v1/incidents/${incident.id}/comments`, token });
    t.equal(response.statusCode, 200);
    const expected = [...incident.comments]
      .sort((a, b) => Date.parse(a.created_date) - Date.parse(b.created_date))
      .map((comment) => ({
        id: comment.id,
        value: comment.value,
        user: userWire(comment.user_id),
        created_date: comment.created_date,
        updated_date: comment.created_date,
      }));
    t.same(response.json(), { comments: expected }, incident.id);
  }
});

t.test("sources are the organisation's", async (t) => {
  const { app } = await startApp(t);
  for (const prefix of ['/api', '']) {
    const response = await adversarialRequest(app, { url: `${prefix}/v1/incidents/sources` });
    t.equal(response.statusCode, 200);
    t.same(response.json(), { sources: FIXTURE.sources });
  }
});

t.test('unknown routes and methods under v1 are 404 in the framework shape', async (t) => {
  const { app } = await startApp(t);
  for (const [method, url] of [['GET', '/api/v1/risks'], ['GET', '/v1/nothing'], ['PUT', '/api/v1/incidents/1']] as const) {
    const response = await adversarialRequest(app, { method, url });
    t.equal(response.statusCode, 404, url);
    t.equal(response.json().error, 'not_found');
    t.type(response.json().description, 'string');
  }
});
