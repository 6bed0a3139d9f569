/**
 * Bodies as real clients send them: `Content-Type: application/json` on every request, with or
 * without a body; malformed JSON; other content types. Both APIs and the control API.
 */
import t from 'tap';
import { esetToken, startApp } from '../helpers.js';
import { adversarialToken } from '../adversarial/requests.js';
import { rawRows, withComments, withStatus } from '../eset/write-helpers.js';

const JSON_TYPE = { 'content-type': 'application/json' };

t.test('ESET: an empty JSON body is no body — accepted where none is taken, {} where optional, a 400 naming what is missing where required', async (t) => {
  const { app } = await startApp(t);
  const auth = { authorization: `Bearer ${await esetToken(app)}`, ...JSON_TYPE };
  const incident = withComments();

  const listed = await app.inject({ method: 'GET', url: '/v2/incidents?pageSize=1', headers: auth });
  t.equal(listed.statusCode, 200, 'GET with a JSON content type');

  const created = await app.inject({ method: 'POST', url: `/v2/incidents/${incident.uuid}/comments`, headers: auth, payload: { comment: { text: 'bye' } } });
  const comment = (created.json() as { comment: { uuid: string } }).comment.uuid;
  const deleted = await app.inject({ method: 'DELETE', url: `/v2/incidents/${incident.uuid}/comments/${comment}`, headers: auth });
  t.equal(deleted.statusCode, 200, 'DELETE of a comment with Content-Type: application/json and no body');
  t.equal((await app.inject({ method: 'GET', url: `/v2/incidents/${incident.uuid}/comments/${comment}`, headers: auth })).statusCode, 404, 'and it is gone');

  const closed = withStatus('CLOSED');
  const reopened = await app.inject({ method: 'POST', url: `/v2/incidents/${closed.uuid}:reopen`, headers: auth });
  t.equal(reopened.statusCode, 200, ':reopen with an empty JSON body means {}');
  t.equal(reopened.body, '{}');

  const open = withStatus('OPEN');
  const before = rawRows(app, open.uuid);
  for (const payload of [undefined, '', '  \n']) {
    const refused = await app.inject({ method: 'POST', url: `/v2/incidents/${open.uuid}:close`, headers: auth, ...(payload === undefined ? {} : { payload }) });
    t.equal(refused.statusCode, 400, `:close with body ${JSON.stringify(payload)}`);
    t.equal(refused.body, '', "ESET's empty error body");
    t.match(String(refused.headers['x-emulator-reason']), /closureReason is required/, 'names what is missing');
    t.notMatch(String(refused.headers['x-emulator-reason']), /Body cannot be empty/, "never the framework's stock text");
  }
  const update = await app.inject({ method: 'POST', url: `/v2/incidents/${open.uuid}/basic-attributes:update`, headers: auth });
  t.equal(update.statusCode, 400);
  t.match(String(update.headers['x-emulator-reason']), /updateMask/);
  t.same(rawRows(app, open.uuid), before, 'nothing changed');
});

t.test('ESET: a body that is not JSON, or not JSON at all, is a 400 / 415 saying where and what', async (t) => {
  const { app } = await startApp(t);
  const auth = { authorization: `Bearer ${await esetToken(app)}` };
  const open = withStatus('OPEN');
  const before = rawRows(app, open.uuid);
  const close = (payload: string, headers: Record<string, string> = JSON_TYPE) =>
    app.inject({ method: 'POST', url: `/v2/incidents/${open.uuid}:close`, headers: { ...auth, ...headers }, payload });

  const cases: Array<[string, RegExp]> = [
    ['{"closureReason": ', /not valid JSON: it ends too early, at line 1, column 19 \(position 18\)/],
    ['{\n  "closureReason" "x"\n}', /not valid JSON: Expected ':' after property name at line 2, column 19 \(position 20\)/],
    ['nope', /not valid JSON: Unexpected token 'o'/],
    ['{"__proto__": {"isAdmin": true}}', /may not contain "__proto__"/],
  ];
  for (const [payload, reason] of cases) {
    const response = await close(payload);
    t.equal(response.statusCode, 400, payload);
    t.equal(response.body, '');
    t.equal(response.headers['x-emulator-error'], 'INVALID_ARGUMENT');
    t.match(String(response.headers['x-emulator-reason']), reason, payload);
  }
  const merge = await close('{"closureReason": "INCIDENT_RESOLVE_REASON_FALSE_POSITIVE"}', { 'content-type': 'application/merge-patch+json' });
  t.equal(merge.statusCode, 200, 'a +json type is JSON');
  const text = await close('closureReason=x', { 'content-type': 'text/plain' });
  t.equal(text.statusCode, 415);
  t.equal(text.body, '');
  t.match(String(text.headers['x-emulator-reason']), /type 'text\/plain' is not accepted: send application\/json/);
  t.not(JSON.stringify(rawRows(app, open.uuid)), JSON.stringify(before), 'only the +json request closed it');
});

