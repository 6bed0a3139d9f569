import t from 'tap';
import { esetToken, startApp } from '../helpers.js';
import { COMMENTS_BY_INCIDENT, INCIDENTS } from './fixture-oracle.js';
import { DEFAULT_USER_UUID, esetClient, rawRows, reason, withComments } from './write-helpers.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

t.test('list: the fixture comments, oldest first, every key', async (t) => {
  const { app } = await startApp(t);
  const call = esetClient(app, await esetToken(app));
  const incident = withComments();
  const expected = [...COMMENTS_BY_INCIDENT.get(incident.uuid)!]
    .sort((a, b) => Date.parse(a.createTime) - Date.parse(b.createTime) || (a.uuid < b.uuid ? -1 : 1))
    .map((c) => ({ ...c, incidentUuid: incident.uuid }));
  const response = await call('GET', `/v2/incidents/${incident.uuid}/comments`);
  t.equal(response.statusCode, 200);
  t.same(response.json(), { comments: expected });
  const none = INCIDENTS.find((i) => (COMMENTS_BY_INCIDENT.get(i.uuid) ?? []).length === 0)!;
  t.same((await call('GET', `/v2/incidents/${none.uuid}/comments`)).json(), { comments: [] });
  t.equal((await call('GET', `/v2/incidents/${MISSING}/comments`)).statusCode, 404);
});

t.test('create, get, update text, delete', async (t) => {
  const { app, clock } = await startApp(t);
  const call = esetClient(app, await esetToken(app));
  const incident = withComments();
  clock.advance(1000);
  const created = await call('POST', `/v2/incidents/${incident.uuid}/comments`, {
    comment: { incidentUuid: incident.uuid, text: 'Blocked the C2 domain.', uuid: 'mine', authorUuid: 'someone', isFinalComment: true },
  });
  t.equal(created.statusCode, 200);
  const comment = created.json().comment;
  t.match(comment, { incidentUuid: incident.uuid, text: 'Blocked the C2 domain.', authorUuid: DEFAULT_USER_UUID, isFinalComment: false });
  t.not(comment.uuid, 'mine', 'read-only fields are ignored');
  t.equal(comment.createTime, comment.updateTime);
  const incidentAfter = (await call('GET', `/v2/incidents/${incident.uuid}`)).json().incident;
  t.ok(Date.parse(incidentAfter.updateTime) > Date.parse(incident.updateTime), 'the incident updateTime follows');

  const list = (await call('GET', `/v2/incidents/${incident.uuid}/comments`)).json().comments;
  t.same(list.at(-1), comment, 'the newest is last');
  t.same((await call('GET', `/v2/incidents/${incident.uuid}/comments/${comment.uuid}`)).json(), { comment });

  clock.advance(1000);
  const updated = await call('POST', `/v2/incidents/${incident.uuid}/comments/${comment.uuid}/text:update`, { text: 'Blocked C2 and sinkholed.' });
  t.equal(updated.statusCode, 200);
  t.same(updated.json(), {});
  const after = (await call('GET', `/v2/incidents/${incident.uuid}/comments/${comment.uuid}`)).json().comment;
  t.equal(after.text, 'Blocked C2 and sinkholed.');
  t.equal(after.createTime, comment.createTime);
  t.ok(Date.parse(after.updateTime) > Date.parse(comment.updateTime), 'the comment updateTime moved');

  const deleted = await call('DELETE', `/v2/incidents/${incident.uuid}/comments/${comment.uuid}`);
  t.equal(deleted.statusCode, 200);
  t.same(deleted.json(), {});
  t.equal((await call('GET', `/v2/incidents/${incident.uuid}/comments/${comment.uuid}`)).statusCode, 404);
  t.equal((await call('DELETE', `/v2/incidents/${incident.uuid}/comments/${comment.uuid}`)).statusCode, 404, 'deleting twice');
});

