import t from 'tap';
import { startApp, TEST_NOW } from '../helpers.js';
import { DEFAULT_ACCOUNT, INCIDENTS, account, rowNumber, userWire } from './oracle.js';
import { adversarialRequest, adversarialToken, wholeRegister } from './requests.js';

const NOW = new Date(TEST_NOW).toISOString().replace('.000Z', 'Z');

t.test('POST a comment: 201 with the new comment; it lists last and counts', async (t) => {
  const { app } = await startApp(t);
  const incident = INCIDENTS.find((candidate) => candidate.comments.length > 0)!;
  const editor = account('Incident Editor');
  for (const [client, url] of [[DEFAULT_ACCOUNT, `/api/v1/incidents/${incident.id}/comments`], [editor, `/v1/incidents/${rowNumber(incident.id)}/comments`]] as const) {
    const token = await adversarialToken(app, client);
    const response = await adversarialRequest(app, { method: 'POST', url, token, payload: { value: `Checked by ${client.name}.` } });
    t.equal(response.statusCode, 201, url);
    const comment = response.json();
    t.match(comment.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    t.same(comment, { id: comment.id, value: `Checked by ${client.name}.`, user: userWire(client.user_id), created_date: NOW, updated_date: NOW });
    const list = (await adversarialRequest(app, { url, token })).json().comments;
    t.same(list.at(-1), comment, 'listed last');
  }
  const token = await adversarialToken(app);
  const row = (await adversarialRequest(app, { url: `/api/v1/incidents/${incident.id}`, token })).json();
  t.equal(row.comment_count, incident.comments.length + 2, 'comment_count follows');
  const listed = (await adversarialRequest(app, { url: `/api/v1/incidents?id[]=${incident.id}`, token })).json();
  t.equal(listed.incidents[0].comment_count, incident.comments.length + 2, 'in the list as well');
});

t.test('a bad comment body or unknown incident changes nothing', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const before = await wholeRegister(app, token);
  const cases: Array<[string, unknown, number, string]> = [
    ['/api/v1/incidents/INC-00001/comments', { value: '' }, 400, 'value'],
    ['/api/v1/incidents/INC-00001/comments', {}, 400, 'value'],
    ['/api/v1/incidents/INC-00001/comments', { value: 5 }, 400, 'value'],
    ['/api/v1/incidents/INC-00001/comments', { value: 'x', text: 'y' }, 400, 'text'],
    ['/api/v1/incidents/INC-99999/comments', { value: 'x' }, 404, ''],
    ['/api/v1/incidents/nope/comments', { value: 'x' }, 404, ''],
  ];
  for (const [url, payload, status, field] of cases) {
    const response = await adversarialRequest(app, { method: 'POST', url, token, payload: payload as object });
    t.equal(response.statusCode, status, `${url} ${JSON.stringify(payload)}`);
    if (field) t.ok(response.json().errors[field], field);
    else t.same(response.json(), { error: 'not_found', description: 'Incident not found' });
  }
  t.equal(await wholeRegister(app, token), before);
});
