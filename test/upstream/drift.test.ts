import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { esetRequest, startApp } from '../helpers.js';
import type { DriftFinding } from '../../src/upstream/drift-store.js';
import { DriftStore } from '../../src/upstream/drift-store.js';
import { startupBanner } from '../../src/banner.js';
import { emulatorBefore, fakeUpstream } from './upstream-helpers.js';

/** The emulator's own page, as a drifting vendor would change it. */
async function drifting(t: Parameters<typeof startApp>[0]) {
  const { app: reference } = await startApp(t);
  const page = (await esetRequest(reference, { method: 'GET', url: '/v2/incidents?pageSize=3' })).json() as {
    incidents: Array<Record<string, unknown>>;
    nextPageToken: string;
  };
  return fakeUpstream(t, (app: FastifyInstance) => {
    app.post('/oauth/token', async () => ({ access_token: 'upstream-access', refresh_token: 'upstream-refresh', expires_in: 3600, token_type: 'Bearer' }));
    app.get('/v2/incidents', async () => ({
      // A missing key (nextPageToken), an extra field, a new enum value, the list reversed.
      incidents: page.incidents
        .map((incident, index) => ({ ...incident, riskScore: 7, ...(index === 0 && { severity: 'INCIDENT_SEVERITY_LEVEL_CRITICAL' }) }))
        .reverse(),
    }));
    // A different error status: a 409 the operation does not document.
    app.get('/v2/incidents/:uuid', async (_request, reply) => reply.code(409).send());
  });
}

const findings = async (app: FastifyInstance, query = '') => (await app.inject({ url: `/_emulator/drift${query}` })).json().findings as DriftFinding[];

t.test('each kind of drift is reported once, with a count', async (t) => {
  const url = await drifting(t);
  const { app } = await emulatorBefore(t, { eset: url });
  for (let round = 0; round < 2; round++) {
    const list = await esetRequest(app, { method: 'GET', url: '/v2/incidents?pageSize=3' });
    t.equal(list.statusCode, 200, 'the upstream answer goes to the caller as it is');
    t.notOk('nextPageToken' in list.json());
    const one = await esetRequest(app, { method: 'GET', url: '/v2/incidents/c11513ae-0d3c-43cb-bf85-8a120433f51e' });
    t.equal(one.statusCode, 409);
  }
  const found = await findings(app);
  const pick = (kind: string, path: string) => found.filter((finding) => finding.kind === kind && finding.path === path);
  t.match(pick('unexpected-field', '$.incidents[*].riskScore'), [{ operation: 'Incidents_ListIncidents', expected: 'absent', actual: '7', count: 2 }]);
  t.match(pick('enum-value', '$.incidents[*].severity'), [
    { actual: '"INCIDENT_SEVERITY_LEVEL_CRITICAL"', expected: /INCIDENT_SEVERITY_LEVEL_HIGH/, count: 2 },
  ]);
  t.match(pick('missing-field', '$.nextPageToken'), [{ expected: 'present', actual: 'absent', count: 2 }]);
  t.match(pick('status', '$'), [{ operation: 'Incidents_GetIncident', actual: '409', expected: /404/, count: 2 }]);
  t.equal(found.length, 4, 'nothing else, nothing twice');
  for (const finding of found) {
    t.equal(finding.api, 'eset');
    t.match(finding.firstSeen, /^\d{4}-\d\d-\d\dT/);
  }
  t.same(await findings(app, '?api=adversarial'), []);
  const cleared = await app.inject({ method: 'DELETE', url: '/_emulator/drift?api=eset' });
  t.same(cleared.json(), { removed: 4 });
  t.same(await findings(app), []);
  const bad = await app.inject({ url: '/_emulator/drift?api=other' });
  t.equal(bad.statusCode, 400);
});

t.test('the drift routes are control routes: the control token guards them', async (t) => {
  const url = await drifting(t);
  const { app } = await emulatorBefore(t, { eset: url }, { controlToken: 'control-secret' });
  t.equal((await app.inject({ url: '/_emulator/drift' })).statusCode, 401);
  t.equal((await app.inject({ method: 'DELETE', url: '/_emulator/drift' })).statusCode, 401);
  const allowed = await app.inject({ url: '/_emulator/drift', headers: { authorization: 'Bearer control-secret' } });
  t.equal(allowed.statusCode, 200);
  t.match(allowed.json(), { capacity: 500, upstreams: { eset: { url, mode: 'proxy', auth: 'environment' } }, findings: [] });
});

t.test('shadow mode finds a list in another order', async (t) => {
  const url = await drifting(t);
  const { app } = await emulatorBefore(t, { eset: url }, { upstreamMode: 'shadow' });
  const list = await esetRequest(app, { method: 'GET', url: '/v2/incidents?pageSize=3' });
  t.equal(list.statusCode, 200);
  const found = await findings(app);
  t.match(
    found.filter((finding) => finding.kind === 'order'),
    [{ operation: 'Incidents_ListIncidents', path: '$.incidents', count: 1 }],
  );
  t.equal(found.filter((finding) => finding.kind === 'membership').length, 0, 'the same incidents on both sides');
  t.ok(found.some((finding) => finding.kind === 'unexpected-field' && finding.path === '$.incidents[*].riskScore'));
  t.ok(found.some((finding) => finding.kind === 'missing-field' && finding.path === '$.nextPageToken'));
  const shadow = app.journal.entries({ tenant: 'upstream-shadow' });
  t.equal(shadow.length, 1, "the emulator's own answer came from its shadow tenant");
  // The status differs: the emulator has the incident, the vendor answers 409.
  await esetRequest(app, { method: 'GET', url: '/v2/incidents/c11513ae-0d3c-43cb-bf85-8a120433f51e' });
  t.ok((await findings(app)).some((finding) => finding.kind === 'status' && finding.expected === '200' && finding.actual === '409'));
});

