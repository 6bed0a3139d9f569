/**
 * Every kind of Adversarial response, success and error, validated against the served OpenAPI
 * document (tightened: exactly the documented keys); and the document checked against the facts
 * of Adversarial's reference pages (the seed page's shapes, operation ids, enums).
 */
import t from 'tap';
import { startApp } from '../helpers.js';
import { INCIDENTS, account } from '../adversarial/oracle.js';
import { adversarialToken, adversarialTokens } from '../adversarial/requests.js';
import { AdversarialDocument } from './adversarial-document.js';

interface Call {
  operationId: string;
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  status: number;
  payload?: unknown;
  headers?: Record<string, string>;
  auth?: 'editor' | 'risk' | 'none';
}

t.test('every response conforms to the served document', async (t) => {
  const { app } = await startApp(t);
  const document = await AdversarialDocument.served(app);
  const tokens = { editor: await adversarialToken(app), risk: await adversarialToken(app, account('Risk Editor')) };
  const refresh = (await adversarialTokens(app)).refresh_token;
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const credentials = 'client_id=arm_sa_emulator&client_secret=arm_sk_emulator';
  const calls: Call[] = [
    { operationId: 'oauth_token', method: 'POST', url: '/api/v1/oauth/token', payload: `grant_type=client_credentials&${credentials}`, headers: form, status: 200, auth: 'none' },
    { operationId: 'oauth_token', method: 'POST', url: '/v1/oauth/token', payload: `grant_type=refresh_token&refresh_token=${refresh}&${credentials}`, headers: form, status: 200, auth: 'none' },
    { operationId: 'oauth_token', method: 'POST', url: '/api/v1/oauth/token', payload: `grant_type=password&${credentials}`, headers: form, status: 400, auth: 'none' },
    { operationId: 'oauth_token', method: 'POST', url: '/api/v1/oauth/token', payload: 'grant_type=client_credentials&client_id=arm_sa_x&client_secret=arm_sk_x', headers: form, status: 401, auth: 'none' },
    { operationId: 'oauth_token', method: 'POST', url: '/api/v1/oauth/token', payload: { grant_type: 'client_credentials' }, status: 415, auth: 'none' },
    { operationId: 'get_current_user', url: '/api/v1/users/me', status: 200 },
    { operationId: 'get_current_user', url: '/api/v1/users/me', status: 200, auth: 'risk' },
    { operationId: 'get_current_user', url: '/api/v1/users/me', status: 401, auth: 'none' },
    { operationId: 'get_current_user', url: '/api/v1/users/me', status: 400, headers: { 'x-emulator-tenant': '../x' } },
    { operationId: 'list_incident_sources', url: '/api/v1/incidents/sources', status: 200 },
    { operationId: 'list_incident_sources', url: '/v1/incidents/sources', status: 403, auth: 'risk' },
    { operationId: 'list_paginated_incidents', url: '/api/v1/incidents?page_size=100', status: 200 },
    { operationId: 'list_paginated_incidents', url: '/api/v1/incidents?status=Closed&order_by=-severity', status: 200 },
    { operationId: 'list_paginated_incidents', url: '/api/v1/incidents?free_text=zzz', status: 200 },
    { operationId: 'list_paginated_incidents', url: '/api/v1/incidents?bogus=1', status: 400 },
    { operationId: 'list_paginated_incidents', url: '/api/v1/incidents?source=Pager', status: 400 },
    { operationId: 'list_paginated_incidents', url: '/api/v1/incidents', status: 401, auth: 'none' },
    { operationId: 'list_paginated_incidents', url: '/api/v1/incidents', status: 403, auth: 'risk' },
    { operationId: 'get_incident', url: '/api/v1/incidents/INC-00001', status: 200 },
    { operationId: 'get_incident', url: '/api/v1/incidents/INC-99999', status: 404 },
    { operationId: 'get_incident', url: `/api/v1/incidents/${'9'.repeat(40)}`, status: 400 },
    { operationId: 'create_incident', method: 'POST', url: '/api/v1/incidents', payload: { title: 't', description: 'd', detected_date: '2026-11-01T00:00:00Z' }, status: 201 },
    { operationId: 'create_incident', method: 'POST', url: '/api/v1/incidents', payload: { title: 't', description: 'd', detected_date: '2026-11-01T00:00:00Z', source: 'SIEM', severity: 'SEV-1', assigned_to: INCIDENTS[0]!.assigned_to, tags: ['a'] }, status: 201 },
    { operationId: 'create_incident', method: 'POST', url: '/api/v1/incidents', payload: { title: 5 }, status: 400 },
    { operationId: 'create_incident', method: 'POST', url: '/api/v1/incidents', payload: '{', headers: { 'content-type': 'application/json' }, status: 400 },
    { operationId: 'create_incident', method: 'POST', url: '/api/v1/incidents', payload: '<x/>', headers: { 'content-type': 'application/xml' }, status: 415 },
    { operationId: 'patch_incident', method: 'PATCH', url: '/api/v1/incidents/INC-00002', payload: { assigned_to: null, severity: null }, status: 200 },
    { operationId: 'patch_incident', method: 'PATCH', url: '/api/v1/incidents/INC-00002', payload: { title: null }, status: 400 },
    { operationId: 'patch_incident', method: 'PATCH', url: '/api/v1/incidents/INC-99999', payload: { title: 'x' }, status: 404 },
    { operationId: 'patch_many_incidents', method: 'PATCH', url: '/api/v1/incidents', payload: { ids: ['INC-00003', 'INC-00004'], tags: ['x'], tag_operation: 'Add', threat_objectives: [{ threat_objective: 'Fraud', relevance: null }] }, status: 200 },
    { operationId: 'patch_many_incidents', method: 'PATCH', url: '/api/v1/incidents', payload: { ids: ['INC-00003'] }, status: 400 },
    { operationId: 'patch_many_incidents', method: 'PATCH', url: '/api/v1/incidents', payload: { ids: [], title: 'x' }, status: 400 },
    { operationId: 'patch_many_incidents', method: 'PATCH', url: '/api/v1/incidents', payload: { ids: ['INC-99999'], title: 'x' }, status: 404 },
    { operationId: 'patch_many_incidents', method: 'PATCH', url: '/api/v1/incidents', payload: { ids: ['INC-00001'], title: 'x' }, status: 403, auth: 'risk' },
    { operationId: 'list_incident_comments', url: '/api/v1/incidents/INC-00001/comments', status: 200 },
    { operationId: 'list_incident_comments', url: '/api/v1/incidents/INC-99999/comments', status: 404 },
    { operationId: 'create_incident_comment', method: 'POST', url: '/api/v1/incidents/INC-00001/comments', payload: { value: 'x' }, status: 201 },
    { operationId: 'create_incident_comment', method: 'POST', url: '/api/v1/incidents/INC-00001/comments', payload: { value: '' }, status: 400 },
    { operationId: 'delete_incident', method: 'DELETE', url: '/api/v1/incidents/INC-00005', status: 204 },
    { operationId: 'delete_incident', method: 'DELETE', url: '/api/v1/incidents/INC-00005', status: 404 },
  ];
  const seen = new Set<string>();
  for (const call of calls) {
    const auth = call.auth ?? 'editor';
    const headers = { ...(auth === 'none' ? {} : { authorization: `Bearer ${tokens[auth]}` }), ...call.headers };
    const payload = call.payload === undefined ? {} : { payload: call.payload as string };
    const response = await app.inject({ method: call.method ?? 'GET', url: call.url, headers, ...payload });
    const what = `${call.operationId} ${call.method ?? 'GET'} ${call.url}`;
    t.equal(response.statusCode, call.status, what);
    t.same(document.check(call.operationId, response), [], `${what} → ${response.statusCode} conforms`);
    seen.add(call.operationId);
  }
  t.same([...seen].sort(), document.operationIds().sort(), 'every documented operation was exercised');

  const list = await app.inject({ url: '/api/v1/incidents?page_size=100', headers: { authorization: `Bearer ${tokens.editor}` } });
  for (const row of list.json().incidents) {
    const response = await app.inject({ url: `/api/v1/incidents/${row.incident.id}`, headers: { authorization: `Bearer ${tokens.editor}` } });
    const problems = document.check('get_incident', response);
    if (problems.length > 0) t.same(problems, [], row.incident.id);
  }
});

