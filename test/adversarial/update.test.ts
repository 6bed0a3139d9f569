/** PATCH one and PATCH many: null vs absent, tag operations, all-or-nothing, updated_date. */
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { startApp, TEST_NOW } from '../helpers.js';
import { DEFAULT_ACCOUNT, FIXTURE, INCIDENTS, expectedRow, rowNumber } from './oracle.js';
import { adversarialRequest, adversarialToken, wholeRegister } from './requests.js';
import { adversarialStore } from '../../src/apis/adversarial/store.js';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const NOW = iso(TEST_NOW);
const byId = new Map(INCIDENTS.map((incident) => [incident.id, incident]));
const inactiveUser = FIXTURE.users.find((user) => !user.active)!;
const activeUser = FIXTURE.users.find((user) => user.active && user.first_name === 'Daniel')!;
const contents = (row: { tags: Array<{ content: string }> }) => row.tags.map((tag) => tag.content);

async function patch(app: FastifyInstance, token: string, url: string, payload: object) {
  return adversarialRequest(app, { method: 'PATCH', url, payload, token });
}

t.test('the seed page: PATCH /v1/incidents answers {incidents: [register rows]} in ids order', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const ids = ['INC-00007', 'INC-00002', '5', 'INC-00007'];
  const response = await patch(app, token, '/api/v1/incidents', {
    ids,
    status: 'Review',
    severity: 'SEV-2',
    severity_reasoning: 'Re-scored after the quarterly review',
    assigned_to: activeUser.id,
    contained_date: '2026-11-20T10:00:00Z',
    threat_objectives: [{ threat_objective: 'Fraud', relevance: 'Medium', created_date: null }],
    tags: ['reviewed'],
    tag_operation: 'Add',
  });
  t.equal(response.statusCode, 200);
  const body = response.json();
  t.same(Object.keys(body), ['incidents']);
  t.same(body.incidents.map((row: { incident: { id: string } }) => row.incident.id), ['INC-00007', 'INC-00002', 'INC-00005'], 'ids order; a duplicate once');
  for (const row of body.incidents) {
    const before = expectedRow(byId.get(row.incident.id)!);
    t.equal(row.incident.status, 'Review');
    t.equal(row.incident.severity, 'SEV-2');
    t.equal(row.incident.assigned_to.id, activeUser.id);
    t.equal(row.incident.contained_date, '2026-11-20T10:00:00Z');
    t.equal(row.incident.updated_date, NOW);
    t.equal(row.incident.title, before.incident.title, 'absent fields unchanged');
    t.same(contents(row), [...new Set([...contents(before), 'reviewed'])].sort());
    t.same(row.threat_objectives, [{ threat_objective: 'Fraud', relevance: 'Medium', created_date: NOW }]);
    t.same(row.risk_associations, before.risk_associations, 'risk associations are not editable');
    t.equal(row.comment_count, before.comment_count);
    t.same(row, (await adversarialRequest(app, { url: `/api/v1/incidents/${row.incident.id}`, token })).json(), 'GET agrees');
  }
});

t.test('tag_operation: Replace (also null or absent), Add and Remove over tag contents', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const tagged = INCIDENTS.filter((incident) => incident.tags.length >= 2).slice(0, 2).map((incident) => incident.id);
  const [first, second] = tagged.map((id) => byId.get(id)!.tags);
  const tagsOf = async () => Promise.all(tagged.map(async (id) => contents((await adversarialRequest(app, { url: `/api/v1/incidents/${id}`, token })).json()).sort()));

  const add = await patch(app, token, '/api/v1/incidents', { ids: tagged, tags: ['vip', 'brand-new'], tag_operation: 'Add' });
  t.equal(add.statusCode, 200);
  t.same(await tagsOf(), [first, second].map((tags) => [...new Set([...tags!, 'vip', 'brand-new'])].sort()), 'Add unions');

  await patch(app, token, '/api/v1/incidents', { ids: tagged, tags: [first![0], 'never-there'], tag_operation: 'Remove' });
  t.same(await tagsOf(), [first, second].map((tags) => [...new Set([...tags!, 'vip', 'brand-new'])].filter((tag) => tag !== first![0]).sort()), 'Remove subtracts; an absent tag is a no-op');
  t.same(adversarialStore(app.datasets.primary).incidents.missingTagContents(['never-there']), ['never-there'], 'Remove creates no tag');

  for (const operation of ['Replace', null, undefined]) {
    const tags = [`only-${String(operation)}`, 'phishing'];
    const response = await patch(app, token, '/api/v1/incidents', { ids: tagged, tags, ...(operation === undefined ? {} : { tag_operation: operation }) });
    t.equal(response.statusCode, 200);
    t.same(await tagsOf(), [tags.sort(), tags.sort()], `${String(operation)} replaces`);
  }
  const cleared = await patch(app, token, '/api/v1/incidents', { ids: tagged, tags: null });
  t.same(cleared.json().incidents.map(contents), [[], []], 'null tags with Replace clears them');
  const nullWithAdd = await patch(app, token, '/api/v1/incidents', { ids: tagged, tags: null, tag_operation: 'Add' });
  t.equal(nullWithAdd.statusCode, 400);
  t.equal(nullWithAdd.json().errors.tags[0].code, 'required');
  const platformTag = FIXTURE.tags.find((tag) => tag.org_id === null)!;
  const reused = (await patch(app, token, `/api/v1/incidents/${tagged[0]}`, { tags: [platformTag.content] })).json();
  t.same(reused.tags, [platformTag], 'an existing content reuses the tag, platform tags included');
});

