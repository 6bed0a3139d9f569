/**
 * Every control route acts on the tenant it is given (tenant field or parameter, else the
 * x-emulator-tenant header, else the default tenant) and only on it.
 */
import t from 'tap';
import { esetRequest, esetToken, startApp } from '../helpers.js';
import { control, expectJson } from './control-helpers.js';

const as = (tenant: string) => ({ 'x-emulator-tenant': tenant });

interface Journal {
  requests: Array<{ tenant: string }>;
}

t.test('the journal: read and cleared per tenant, never across', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  for (const tenant of ['a', 'a', 'b']) await esetRequest(app, { url: '/v2/incidents?pageSize=1', token, headers: as(tenant) });
  const tenantsIn = async (url: string, headers: Record<string, string> = {}) =>
    expectJson<Journal>(await control(app, 'GET', url, undefined, headers)).requests.map((entry) => entry.tenant);

  t.same(await tenantsIn('journal', as('b')), ['b'], "B sees only B's entries");
  t.same(await tenantsIn('journal?tenant=a', as('b')), ['a', 'a'], 'the parameter wins over the header');
  t.same(await tenantsIn('journal'), ['default'], 'no tenant given: the default tenant (its token request)');

  t.same(expectJson(await control(app, 'DELETE', 'journal', undefined, as('b'))), { removed: 1 });
  t.same(await tenantsIn('journal', as('a')), ['a', 'a'], "A's entries survive B's clear");
  t.same(expectJson(await control(app, 'DELETE', 'journal')), { removed: 1 }, "the default tenant's clear removes its own only");
  t.same(await tenantsIn('journal', as('a')), ['a', 'a']);
});

t.test('fault rules: listed, replaced and deleted per tenant', async (t) => {
  const { app } = await startApp(t);
  const rule = (id: string) => ({ id, match: { api: 'eset' }, action: { status: 503 } });
  expectJson(await control(app, 'POST', 'faults', rule('everyone')), 201);
  expectJson(await control(app, 'POST', 'faults', rule('a-1'), as('a')), 201);
  expectJson(await control(app, 'POST', 'faults?tenant=a', rule('a-2')), 201);
  const ids = async (headers: Record<string, string> = {}) =>
    expectJson<{ rules: Array<{ id: string }> }>(await control(app, 'GET', 'faults', undefined, headers)).rules.map((r) => r.id);

  t.same(await ids(as('a')), ['a-1', 'a-2']);
  t.same(await ids(as('b')), []);
  t.same(await ids(), ['everyone'], 'the default tenant owns the rules that match every tenant');

  // B replaces and clears its own rules only.
  t.same(expectJson<{ rules: Array<{ id: string; match: { tenant: string } }> }>(await control(app, 'PUT', 'faults', { rules: [rule('b-1')] }, as('b'))).rules.map((r) => [r.id, r.match.tenant]), [['b-1', 'b']]);
  t.same(await ids(as('a')), ['a-1', 'a-2'], "A's rules survive B's replace");
  t.same(expectJson(await control(app, 'DELETE', 'faults', undefined, as('b'))), { removed: 1 });
  t.same(await ids(as('a')), ['a-1', 'a-2'], "A's rules survive B's clear");
  t.equal((await control(app, 'DELETE', 'faults/a-1', undefined, as('b'))).statusCode, 404, "B cannot delete A's rule");
  t.equal((await control(app, 'DELETE', 'faults/everyone', undefined, as('b'))).statusCode, 404, 'nor a rule of every tenant');
  t.same(await ids(), ['everyone']);

  // A request may not write another tenant's rules.
  const foreign = await control(app, 'POST', 'faults', { match: { tenant: 'a' }, action: { status: 500 } }, as('b'));
  t.equal(foreign.statusCode, 400);
  t.match(foreign.json().message, /match\.tenant: 'a' is another tenant than the one this request acts on \('b'\)/);
  t.equal((await control(app, 'PUT', 'faults', { rules: [{ match: { tenant: 'a' }, action: { status: 500 } }] }, as('b'))).statusCode, 400);
  t.same(await ids(as('a')), ['a-1', 'a-2']);

  // The default tenant's replace keeps the other tenants' rules.
  expectJson(await control(app, 'PUT', 'faults', { rules: [] }));
  t.same(await ids(), []);
  t.same(await ids(as('a')), ['a-1', 'a-2']);
  t.equal((await control(app, 'DELETE', 'faults/a-2?tenant=a')).statusCode, 204);
  t.same(await ids(as('a')), ['a-1']);
});
