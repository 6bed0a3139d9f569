/**
 * Kept answers are served only while their dataset is unchanged, whoever changed it: this
 * process's writes of any kind, or another process writing the same file.
 */
import t, { type Test } from 'tap';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadCache } from '../../src/store/read-cache.js';
import { LAYOUT, esetRequest, esetToken, startApp } from '../helpers.js';
import { adversarialRequest, adversarialToken } from '../adversarial/requests.js';

function fileDataset(t: Test) {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-read-cache-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'data.sqlite');
  const dataset = LAYOUT.open('default', path);
  t.teardown(() => dataset.close());
  return { dataset, path };
}

t.test('an answer is computed once while the dataset is unchanged, again after any change', async (t) => {
  const { dataset, path } = fileDataset(t);
  const cache = new ReadCache();
  let computed = 0;
  const read = () => cache.read(dataset, 'k', () => `answer ${++computed}`);
  t.equal(read(), 'answer 1');
  t.equal(read(), 'answer 1', 'kept');
  dataset.meta.set('x', '1'); // a write outside any transaction
  t.equal(read(), 'answer 2', 'this connection wrote');
  t.equal(read(), 'answer 2');
  try {
    dataset.transaction(() => {
      dataset.meta.set('x', '2');
      throw new Error('rolled back');
    });
  } catch {
    // a write that was rolled back may still have been seen: the answer is computed again
  }
  t.equal(read(), 'answer 3');
  const other = new Database(path);
  t.teardown(() => other.close());
  other.prepare("INSERT INTO emulator_meta (key, value) VALUES ('other', 'x')").run();
  t.equal(read(), 'answer 4', 'another connection committed');
  t.equal(read(), 'answer 4');
});

t.test('answers of two datasets never mix, and a failed computation keeps nothing', async (t) => {
  const first = fileDataset(t).dataset;
  const second = fileDataset(t).dataset;
  const cache = new ReadCache();
  t.equal(cache.read(first, 'k', () => 'first'), 'first');
  t.equal(cache.read(second, 'k', () => 'second'), 'second');
  t.equal(cache.read(first, 'k', () => 'recomputed'), 'first');
  t.throws(() => cache.read(first, 'missing', () => {
    throw new Error('not found');
  }));
  t.equal(cache.read(first, 'missing', () => 'now found'), 'now found');
});

t.test('kept answers are bounded by bytes, least recently used first out', async (t) => {
  const { dataset } = fileDataset(t);
  const cache = new ReadCache(10_000);
  const answer = 'x'.repeat(1_000); // about 2 kB each as UTF-16
  for (const key of ['a', 'b', 'c', 'd']) cache.read(dataset, key, () => answer);
  cache.read(dataset, 'a', () => 'recomputed'); // a is used again: b is now the oldest
  cache.read(dataset, 'e', () => answer);
  cache.read(dataset, 'f', () => answer);
  t.ok(cache.byteSize <= 10_000, `${cache.byteSize} bytes kept`);
  t.equal(cache.read(dataset, 'a', () => 'recomputed'), answer, 'the recently used one stayed');
  t.equal(cache.read(dataset, 'b', () => 'recomputed'), 'recomputed', 'the least recently used one went');
  t.equal(cache.read(dataset, 'big', () => 'y'.repeat(20_000)), 'y'.repeat(20_000), 'too large to keep, still answered');
  t.ok(cache.byteSize <= 10_000);
});

t.test('--read-cache off keeps nothing', async (t) => {
  const { dataset } = fileDataset(t);
  const cache = new ReadCache(0);
  let computed = 0;
  t.equal(cache.read(dataset, 'k', () => `answer ${++computed}`), 'answer 1');
  t.equal(cache.read(dataset, 'k', () => `answer ${++computed}`), 'answer 2');
  const { app } = await startApp(t, { readCache: false });
  t.equal(app.readCache.maxBytes, 0);
});

t.test('through the APIs: reads after every kind of write see the write', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const list = await esetRequest(app, { url: '/v2/incidents?pageSize=1', token });
  const uuid = list.json().incidents[0].uuid as string;
  const get = async () => (await esetRequest(app, { url: `/v2/incidents/${uuid}`, token })).json().incident;
  const before = await get();
  t.same(await get(), before, 'the same answer twice');

  const renamed = await esetRequest(app, {
    method: 'POST',
    url: `/v2/incidents/${uuid}/basic-attributes:update`,
    token,
    payload: { displayName: 'Renamed through the API', updateMask: 'displayName' },
  });
  t.equal(renamed.statusCode, 200);
  t.equal((await get()).displayName, 'Renamed through the API', 'an API write');
  const listed = await esetRequest(app, { url: '/v2/incidents?pageSize=1', token });
  t.equal(listed.json().incidents[0].displayName, 'Renamed through the API', 'a list page read before the write');

  const staged = await app.inject({
    method: 'POST',
    url: '/_emulator/state',
    payload: { eset: { incidents: [{ uuid, displayName: 'Staged through the control API' }] } },
  });
  t.equal(staged.statusCode, 200);
  t.equal((await get()).displayName, 'Staged through the control API', 'a control API write');

  t.equal((await app.inject({ method: 'POST', url: '/_emulator/reset' })).statusCode, 200);
  t.same(await get(), before, 'a reset');

  const adversarialTokenValue = await adversarialToken(app);
  const page = async () =>
    (await adversarialRequest(app, { url: '/api/v1/incidents?status[]=New&order_by=-updated_date', token: adversarialTokenValue })).json();
  const first = await page();
  t.same(await page(), first, 'the same page twice');
  const id = first.incidents[0].incident.id as string;
  const updated = await adversarialRequest(app, {
    method: 'PATCH',
    url: `/api/v1/incidents/${id}`,
    token: adversarialTokenValue,
    payload: { title: 'Retitled' },
  });
  t.equal(updated.statusCode, 200);
  const after = await page();
  t.equal(after.incidents[0].incident.title, 'Retitled', 'an Adversarial write');
  t.equal(after.results[0].incident.title, 'Retitled');
});
