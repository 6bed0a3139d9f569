import t from 'tap';
import { esetToken, startApp } from '../helpers.js';
import { INCIDENTS } from './fixture-oracle.js';
import { OTHER_USER_UUID, esetClient, rawRows, reason, withStatus } from './write-helpers.js';

const url = (uuid: string) => `/v2/incidents/${uuid}/basic-attributes:update`;

t.test('only the fields in updateMask change, and the answer is the new state', async (t) => {
  const { app, clock } = await startApp(t);
  const call = esetClient(app, await esetToken(app));
  const open = withStatus('OPEN');
  const full = { displayName: 'Renamed', description: 'New text', severity: 'INCIDENT_SEVERITY_LEVEL_HIGH', assigneeUuid: OTHER_USER_UUID };
  const table: Array<[string, Partial<typeof full>]> = [
    ['displayName', { displayName: 'Renamed' }],
    [' description ', { description: 'New text' }],
    ['severity', { severity: 'INCIDENT_SEVERITY_LEVEL_HIGH' }],
    ['assigneeUuid', { assigneeUuid: OTHER_USER_UUID }],
    ['displayName,severity', { displayName: 'Renamed', severity: 'INCIDENT_SEVERITY_LEVEL_HIGH' }],
    ['display_name , assignee_uuid', { displayName: 'Renamed', assigneeUuid: OTHER_USER_UUID }],
    ['assigneeUuid,description,displayName,severity', full],
  ];
  for (const [mask, changed] of table) {
    clock.advance(60_000);
    const before = (await call('GET', `/v2/incidents/${open.uuid}`)).json().incident;
    // Every field is sent; only the masked ones may change.
    const response = await call('POST', url(open.uuid), { ...full, updateMask: mask });
    t.equal(response.statusCode, 200, mask);
    const after = response.json().incident;
    t.same(after, { ...before, ...changed, updateTime: after.updateTime }, `mask '${mask}' changes exactly ${Object.keys(changed)}`);
    t.ok(Date.parse(after.updateTime) > Date.parse(before.updateTime), 'updateTime moved forward');
    t.same((await call('GET', `/v2/incidents/${open.uuid}`)).json().incident, after, 'GET shows the stored state');
    const listed = (await call('GET', `/v2/incidents?filter=${encodeURIComponent(`uuid == "${open.uuid}"`)}`)).json().incidents[0];
    t.same(listed, { ...after, deviceUuids: [], detectionUuids: [] }, 'the list shows it too');
    // Restore for the next row.
    const { assigneeUuid, description, displayName, severity } = before;
    const restored = await call('POST', url(open.uuid), {
      assigneeUuid, description, displayName, severity, updateMask: 'assigneeUuid,description,displayName,severity',
    });
    t.equal(restored.statusCode, 200, 'restored');
  }
});

t.test('a field in the mask but not in the body takes its default', async (t) => {
  const { app } = await startApp(t);
  const call = esetClient(app, await esetToken(app));
  const open = INCIDENTS.find((i) => i.status === 'INCIDENT_STATUS_OPEN' && i.assigneeUuid !== '' && i.description !== '')!;
  const response = await call('POST', url(open.uuid), { updateMask: 'description,assigneeUuid' });
  t.equal(response.statusCode, 200);
  t.equal(response.json().incident.description, '');
  t.equal(response.json().incident.assigneeUuid, '', 'unassigned: allowed while OPEN');
});

t.test('a change that changes nothing leaves updateTime alone', async (t) => {
  const { app, clock } = await startApp(t);
  const call = esetClient(app, await esetToken(app));
  const open = withStatus('OPEN');
  clock.advance(1000);
  const response = await call('POST', url(open.uuid), { displayName: open.displayName, updateMask: 'displayName' });
  t.equal(response.statusCode, 200);
  t.equal(response.json().incident.updateTime, open.updateTime);
});

t.test('updateTime moves forward even when the clock stands still', async (t) => {
  const { app } = await startApp(t);
  const call = esetClient(app, await esetToken(app));
  const open = withStatus('OPEN');
  const times: number[] = [];
  for (const name of ['a', 'b', 'c']) {
    const response = await call('POST', url(open.uuid), { displayName: name, updateMask: 'displayName' });
    times.push(Date.parse(response.json().incident.updateTime));
  }
  t.ok(times[0]! < times[1]! && times[1]! < times[2]!, `strictly increasing: ${times.join(', ')}`);
});

