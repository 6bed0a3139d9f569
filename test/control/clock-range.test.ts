/**
 * The clock stays inside the range every written time must fit (checked before anything
 * changes), and a snapshot that fails leaves no file behind.
 */
import t from 'tap';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esetRequest, startApp } from '../helpers.js';
import { control, expectJson } from './control-helpers.js';

interface ClockWire {
  now: string;
  nowMs: number;
  offsetMs: number;
}

t.test('a clock move outside 1970..9999 is a 400 and changes nothing', async (t) => {
  const { app } = await startApp(t);
  const before = expectJson<ClockWire>(await control(app, 'GET', 'clock'));
  for (const body of [
    { advance: '3000000d' },
    { advance: 1e15 },
    { advance: `${Number.MAX_SAFE_INTEGER}` },
    { freeze: '9999-12-31T23:59:59Z' },
    { freeze: '1969-12-31T23:59:59Z' },
    { freeze: '0001-01-01T00:00:00Z' },
  ]) {
    for (const tenant of [undefined, 'other']) {
      const response = await control(app, 'POST', 'clock', { ...body, ...(tenant && { tenant }) });
      t.equal(response.statusCode, 400, JSON.stringify(body));
      t.match(response.json(), { error: 'INVALID_ARGUMENT', message: /(advance|freeze): the clock must stay between 1970-01-01T00:00:00Z and 9999-01-01T00:00:00Z/ });
    }
  }
  t.same(expectJson<ClockWire>(await control(app, 'GET', 'clock')), before, 'the emulator clock did not move');
  t.equal(expectJson<{ own: boolean }>(await control(app, 'GET', 'clock?tenant=other')).own, false, 'no tenant clock was made');
  // Writes and snapshots keep working.
  t.equal((await control(app, 'POST', 'snapshots', { name: 'after' })).statusCode, 201);
  t.equal((await esetRequest(app, { method: 'GET', url: '/v2/incidents?pageSize=1' })).statusCode, 200);
  // The edge itself is fine.
  t.equal((await control(app, 'POST', 'clock', { freeze: '9999-01-01T00:00:00Z' })).statusCode, 200);
  t.equal((await control(app, 'POST', 'clock', { advance: '1ms' })).statusCode, 400);
});

t.test('moving the emulator clock may not push a tenant clock that follows it out of range', async (t) => {
  const { app } = await startApp(t);
  t.equal((await control(app, 'POST', 'clock', { tenant: 'ahead', advance: `${2_500_000 * 86_400_000}` })).statusCode, 200);
  const response = await control(app, 'POST', 'clock', { advance: `${1_000_000 * 86_400_000}` });
  t.equal(response.statusCode, 400);
  t.match(response.json().message, /tenant 'ahead'/);
  t.equal(expectJson<ClockWire>(await control(app, 'GET', 'clock')).offsetMs, 0);
});

t.test('a snapshot that fails leaves no file behind', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-snapshot-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { app } = await startApp(t, { db: join(dir, 'emulator.sqlite') });
  // A directory where the snapshot file should go: the final rename fails.
  const blocked = join(dir, 'snapshots', 'default', 'blocked.sqlite');
  mkdirSync(blocked, { recursive: true });
  writeFileSync(join(blocked, 'keep'), '');
  const response = await control(app, 'POST', 'snapshots', { name: 'blocked' });
  t.equal(response.statusCode, 500);
  t.same(readdirSync(join(dir, 'snapshots', 'default')), ['blocked.sqlite'], 'no partial file left');
  t.equal((await control(app, 'POST', 'snapshots', { name: 'fine' })).statusCode, 201);
});