t.test('absent is unchanged, null clears, clearing a required field is a 400', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const full = INCIDENTS.find((incident) => incident.assigned_to && incident.severity && incident.contained_date && incident.occurred_date && incident.threat_objectives.length)!;
  const before = expectedRow(full);
  const cleared = {
    assigned_to: null,
    severity: null,
    severity_reasoning: null,
    source: null,
    occurred_date: null,
    responded_date: null,
    contained_date: null,
  };
  const response = await patch(app, token, `/api/v1/incidents/${full.id}`, { ...cleared, threat_objectives: null });
  t.equal(response.statusCode, 200);
  const row = response.json();
  t.same(row, { ...before, incident: { ...before.incident, ...cleared, updated_date: NOW }, threat_objectives: [] }, 'only the named fields changed');

  for (const field of ['title', 'description', 'detected_date', 'status']) {
    for (const url of [`/api/v1/incidents/${full.id}`, '/api/v1/incidents']) {
      const refused = await patch(app, token, url, { [field]: null, ...(url.endsWith('incidents') ? { ids: [full.id] } : {}) });
      t.equal(refused.statusCode, 400, `${field} at ${url}`);
      t.same(refused.json(), { errors: { [field]: [{ code: 'required', message: 'is required and cannot be cleared' }] } });
    }
  }
  t.same((await adversarialRequest(app, { url: `/api/v1/incidents/${full.id}`, token })).json(), row, 'the 400s changed nothing');
});

t.test('PATCH one: by either id form and prefix, tags replaced, threat objective dates kept while unchanged', async (t) => {
  const { app, clock } = await startApp(t);
  const token = await adversarialToken(app);
  const incident = INCIDENTS.find((candidate) => candidate.threat_objectives.length >= 2)!;
  const [kept, changed] = incident.threat_objectives;
  const urls = [`/api/v1/incidents/${incident.id}`, `/v1/incidents/${rowNumber(incident.id)}`, `/api/v1/incidents/INC-${rowNumber(incident.id)}`];
  for (const [index, url] of urls.entries()) {
    clock.advance(60_000);
    const response = await patch(app, token, url, {
      title: `Renamed ${index}`,
      threat_objectives: [
        { threat_objective: kept!.threat_objective, relevance: kept!.relevance },
        { threat_objective: changed!.threat_objective, relevance: index % 2 === 0 ? 'Low' : 'High' },
        { threat_objective: 'Resource Hijacking' },
      ],
    });
    t.equal(response.statusCode, 200, url);
    const row = response.json();
    t.equal(row.incident.title, `Renamed ${index}`);
    t.equal(row.incident.updated_date, iso(clock.now()));
    const dates = Object.fromEntries(row.threat_objectives.map((o: { threat_objective: string; created_date: string }) => [o.threat_objective, o.created_date]));
    t.equal(dates[kept!.threat_objective], kept!.created_date, 'an unchanged relation keeps its date');
    t.equal(dates[changed!.threat_objective], iso(clock.now()), 'a changed relevance is dated now');
    t.equal(row.threat_objectives.find((o: { threat_objective: string }) => o.threat_objective === 'Resource Hijacking').relevance, null);
  }
  const missing = await patch(app, token, '/api/v1/incidents/INC-99999', { title: 'x' });
  t.same([missing.statusCode, missing.json().error], [404, 'not_found']);
});

t.test('updated_date moves forward only on a real change, and never backwards', async (t) => {
  const { app, clock } = await startApp(t);
  const token = await adversarialToken(app);
  const incident = INCIDENTS[10]!;
  const url = `/api/v1/incidents/${incident.id}`;
  const same = await patch(app, token, url, {
    title: incident.title,
    severity: incident.severity,
    tags: [...incident.tags].reverse(),
    threat_objectives: incident.threat_objectives.map(({ threat_objective, relevance }) => ({ threat_objective, relevance })),
  });
  t.same(same.json(), expectedRow(incident), 'the same values: nothing changed, updated_date kept');
  const bulkSame = await patch(app, token, '/api/v1/incidents', { ids: [incident.id], tags: incident.tags.slice(0, 1), tag_operation: 'Add' });
  t.same(bulkSame.json().incidents[0], expectedRow(incident), 'adding a tag it has changes nothing');

  clock.advance(5_000);
  const first = (await patch(app, token, url, { title: 'Changed' })).json();
  t.equal(first.incident.updated_date, iso(TEST_NOW + 5_000));
  clock.advance(-3_600_000);
  const second = (await patch(app, token, url, { title: 'Changed again' })).json();
  t.equal(second.incident.updated_date, iso(TEST_NOW + 5_000), 'the clock went back: updated_date does not');
  clock.advance(7_200_000);
  const fresh = await adversarialToken(app);
  const comment = await adversarialRequest(app, { method: 'POST', url: `${url}/comments`, token: fresh, payload: { value: 'Noted.' } });
  t.equal(comment.statusCode, 201);
  const afterComment = (await adversarialRequest(app, { url, token: fresh })).json();
  t.equal(afterComment.incident.updated_date, iso(clock.now()), 'a new comment is a change of the row');
  t.equal(afterComment.comment_count, incident.comments.length + 1);
});

