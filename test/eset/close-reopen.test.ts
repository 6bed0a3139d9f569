import t from 'tap';
import { esetToken, startApp, TEST_NOW } from '../helpers.js';
import { INCIDENTS } from './fixture-oracle.js';
import { DEFAULT_USER_UUID, esetClient, rawRows, reason, withStatus } from './write-helpers.js';

const STATUSES = ['OPEN', 'IN_PROGRESS', 'WAITING_FOR_INPUT', 'CLOSED', 'UNSPECIFIED'];
const closeBody = { closureReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE', finalComment: { text: 'Contained and cleaned.' } };

t.test('close and reopen from every status', async (t) => {
  const table: Array<[string, 'close' | 'reopen', number]> = [];
  for (const status of STATUSES) {
    table.push([status, 'close', status === 'CLOSED' ? 400 : 200]);
    table.push([status, 'reopen', status === 'OPEN' ? 400 : 200]);
  }
  for (const [status, verb, expected] of table) {
    const { app } = await startApp(t);
    const call = esetClient(app, await esetToken(app));
    const incident = withStatus(status);
    const before = rawRows(app, incident.uuid);
    const response = await call('POST', `/v2/incidents/${incident.uuid}:${verb}`, verb === 'close' ? closeBody : {});
    t.equal(response.statusCode, expected, `${verb} from ${status}`);
    if (expected !== 200) {
      t.match(reason(response), /already/, reason(response));
      t.same(rawRows(app, incident.uuid), before, 'a refused transition changes nothing');
      continue;
    }
    t.same(response.json(), {}, 'answers {}');
    const after = (await call('GET', `/v2/incidents/${incident.uuid}`)).json().incident;
    t.equal(after.status, verb === 'close' ? 'INCIDENT_STATUS_CLOSED' : 'INCIDENT_STATUS_OPEN');
    t.equal(after.assigneeUuid, incident.assigneeUuid, 'the assignee is kept');
    t.ok(Date.parse(after.updateTime) > Date.parse(incident.updateTime), 'updateTime moved forward');
  }
});

t.test('close: resolve reason, final comment by the caller, durations', async (t) => {
  const { app, clock } = await startApp(t);
  const call = esetClient(app, await esetToken(app));
  const open = withStatus('OPEN');
  clock.freeze(Date.parse(open.createTime) + 5400_000);
  const response = await call('POST', `/v2/incidents/${open.uuid}:close`, {
    closureReason: 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE',
    finalComment: { text: 'Benign admin script.', uuid: 'ignored', authorUuid: 'ignored', isFinalComment: false, createTime: '2000-01-01T00:00:00Z' },
  });
  t.equal(response.statusCode, 200);
  const incident = (await call('GET', `/v2/incidents/${open.uuid}`)).json().incident;
  t.equal(incident.resolveReason, 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE');
  t.equal(incident.triageDuration, '5400s', 'closing an OPEN incident ends its triage');
  t.equal(incident.responseDuration, '5400s');
  const comments = (await call('GET', `/v2/incidents/${open.uuid}/comments`)).json().comments;
  const final = comments.at(-1);
  t.equal(final.text, 'Benign admin script.');
  t.equal(final.isFinalComment, true);
  t.equal(final.authorUuid, DEFAULT_USER_UUID, 'the caller wrote it; read-only fields were ignored');
  t.not(final.uuid, 'ignored');
  t.equal(final.createTime, new Date(Date.parse(open.createTime) + 5400_000).toISOString().replace('.000Z', 'Z'));
  t.equal(comments.filter((c: { isFinalComment: boolean }) => c.isFinalComment).length, 1);
});

t.test('close keeps a triage duration that was already set', async (t) => {
  const { app, clock } = await startApp(t);
  const call = esetClient(app, await esetToken(app));
  const inProgress = withStatus('IN_PROGRESS');
  const closedAt = Date.parse(inProgress.updateTime) + 86_400_000;
  clock.freeze(closedAt);
  await call('POST', `/v2/incidents/${inProgress.uuid}:close`, closeBody);
  const incident = (await call('GET', `/v2/incidents/${inProgress.uuid}`)).json().incident;
  t.equal(incident.triageDuration, inProgress.triageDuration);
  t.equal(incident.responseDuration, `${(closedAt - Date.parse(inProgress.createTime)) / 1000}s`);
});

t.test('close needs a closure reason; a final comment needs text', async (t) => {
  const { app } = await startApp(t);
  const call = esetClient(app, await esetToken(app));
  const open = withStatus('OPEN');
  const before = rawRows(app, open.uuid);
  const cases: Array<[unknown, RegExp]> = [
    [{}, /closureReason is required/],
    [{ closureReason: 'INCIDENT_RESOLVE_REASON_UNSPECIFIED' }, /closureReason is required and cannot be INCIDENT_RESOLVE_REASON_UNSPECIFIED/],
    [{ closureReason: 'TRUE_POSITIVE' }, /closureReason must be one of/],
    [{ closureReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE', finalComment: { text: '' } }, /finalComment.text is required/],
    [{ closureReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE', finalComment: { text: 'x', incidentUuid: 'other' } }, /differs from the incident/],
    [{ closureReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE', finalComment: { text: 'x', mood: 'sad' } }, /body\/finalComment\/mood is an unknown field/],
    [{ closureReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE', extra: 1 }, /body\/extra is an unknown field/],
  ];
  for (const [body, why] of cases) {
    const response = await call('POST', `/v2/incidents/${open.uuid}:close`, body);
    t.equal(response.statusCode, 400, JSON.stringify(body));
    t.match(reason(response), why, reason(response));
  }
  t.same(rawRows(app, open.uuid), before, 'nothing changed');
  const withoutComment = await call('POST', `/v2/incidents/${open.uuid}:close`, { closureReason: 'INCIDENT_RESOLVE_REASON_SUSPICIOUS' });
  t.equal(withoutComment.statusCode, 200, 'the final comment is optional');
});

t.test('close → reopen → close: the final comment becomes normal, durations follow', async (t) => {
  const { app, clock } = await startApp(t);
  const call = esetClient(app, await esetToken(app));
  const closed = withStatus('CLOSED');
  const start = Math.max(TEST_NOW, Date.parse(closed.updateTime) + 1000);
  clock.freeze(start);
  const reopen = await call('POST', `/v2/incidents/${closed.uuid}:reopen`, { comment: { text: 'Seen again on another host.' } });
  t.equal(reopen.statusCode, 200);
  t.same(reopen.json(), {});
  let incident = (await call('GET', `/v2/incidents/${closed.uuid}`)).json().incident;
  t.equal(incident.status, 'INCIDENT_STATUS_OPEN');
  t.equal(incident.resolveReason, 'INCIDENT_RESOLVE_REASON_UNSPECIFIED', 'no resolve reason while not closed');
  t.equal(incident.responseDuration, '', 'no response duration while not closed');
  t.equal(incident.triageDuration, closed.triageDuration, 'triage is history');
  let comments = (await call('GET', `/v2/incidents/${closed.uuid}/comments`)).json().comments;
  t.equal(comments.filter((c: { isFinalComment: boolean }) => c.isFinalComment).length, 0, 'no final comment after reopen');
  t.equal(comments.at(-1).text, 'Seen again on another host.');
  t.equal(comments.at(-1).isFinalComment, false);

  clock.advance(1_800_000); // within the token's hour
  await call('POST', `/v2/incidents/${closed.uuid}:close`, closeBody);
  incident = (await call('GET', `/v2/incidents/${closed.uuid}`)).json().incident;
  t.equal(incident.responseDuration, `${(start + 1_800_000 - Date.parse(closed.createTime)) / 1000}s`);
  comments = (await call('GET', `/v2/incidents/${closed.uuid}/comments`)).json().comments;
  t.same(comments.filter((c: { isFinalComment: boolean }) => c.isFinalComment).map((c: { text: string }) => c.text), [closeBody.finalComment.text]);
});

t.test('reopen bodies', async (t) => {
  const { app } = await startApp(t);
  const call = esetClient(app, await esetToken(app));
  const [first, second] = INCIDENTS.filter((i) => i.status === 'INCIDENT_STATUS_CLOSED');
  const countBefore = (await call('GET', `/v2/incidents/${first!.uuid}/comments`)).json().comments.length;
  t.equal((await call('POST', `/v2/incidents/${first!.uuid}:reopen`, {})).statusCode, 200, '{} is fine');
  t.equal((await call('GET', `/v2/incidents/${first!.uuid}/comments`)).json().comments.length, countBefore, 'no comment added');
  const bad = await call('POST', `/v2/incidents/${second!.uuid}:reopen`, { comment: { text: ' ' } });
  t.equal(bad.statusCode, 400);
  t.match(reason(bad), /comment.text is required/);
  t.equal((await call('POST', '/v2/incidents/00000000-0000-4000-8000-000000000000:reopen', {})).statusCode, 404);
  t.equal((await call('POST', '/v2/incidents/00000000-0000-4000-8000-000000000000:close', closeBody)).statusCode, 404);
  t.equal((await call('POST', `/v2/incidents/${second!.uuid}:archive`, {})).statusCode, 404, 'unknown custom verb');
  const anonymous = await app.inject({ method: 'POST', url: `/v2/incidents/${second!.uuid}:reopen`, payload: {} });
  t.equal(anonymous.statusCode, 400);
});