t.test('the store is bounded: the least seen, then the oldest, make room', async (t) => {
  let now = 0;
  const store = new DriftStore(() => now, 3);
  const observe = (path: string) => store.record({ api: 'eset', operation: 'op', kind: 'schema', path, expected: 'x', actual: 'y'.repeat(300) });
  observe('$.a');
  observe('$.a');
  now = 1;
  observe('$.b');
  now = 2;
  observe('$.c');
  now = 3;
  observe('$.d');
  t.equal(store.size, 3);
  t.same(store.list().map((finding) => finding.path), ['$.a', '$.d', '$.c'], '$.b (seen once, oldest) dropped');
  t.ok(store.list()[0]!.actual.length <= 200, 'long texts are cut');
  t.equal(store.clear(), 3);
});

t.test("ESET's 202 + response-id and a 429 with Retry-After pass through as the vendor sent them, as documented answers", async (t) => {
  const pending = '8f14e45f-ceea-467f-a0e6-000000000001';
  let calls = 0;
  const url = await fakeUpstream(t, (app: FastifyInstance) => {
    app.post('/oauth/token', async () => ({ access_token: 'a', expires_in: 3600 }));
    app.get('/v2/incidents', async (request, reply) => {
      calls += 1;
      if (request.headers['response-id'] === pending) return { incidents: [], nextPageToken: '' };
      if (calls === 1) return reply.code(202).header('response-id', pending).send();
      return reply.code(429).header('retry-after', '7').send();
    });
  });
  const { app } = await emulatorBefore(t, { eset: url }, { upstreamMode: 'shadow' });
  const accepted = await esetRequest(app, { method: 'GET', url: '/v2/incidents' });
  t.equal(accepted.statusCode, 202);
  t.equal(accepted.headers['response-id'], pending);
  const limited = await esetRequest(app, { method: 'GET', url: '/v2/incidents' });
  t.equal(limited.statusCode, 429);
  t.equal(limited.headers['retry-after'], '7');
  const ready = await esetRequest(app, { method: 'GET', url: '/v2/incidents', headers: { 'response-id': pending } });
  t.equal(ready.statusCode, 200, 'the response-id goes upstream, which answers the result');
  t.same(await findings(app), [], 'documented statuses, and shadow mode does not compare how the upstream is doing (202, 429) or a follow-up of its 202');
  t.match(startupBanner(app, 'http://127.0.0.1:4610'), new RegExp(`upstream +ESET → ${url} +\\(shadow, environment credentials; drift: /_emulator/drift\\)`));
});

t.test('Adversarial drift: a new severity (a nullable enum), an extra key, a missing one, an error in another shape', async (t) => {
  const { app: reference } = await startApp(t);
  const { adversarialRequest } = await import('../adversarial/requests.js');
  const row = (await adversarialRequest(reference, { method: 'GET', url: '/api/v1/incidents/INC-00001' })).json() as { incident: Record<string, unknown> };
  const url = await fakeUpstream(t, (app: FastifyInstance) => {
    app.post('/api/v1/oauth/token', async () => ({ access_token: 'a', expires_in: 3600 }));
    app.get('/api/v1/incidents/:id', async (request, reply) => {
      if ((request.params as { id: string }).id === 'INC-00009') return reply.code(404).send({ message: 'Incident not found' });
      const { title: _title, ...incident } = row.incident;
      return { ...row, incident: { ...incident, severity: 'SEV-0', sla: 'P1' } };
    });
  });
  const { app } = await emulatorBefore(t, { adversarial: `${url}/api` });
  t.equal((await adversarialRequest(app, { method: 'GET', url: '/api/v1/incidents/INC-00001' })).statusCode, 200);
  t.equal((await adversarialRequest(app, { method: 'GET', url: '/api/v1/incidents/INC-00009' })).statusCode, 404);
  const found = (await findings(app)).map(({ api, operation, kind, path, expected, actual }) => JSON.stringify({ api, operation, kind, path, expected, actual }));
  t.same(found.sort(), [
    { api: 'adversarial', operation: 'get_incident', kind: 'missing-field', path: '$.description', expected: 'present', actual: 'absent' },
    { api: 'adversarial', operation: 'get_incident', kind: 'missing-field', path: '$.error', expected: 'present', actual: 'absent' },
    { api: 'adversarial', operation: 'get_incident', kind: 'unexpected-field', path: '$.message', expected: 'absent', actual: '"Incident not found"' },
    { api: 'adversarial', operation: 'get_incident', kind: 'enum-value', path: '$.incident.severity', expected: 'one of SEV-1, SEV-2, SEV-3, SEV-4, SEV-5', actual: '"SEV-0"' },
    { api: 'adversarial', operation: 'get_incident', kind: 'unexpected-field', path: '$.incident.sla', expected: 'absent', actual: '"P1"' },
    { api: 'adversarial', operation: 'get_incident', kind: 'missing-field', path: '$.incident.title', expected: 'present', actual: 'absent' },
  ].map((finding) => JSON.stringify(finding)).sort(), 'one finding each, the nullable enum as an enum value only');
});