t.test('a comment of another incident, or an unknown one, is a 404', async (t) => {
  const { app } = await startApp(t);
  const call = esetClient(app, await esetToken(app));
  const [a, b] = INCIDENTS.filter((i) => (COMMENTS_BY_INCIDENT.get(i.uuid) ?? []).length > 0);
  const commentOfA = COMMENTS_BY_INCIDENT.get(a!.uuid)![0]!.uuid;
  const before = rawRows(app, a!.uuid);
  for (const [method, suffix, body] of [
    ['GET', '', undefined],
    ['DELETE', '', undefined],
    ['POST', '/text:update', { text: 'hijack' }],
  ] as const) {
    const viaOther = await call(method, `/v2/incidents/${b!.uuid}/comments/${commentOfA}${suffix}`, body);
    t.equal(viaOther.statusCode, 404, `${method} through another incident`);
    t.match(reason(viaOther), /has no comment/);
    t.equal((await call(method, `/v2/incidents/${a!.uuid}/comments/${MISSING}${suffix}`, body)).statusCode, 404, `${method} unknown comment`);
    t.equal((await call(method, `/v2/incidents/${MISSING}/comments/${commentOfA}${suffix}`, body)).statusCode, 404, `${method} unknown incident`);
  }
  t.same(rawRows(app, a!.uuid), before, 'nothing changed');
});

t.test('bad comment requests are a 400 and change nothing', async (t) => {
  const { app } = await startApp(t);
  const call = esetClient(app, await esetToken(app));
  const incident = withComments();
  const comment = COMMENTS_BY_INCIDENT.get(incident.uuid)![0]!;
  const before = rawRows(app, incident.uuid);
  const creates: Array<[unknown, RegExp]> = [
    [{}, /comment is required/],
    [{ comment: {} }, /comment.text is required/],
    [{ comment: { text: '   ' } }, /comment.text is required/],
    [{ comment: { text: 'x', incidentUuid: INCIDENTS[0]!.uuid === incident.uuid ? INCIDENTS[1]!.uuid : INCIDENTS[0]!.uuid } }, /differs from the incident in the path/],
    [{ comment: { text: 5 } }, /comment\/text must be string/],
    [{ comment: { text: 'x', colour: 'red' } }, /body\/comment\/colour is an unknown field/],
    [{ text: 'x' }, /body\/text is an unknown field/],
  ];
  for (const [body, why] of creates) {
    const response = await call('POST', `/v2/incidents/${incident.uuid}/comments`, body);
    t.equal(response.statusCode, 400, JSON.stringify(body));
    t.match(reason(response), why, reason(response));
  }
  for (const [body, why] of [[{}, /text is required/], [{ text: '' }, /text is required/], [{ text: 'x', more: 1 }, /body\/more is an unknown field/]] as const) {
    const response = await call('POST', `/v2/incidents/${incident.uuid}/comments/${comment.uuid}/text:update`, body);
    t.equal(response.statusCode, 400, JSON.stringify(body));
    t.match(reason(response), why);
  }
  t.same(rawRows(app, incident.uuid), before, 'byte-for-byte unchanged');
});

t.test('comment routes need a token', async (t) => {
  const { app } = await startApp(t);
  const incident = withComments();
  const comment = COMMENTS_BY_INCIDENT.get(incident.uuid)![0]!;
  const routes: Array<['GET' | 'POST' | 'DELETE', string, unknown]> = [
    ['GET', `/v2/incidents/${incident.uuid}/comments`, undefined],
    ['POST', `/v2/incidents/${incident.uuid}/comments`, { comment: { text: 'x' } }],
    ['GET', `/v2/incidents/${incident.uuid}/comments/${comment.uuid}`, undefined],
    ['DELETE', `/v2/incidents/${incident.uuid}/comments/${comment.uuid}`, undefined],
    ['POST', `/v2/incidents/${incident.uuid}/comments/${comment.uuid}/text:update`, { text: 'x' }],
  ];
  for (const [method, url, payload] of routes) {
    const none = await app.inject({ method, url, ...(payload ? { payload: payload as object } : {}) });
    t.equal(none.statusCode, 400, `${method} ${url} without a token`);
    const bad = await app.inject({ method, url, headers: { authorization: 'Bearer bad' }, ...(payload ? { payload: payload as object } : {}) });
    t.equal(bad.statusCode, 401, `${method} ${url} with an unknown token`);
  }
});