t.test('bad requests are a 400 that says why, and change nothing', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const call = esetClient(app, token);
  const inProgress = withStatus('IN_PROGRESS');
  const cases: Array<[unknown, RegExp]> = [
    [{ displayName: 'x' }, /updateMask is required/],
    [{ displayName: 'x', updateMask: '' }, /updateMask is required/],
    [{ displayName: 'x', updateMask: '  ' }, /updateMask is required/],
    [{ displayName: 'x', updateMask: 'displayName,,severity' }, /empty entry/],
    [{ displayName: 'x', updateMask: 'status' }, /'status'.*cannot change/],
    [{ displayName: 'x', updateMask: 'createTime' }, /'createTime'.*cannot change/],
    [{ displayName: 'x', updateMask: 'tags' }, /'tags'.*cannot change/],
    [{ displayName: 'x', updateMask: 'bogus' }, /updateMask names an unknown field 'bogus'/],
    [{ displayName: 'x', updateMask: '*' }, /'\*' is not supported/],
    [{ severity: 'HIGH', updateMask: 'severity' }, /severity must be one of/],
    [{ severity: 'INCIDENT_SEVERITY_LEVEL_UNSPECIFIED', updateMask: 'severity' }, /cannot be set to INCIDENT_SEVERITY_LEVEL_UNSPECIFIED/],
    [{ updateMask: 'severity' }, /cannot be set to INCIDENT_SEVERITY_LEVEL_UNSPECIFIED/],
    [{ displayName: 123, updateMask: 'displayName' }, /displayName must be string/],
    [{ displayName: '  ', updateMask: 'displayName' }, /displayName cannot be empty/],
    [{ displayName: 'x', updateMask: 'displayName', status: 'INCIDENT_STATUS_CLOSED' }, /body\/status is an unknown field/],
    [{ assigneeUuid: '00000000-0000-4000-8000-000000000000', updateMask: 'assigneeUuid' }, /not a known user/],
    [[], /body must be object/],
  ];
  const before = rawRows(app, inProgress.uuid);
  for (const [body, why] of cases) {
    const response = await call('POST', url(inProgress.uuid), body);
    t.equal(response.statusCode, 400, JSON.stringify(body));
    t.equal(response.body, '');
    t.match(reason(response), why, `${JSON.stringify(body)} → ${reason(response)}`);
  }
  const notJson = await app.inject({
    method: 'POST', url: url(inProgress.uuid), payload: '{"displayName": ', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  t.equal(notJson.statusCode, 400, 'malformed JSON');
  t.same(rawRows(app, inProgress.uuid), before, 'the stored rows are byte-for-byte unchanged');
});

t.test('clearing the assignee is a rule violation unless OPEN; its status is a setting', async (t) => {
  for (const status of [400, 403] as const) {
    const { app } = await startApp(t, { ruleViolationStatus: status });
    const call = esetClient(app, await esetToken(app));
    for (const state of ['IN_PROGRESS', 'WAITING_FOR_INPUT', 'CLOSED']) {
      const incident = withStatus(state);
      const before = rawRows(app, incident.uuid);
      const response = await call('POST', url(incident.uuid), { assigneeUuid: '', updateMask: 'assigneeUuid' });
      t.equal(response.statusCode, status, `${state} with rule status ${status}`);
      t.match(reason(response), /only be empty while the incident is OPEN/);
      t.equal(response.headers['x-emulator-error'], 'FAILED_PRECONDITION');
      t.same(rawRows(app, incident.uuid), before, 'nothing changed');
    }
  }
});

t.test('unknown incident, auth', async (t) => {
  const { app } = await startApp(t);
  const call = esetClient(app, await esetToken(app));
  const missing = await call('POST', url('00000000-0000-4000-8000-000000000000'), { displayName: 'x', updateMask: 'displayName' });
  t.equal(missing.statusCode, 404);
  const open = withStatus('OPEN');
  const anonymous = await app.inject({ method: 'POST', url: url(open.uuid), payload: { displayName: 'x', updateMask: 'displayName' } });
  t.equal(anonymous.statusCode, 400, 'no token');
  const unknown = await app.inject({
    method: 'POST', url: url(open.uuid), payload: { displayName: 'x', updateMask: 'displayName' }, headers: { authorization: 'Bearer nope' },
  });
  t.equal(unknown.statusCode, 401);
  t.equal((await call('GET', `/v2/incidents/${open.uuid}`)).json().incident.displayName, open.displayName, 'unchanged');
});