t.test('Adversarial: empty bodies and malformed JSON in its own error shapes', async (t) => {
  const { app } = await startApp(t);
  const auth = { authorization: `Bearer ${await adversarialToken(app)}`, ...JSON_TYPE };

  const deleted = await app.inject({ method: 'DELETE', url: '/api/v1/incidents/INC-00002', headers: auth });
  t.equal(deleted.statusCode, 204, 'DELETE with Content-Type: application/json and no body');
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/incidents/INC-00002', headers: auth })).statusCode, 404);

  const empty = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: auth });
  t.equal(empty.statusCode, 400);
  t.same(Object.keys(empty.json() as object).sort(), ['description', 'error'], 'no body is a problem of the request, not of a field');
  t.match((empty.json() as { description: string }).description, /^the request body is empty: body\/\w+ is required/, 'naming what is missing');

  const malformed = await app.inject({ method: 'PATCH', url: '/api/v1/incidents/INC-00003', headers: auth, payload: '{"title": "x",}' });
  t.equal(malformed.statusCode, 400);
  t.same(Object.keys(malformed.json() as object).sort(), ['description', 'error']);
  t.equal((malformed.json() as { error: string }).error, 'Bad Request');
  t.match((malformed.json() as { description: string }).description, /not valid JSON: .* at line 1, column 15 \(position 14\)/);

  const form = await app.inject({ method: 'PATCH', url: '/api/v1/incidents/INC-00003', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'title=x' });
  t.equal(form.statusCode, 415);
  t.same(Object.keys(form.json() as object).sort(), ['description', 'error']);
});

t.test('the control API: body-less POSTs with a JSON content type work', async (t) => {
  const { app } = await startApp(t);
  const reset = await app.inject({ method: 'POST', url: '/_emulator/reset', headers: JSON_TYPE });
  t.equal(reset.statusCode, 200);
  t.equal((reset.json() as { tenant: string }).tenant, 'default');
  const malformed = await app.inject({ method: 'POST', url: '/_emulator/clock', headers: JSON_TYPE, payload: '{"advance": 2h}' });
  t.equal(malformed.statusCode, 400);
  t.equal((malformed.json() as { error: string }).error, 'INVALID_ARGUMENT');
  t.match((malformed.json() as { message: string }).message, /not valid JSON/);
});

t.test('faults fire whatever the body is: a fault header or rule comes before the body is judged', async (t) => {
  const { app } = await startApp(t);
  const auth = { authorization: `Bearer ${await esetToken(app)}`, ...JSON_TYPE };
  const open = withStatus('OPEN');
  const before = rawRows(app, open.uuid);

  const deferred = await app.inject({ method: 'POST', url: `/v2/incidents/${open.uuid}:close`, headers: { ...auth, 'x-emulator-fault': '202' }, payload: '{"closureReason":' });
  t.equal(deferred.statusCode, 202, 'x-emulator-fault: 202 applies to a malformed body');
  t.ok(deferred.headers['response-id']);
  const faulted = await app.inject({ method: 'POST', url: `/v2/incidents/${open.uuid}:close`, headers: { ...auth, 'x-emulator-fault': '503' } });
  t.equal(faulted.statusCode, 503, 'and to an empty one');

  t.equal((await app.inject({ method: 'POST', url: '/_emulator/faults', payload: { match: { api: 'eset', method: 'POST' }, action: { status: 504 } } })).statusCode, 201);
  const ruled = await app.inject({ method: 'POST', url: `/v2/incidents/${open.uuid}:close`, headers: auth, payload: 'not json' });
  t.equal(ruled.statusCode, 504, 'a fault rule too');
  const ruledText = await app.inject({ method: 'POST', url: `/v2/incidents/${open.uuid}:close`, headers: { ...auth, 'content-type': 'text/plain' }, payload: 'x' });
  t.equal(ruledText.statusCode, 504, 'and for a content type that is not taken');
  t.same(rawRows(app, open.uuid), before, 'nothing changed');
});