t.test('bulk is all or nothing: every failure leaves every incident byte-for-byte unchanged', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const before = await wholeRegister(app, token);
  const good = { status: 'Closed', tags: ['bulk-closed'], tag_operation: 'Add' };
  const cases: Array<[string, object, number, (body: Record<string, unknown>) => void]> = [
    ['unknown id last', { ...good, ids: ['INC-00001', 'INC-00002', 'INC-99999'] }, 404, (body) => t.same(body, { error: 'not_found', description: 'Incident not found: INC-99999' })],
    ['deleted id', { ...good, ids: ['INC-00001', 'INC-00023'] }, 404, (body) => t.equal(body.error, 'not_found')],
    ['malformed id', { ...good, ids: ['INC-00001', 'ABC'] }, 400, (body) => t.same(Object.keys(body.errors as object), ['ids[1]'])],
    ['empty ids', { ...good, ids: [] }, 400, (body) => t.same((body.errors as Record<string, Array<{ code: string }>>).ids![0]!.code, 'length')],
    ['no ids', { ...good }, 400, (body) => t.ok((body.errors as Record<string, unknown>).ids)],
    ['empty payload', { ids: ['INC-00001'] }, 400, (body) => t.match(body, { error: 'Bad Request', description: /^Empty payload/ })],
    ['only tag_operation', { ids: ['INC-00001'], tag_operation: 'Add' }, 400, (body) => t.match(body, { description: /^Empty payload/ })],
    ['unknown source', { ...good, ids: ['INC-00001'], source: 'Pager' }, 400, (body) => t.ok((body.errors as Record<string, unknown>).source)],
    ['inactive assignee', { ...good, ids: ['INC-00001'], assigned_to: inactiveUser.id }, 400, (body) => t.equal((body.errors as Record<string, Array<{ code: string }>>).assigned_to![0]!.code, 'inactive_assignee')],
    ['bad enum', { ...good, ids: ['INC-00001'], severity: 'SEV-0' }, 400, (body) => t.ok((body.errors as Record<string, unknown>).severity)],
    ['bad tag_operation', { ...good, ids: ['INC-00001'], tag_operation: 'Merge' }, 400, (body) => t.ok((body.errors as Record<string, unknown>).tag_operation)],
    ['tags rejected', { ...good, ids: ['INC-00001'], tags: ['ok', ''] }, 400, (body) => t.ok((body.errors as Record<string, unknown>)['tags[1]'])],
    ['unknown field', { ...good, ids: ['INC-00001'], priority: 1 }, 400, (body) => t.ok((body.errors as Record<string, unknown>).priority)],
    ['cleared title', { ...good, ids: ['INC-00001'], title: null }, 400, (body) => t.ok((body.errors as Record<string, unknown>).title)],
  ];
  for (const [what, payload, status, check] of cases) {
    for (const prefix of ['/api', '']) {
      const response = await patch(app, token, `${prefix}/v1/incidents`, payload);
      t.equal(response.statusCode, status, `${what} ${prefix}`);
      check(response.json());
    }
  }
  t.equal(await wholeRegister(app, token), before, 'every incident, relation and comment is as it was');
  t.same(adversarialStore(app.datasets.primary).incidents.missingTagContents(['bulk-closed']), ['bulk-closed'], 'no tag was created either');

  const ok = await patch(app, token, '/api/v1/incidents', { ...good, ids: ['INC-00001', 'INC-00002'] });
  t.equal(ok.statusCode, 200, 'the same update with good ids goes through');
  t.not(await wholeRegister(app, token), before);
});

t.test('writes stay in the tenant that made them', async (t) => {
  const { app } = await startApp(t);
  const token = await adversarialToken(app);
  const tenant = { 'x-emulator-tenant': 'adversarial-writes' };
  const response = await adversarialRequest(app, { method: 'PATCH', url: '/api/v1/incidents/1', token, payload: { title: 'Tenant only' }, headers: tenant });
  t.equal(response.json().incident.title, 'Tenant only');
  t.equal((await adversarialRequest(app, { url: '/api/v1/incidents/1', token, headers: tenant })).json().incident.title, 'Tenant only');
  t.equal((await adversarialRequest(app, { url: '/api/v1/incidents/1', token })).json().incident.title, INCIDENTS[0]!.title, 'the default dataset is untouched');
  t.equal(DEFAULT_ACCOUNT.client_id, 'arm_sa_emulator');
});
