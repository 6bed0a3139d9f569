/**
 * Every response of the ESET read endpoints, validated against ESET's own OpenAPI document;
 * and the emulator's served document compared with ESET's: same paths, operations, component
 * names, property names, types, formats and enums.
 */
import t from 'tap';
import { esetToken, startApp } from '../helpers.js';
import { INCIDENTS } from '../eset/fixture-oracle.js';
import { EsetReference, REFERENCE_ABSENT } from './eset-reference.js';

const reference = EsetReference.load();
if (!reference) {
  if (process.env.CI) t.fail(REFERENCE_ABSENT);
  else t.comment(REFERENCE_ABSENT);
} else {
  t.test('responses conform to ESET\'s document', async (t) => {
    const { app } = await startApp(t);
    const token = await esetToken(app);
    const auth = { authorization: `Bearer ${token}` };
    const requests: Array<[string, string, Record<string, string>, number]> = [
      ['Incidents_ListIncidents', '/v2/incidents', auth, 200],
      ['Incidents_ListIncidents', '/v2/incidents?pageSize=1000&orderBy=severity%20desc', auth, 200],
      ['Incidents_ListIncidents', '/v2/incidents?filter=status%20%3D%3D%20INCIDENT_STATUS_CLOSED', auth, 200],
      ['Incidents_ListIncidents', '/v2/incidents?filter=uuid%20%3D%3D%20%22none%22', auth, 200],
      ['Incidents_ListIncidents', '/v2/incidents?filter=nope', auth, 400],
      ['Incidents_ListIncidents', '/v2/incidents', {}, 400],
      ['Incidents_ListIncidents', '/v2/incidents', { authorization: 'Bearer unknown' }, 401],
      ['Incidents_GetIncident', `/v2/incidents/${INCIDENTS[0]!.uuid}`, auth, 200],
      ['Incidents_GetIncident', `/v2/incidents/${INCIDENTS.at(-1)!.uuid}`, auth, 200],
      ['Incidents_GetIncident', '/v2/incidents/00000000-0000-4000-8000-000000000000', auth, 404],
      ['Incidents_GetIncident', '/v2/incidents/x', { authorization: 'Bearer unknown' }, 401],
    ];
    for (const [operationId, url, headers, status] of requests) {
      const response = await app.inject({ url, headers });
      t.equal(response.statusCode, status, `${url} status`);
      t.same(reference.check(operationId, response), [], `${operationId} ${url} → ${status} conforms`);
    }

    // The write side, in an order that exercises every operation's success and its errors.
    const open = INCIDENTS.find((i) => i.status === 'INCIDENT_STATUS_OPEN')!;
    const closed = INCIDENTS.find((i) => i.status === 'INCIDENT_STATUS_CLOSED')!;
    const base = `/v2/incidents/${open.uuid}`;
    const send = async (operationId: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload: object | undefined, status: number) => {
      const response = await app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
      t.equal(response.statusCode, status, `${method} ${url} status`);
      t.same(reference.check(operationId, response), [], `${operationId} ${method} ${url} → ${status} conforms`);
      return response;
    };
    await send('Incidents_UpdateIncidentBasicAttributes', 'POST', `${base}/basic-attributes:update`, { displayName: 'x', updateMask: 'displayName' }, 200);
    await send('Incidents_UpdateIncidentBasicAttributes', 'POST', `${base}/basic-attributes:update`, { displayName: 'x' }, 400);
    await send('Incidents_UpdateIncidentBasicAttributes', 'POST', '/v2/incidents/none/basic-attributes:update', { updateMask: 'description' }, 404);
    const created = await send('IncidentComments_CreateIncidentComment', 'POST', `${base}/comments`, { comment: { text: 'note' } }, 200);
    await send('IncidentComments_CreateIncidentComment', 'POST', `${base}/comments`, { comment: {} }, 400);
    const commentUrl = `${base}/comments/${created.json().comment.uuid}`;
    await send('IncidentComments_ListIncidentComments', 'GET', `${base}/comments`, undefined, 200);
    await send('IncidentComments_ListIncidentComments', 'GET', '/v2/incidents/none/comments', undefined, 404);
    await send('IncidentComments_GetIncidentComment', 'GET', commentUrl, undefined, 200);
    await send('IncidentComments_UpdateIncidentCommentText', 'POST', `${commentUrl}/text:update`, { text: 'edited' }, 200);
    await send('IncidentComments_UpdateIncidentCommentText', 'POST', `${commentUrl}/text:update`, {}, 400);
    await send('IncidentComments_DeleteIncidentComment', 'DELETE', commentUrl, undefined, 200);
    await send('IncidentComments_GetIncidentComment', 'GET', commentUrl, undefined, 404);
    await send('Incidents_CloseIncident', 'POST', `${base}:close`, { closureReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE', finalComment: { text: 'done' } }, 200);
    await send('Incidents_CloseIncident', 'POST', `${base}:close`, { closureReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE' }, 400);
    await send('IncidentComments_ListIncidentComments', 'GET', `${base}/comments`, undefined, 200);
    await send('Incidents_ReopenIncident', 'POST', `/v2/incidents/${closed.uuid}:reopen`, { comment: { text: 'again' } }, 200);
    await send('Incidents_ReopenIncident', 'POST', `/v2/incidents/${closed.uuid}:reopen`, {}, 400);
    await send('Incidents_GetIncident', 'GET', base, undefined, 200);
    // Every incident of the fixtures, through GET, conforms.
    for (const incident of INCIDENTS) {
      const response = await app.inject({ url: `/v2/incidents/${incident.uuid}`, headers: auth });
      const problems = reference.check('Incidents_GetIncident', response);
      if (problems.length > 0) t.same(problems, [], incident.uuid);
    }
  });

  t.test('the served document matches ESET\'s names, types and enums', async (t) => {
    const { app } = await startApp(t);
    const served = (await app.inject({ url: '/openapi/eset.json' })).json();
    const theirs = reference.document as { paths: Record<string, Record<string, { operationId: string }>>; components: { schemas: Record<string, unknown> } };
    for (const [path, item] of Object.entries(served.paths as Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>)) {
      const esetPath = path.replace(/\{(\w+)\}/g, '{$1}');
      t.ok(theirs.paths[esetPath], `${path} is an ESET path`);
      for (const [method, operation] of Object.entries(item)) {
        t.equal(operation.operationId, theirs.paths[esetPath]?.[method]?.operationId, `${method} ${path} operationId`);
        const theirStatuses = Object.keys((theirs.paths[esetPath]?.[method] as unknown as { responses: object }).responses).sort();
        t.same(Object.keys(operation.responses).sort(), theirStatuses, `${method} ${path} documents the same statuses`);
      }
    }
    const shape = (schema: unknown): unknown => {
      if (!schema || typeof schema !== 'object') return schema;
      const s = schema as Record<string, unknown>;
      if (s.$ref) return { $ref: String(s.$ref).split('/').at(-1) };
      const out: Record<string, unknown> = {};
      for (const key of ['type', 'format', 'enum']) if (s[key] !== undefined) out[key] = s[key];
      if (s.items) out.items = shape(s.items);
      if (s.properties && Object.keys(s.properties).length > 0) {
        out.properties = Object.fromEntries(Object.entries(s.properties as object).map(([k, v]) => [k, shape(v)]));
      }
      return out;
    };
    const ours = served.components.schemas as Record<string, unknown>;
    t.same(Object.keys(ours).sort(), Object.keys(theirs.components.schemas).sort(), 'the same components');
    for (const [name, schema] of Object.entries(ours)) {
      t.same(shape(schema), shape(theirs.components.schemas[name]), `${name}: same properties, types, formats, enums`);
    }
  });
}
