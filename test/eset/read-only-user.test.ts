/** A user the fixtures mark `readOnly`: reads work, every write is a 403 that changes nothing. */
import t from 'tap';
import { EsetFixtureError, parseEsetFixture } from '../../src/apis/eset/fixture.js';
import { esetToken, startApp } from '../helpers.js';
import { FIXTURE } from './fixture-oracle.js';
import { esetClient, rawRows, reason, withComments, withStatus } from './write-helpers.js';

const READONLY = { username: 'readonly@example.com', password: 'readonly' };

t.test('the fixture marks the auditor read-only, and only the auditor', async (t) => {
  t.same(FIXTURE.users.filter((user) => (user as { readOnly?: boolean }).readOnly).map((user) => user.username), [READONLY.username]);
});

t.test('the read-only auditor reads everything and changes nothing', async (t) => {
  const { app } = await startApp(t);
  const call = esetClient(app, await esetToken(app, READONLY));
  const commented = withComments();
  const open = withStatus('OPEN');
  const closed = withStatus('CLOSED');
  const comment = ((await call('GET', `/v2/incidents/${commented.uuid}/comments`)).json() as { comments: Array<{ uuid: string }> }).comments[0]!.uuid;

  for (const url of ['/v2/incidents?pageSize=5', `/v2/incidents/${open.uuid}`, `/v2/incidents/${commented.uuid}/comments`, `/v2/incidents/${commented.uuid}/comments/${comment}`]) {
    t.equal((await call('GET', url)).statusCode, 200, `GET ${url}`);
  }

  const before = [open, closed, commented].map((incident) => rawRows(app, incident.uuid));
  const writes: Array<[string, 'POST' | 'DELETE', string, unknown]> = [
    ['update', 'POST', `/v2/incidents/${open.uuid}/basic-attributes:update`, { updateMask: 'displayName', displayName: 'changed' }],
    ['close', 'POST', `/v2/incidents/${open.uuid}:close`, { closureReason: 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE' }],
    ['reopen', 'POST', `/v2/incidents/${closed.uuid}:reopen`, {}],
    ['comment', 'POST', `/v2/incidents/${commented.uuid}/comments`, { comment: { text: 'audited' } }],
    ['edit comment', 'POST', `/v2/incidents/${commented.uuid}/comments/${comment}/text:update`, { text: 'changed' }],
    ['delete comment', 'DELETE', `/v2/incidents/${commented.uuid}/comments/${comment}`, undefined],
  ];
  for (const [name, method, url, payload] of writes) {
    const response = await call(method, url, payload);
    t.equal(response.statusCode, 403, name);
    t.equal(response.body, '', `${name}: ESET's empty error body`);
    t.equal(response.headers['x-emulator-error'], 'PERMISSION_DENIED', name);
    t.match(reason(response), /the user 'readonly@example.com' may only read/, name);
  }
  t.same([open, closed, commented].map((incident) => rawRows(app, incident.uuid)), before, 'nothing changed');

  const writer = esetClient(app, await esetToken(app));
  t.equal((await writer('POST', `/v2/incidents/${commented.uuid}/comments`, { comment: { text: 'allowed' } })).statusCode, 200, 'other users still write');
});

t.test('the fixture format: readOnly is true or false, and optional', async (t) => {
  const user = { uuid: 'a3e9b6d2-41c7-4f58-8e2a-6c1d9b7f3e05', username: 'a@example.com', password: 'a', displayName: 'A' };
  t.same(parseEsetFixture({ users: [{ ...user, readOnly: true }], incidents: [] }, 'x/eset.json').users[0], { ...user, readOnly: true });
  t.same(parseEsetFixture({ users: [{ ...user, readOnly: false }], incidents: [] }, 'x/eset.json').users[0], user);
  t.throws(() => parseEsetFixture({ users: [{ ...user, readOnly: 'yes' }], incidents: [] }, 'x/eset.json'), EsetFixtureError);
  t.throws(() => parseEsetFixture({ users: [{ ...user, readOnly: 'yes' }], incidents: [] }, 'x/eset.json'), /users\[0\].*readOnly.*expected true or false/);
});