t.test("the served document says what Adversarial's reference pages say", async (t) => {
  const { app } = await startApp(t);
  const { document } = await AdversarialDocument.served(app);
  const doc = document as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; requestBody?: { content: Record<string, { schema: { $ref: string } }> }; 'x-inferred'?: boolean }>>;
    components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown>; enum?: string[]; 'x-inferred'?: boolean }> };
  };
  const schemas = doc.components.schemas;
  t.equal(doc.openapi, '3.0.3');
  t.equal(doc.paths['/api/v1/incidents']?.get?.operationId, 'list_paginated_incidents');
  t.equal(doc.paths['/api/v1/incidents']?.post?.operationId, 'create_incident');
  t.equal(doc.paths['/api/v1/incidents']?.patch?.operationId, 'patch_many_incidents');
  t.equal(doc.paths['/api/v1/incidents/{id}']?.get?.operationId, 'get_incident');
  t.notOk(Object.keys(doc.paths).some((path) => !path.startsWith('/api/v1/')), 'documented under /api/v1 only');

  // The seed page: PATCH /v1/incidents, its body and its response.
  const body = schemas.UpdateManyIncidentsRequest!;
  t.same(Object.keys(body.properties!).sort(), [
    'assigned_to', 'contained_date', 'description', 'detected_date', 'ids', 'occurred_date', 'responded_date', 'severity',
    'severity_reasoning', 'source', 'status', 'tag_operation', 'tags', 'threat_objectives', 'title',
  ]);
  t.equal(doc.paths['/api/v1/incidents']!.patch!.requestBody!.content['application/json']!.schema.$ref, '#/components/schemas/UpdateManyIncidentsRequest');
  t.same(schemas.UpdateManyIncidentsResponse!.required, ['incidents']);
  t.same([...schemas.RegisterRow!.required!].sort(), ['comment_count', 'incident', 'risk_associations', 'tags', 'threat_objectives']);
  t.same([...schemas.Incident!.required!].sort(), ['created_date', 'description', 'detected_date', 'id', 'status', 'title', 'updated_date']);
  t.same([...schemas.Tag!.required!].sort(), ['content', 'creator_id', 'id']);
  t.same(schemas.ThreatObjectiveRelation!.required, ['threat_objective']);
  t.same(schemas.IncidentStatus!.enum, ['New', 'In Progress', 'Review', 'Closed']);
  t.same(schemas.ThreatObjective!.enum, ['Sabotage', 'Data Disclosure', 'Extortion', 'Customer Targeting', 'Resource Hijacking', 'Fraud']);
  t.same(schemas.Severity!.enum, ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4', 'SEV-5']);

  // What the reference leaves open is marked.
  for (const name of ['Relevance', 'TagOperation', 'Comment', 'IncidentSources', 'Error', 'ValidationErrors']) t.equal(schemas[name]!['x-inferred'], true, name);
  t.equal(doc.paths['/api/v1/incidents/{id}']!.delete!['x-inferred'], true, 'DELETE');
  t.equal(doc.paths['/api/v1/incidents/{id}/comments']!.post!['x-inferred'], true, 'POST comment');

  const ui = await app.inject({ url: '/docs/adversarial/' });
  t.equal(ui.statusCode, 200, 'Swagger UI is served');
  t.match(ui.headers['content-type'], /text\/html/);
});
