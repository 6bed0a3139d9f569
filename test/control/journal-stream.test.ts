import t from 'tap';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { startEmulator, type RunningEmulator } from '../../src/index.js';
import { MAX_STREAMS } from '../../src/control/journal-stream.js';

interface Event {
  id: string;
  event: string;
  data: { seq: number; path: string; status: number };
}

/**
 * Opens the stream and reads its events as they come. node:http rather than fetch: an aborted
 * fetch leaves undici holding a second, unused connection that would delay the server's close.
 */
async function openStream(emulator: RunningEmulator, query = '', headers: Record<string, string> = {}) {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    httpRequest(`${emulator.url}/_emulator/journal/stream${query}`, { headers }, resolve).on('error', reject).end();
  });
  response.setEncoding('utf8');
  let buffer = '';
  let raw = '';
  let ended = false;
  const events: Event[] = [];
  let wake = () => {};
  response.on('data', (chunk: string) => {
    raw += chunk;
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split('\n').filter((line) => !line.startsWith(':'));
      const fields = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
      if (fields.data !== undefined) events.push({ id: fields.id!, event: fields.event!, data: JSON.parse(fields.data) });
    }
    wake();
  });
  response.on('close', () => {
    ended = true;
    wake();
  });
  const next = async (count: number): Promise<Event[]> => {
    while (events.length < count) {
      if (ended) throw new Error(`stream ended after ${events.length} events`);
      await new Promise<void>((resolve) => (wake = resolve));
    }
    return events.slice(0, count);
  };
  return { response, next, raw: () => raw, close: () => response.destroy() };
}

const get = (emulator: RunningEmulator, path: string) => fetch(`${emulator.url}${path}`);

t.test('the journal stream sends each new request as an event, filtered, resumable', async (t) => {
  const emulator = await startEmulator();
  t.teardown(() => emulator.close());
  await get(emulator, '/v2/incidents/before-the-stream');

  const all = await openStream(emulator);
  t.equal(all.response.statusCode, 200);
  t.match(all.response.headers['content-type'], /^text\/event-stream/);
  t.equal(all.response.headers['cache-control'], 'no-store');
  const errors = await openStream(emulator, '?status=4xx&path=/v2/');
  await get(emulator, '/api/v1/incidents');
  await get(emulator, '/v2/incidents/x');
  await get(emulator, '/_emulator/health');

  const [first, second] = await all.next(2);
  t.same([first!.event, first!.id, first!.data.path], ['request', String(first!.data.seq), '/api/v1/incidents'], 'event, id = seq, the entry');
  t.equal(second!.data.path, '/v2/incidents/x', 'in order; the control API is not journaled');
  t.match(all.raw(), /^retry: 2000\n/, 'tells the client how soon to reconnect');
  const [onlyError] = await errors.next(1);
  t.same([onlyError!.data.path, Math.floor(onlyError!.data.status / 100)], ['/v2/incidents/x', 4], 'filters apply');
  all.close();
  errors.close();

  const replay = await openStream(emulator, '?after=1');
  t.same((await replay.next(2)).map((event) => event.data.seq), [2, 3], 'after=: the entries after that seq come first');
  replay.close();
  const resumed = await openStream(emulator, '', { 'last-event-id': '2' });
  t.same((await resumed.next(1)).map((event) => event.data.seq), [3], 'Last-Event-ID resumes');
  await get(emulator, '/v2/incidents/y');
  t.same((await resumed.next(2)).map((event) => event.data.seq), [3, 4], 'then live');
  resumed.close();

  const bad = await get(emulator, '/_emulator/journal/stream?after=-1');
  t.equal(bad.status, 400);
  const badHeader = await fetch(`${emulator.url}/_emulator/journal/stream`, { headers: { 'last-event-id': 'nope' } });
  t.equal(badHeader.status, 400);
  t.match((await badHeader.json()) as object, { error: 'INVALID_ARGUMENT', message: /Last-Event-ID 'nope'/ });
  t.equal((await get(emulator, '/_emulator/journal?after=3')).status, 200);
  t.same(((await (await get(emulator, '/_emulator/journal?after=3')).json()) as { requests: Array<{ seq: number }> }).requests.map((entry) => entry.seq), [4], 'after= filters GET /journal too');
});

t.test('the stream needs the control token like every control route', async (t) => {
  const emulator = await startEmulator({ controlToken: 'stream-token' });
  t.teardown(() => emulator.close());
  t.equal((await get(emulator, '/_emulator/journal/stream')).status, 401);
  const stream = await openStream(emulator, '', { 'x-emulator-control-token': 'stream-token' });
  t.equal(stream.response.statusCode, 200);
  await get(emulator, '/v2/incidents');
  t.equal((await stream.next(1))[0]!.data.path, '/v2/incidents');
  stream.close();
});

t.test('streams are bounded in number, ended by shutdown, and cut off when their reader stalls', async (t) => {
  const emulator = await startEmulator();
  const streams = await Promise.all(Array.from({ length: MAX_STREAMS }, () => openStream(emulator)));
  const refused = await get(emulator, '/_emulator/journal/stream');
  t.equal(refused.status, 429, `at most ${MAX_STREAMS} at once`);
  t.match((await refused.json()) as object, { message: /at most 32 journal streams/ });
  streams.pop()!.close();
  await t.resolves(async () => {
    for (let i = 0; emulator.app.journal.subscribers >= MAX_STREAMS; i++) {
      if (i >= 500) throw new Error('the closed stream still holds its place');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }, 'a closed stream frees its place');

  // A reader that never reads: its queue grows until the emulator lets it go.
  const stalled = await new Promise<IncomingMessage>((resolve) => {
    httpRequest(`${emulator.url}/_emulator/journal/stream`, (response) => {
      response.pause();
      resolve(response);
    }).end();
  });
  const before = emulator.app.journal.subscribers;
  const big = 'x'.repeat(16 * 1024);
  for (let i = 0; i < 1000 && emulator.app.journal.subscribers === before; i++) {
    emulator.app.journal.record({ arrivedAt: Date.parse('2026-01-01T00:00:00Z'), requestId: String(i), method: 'GET', path: `/v2/${big}`, query: '', status: 200, latencyMs: 1, tenant: 'default', fault: null });
    await new Promise((resolve) => setImmediate(resolve));
  }
  t.equal(emulator.app.journal.subscribers, before - 1, 'the stalled stream was dropped');
  stalled.destroy();
  for (const stream of streams) stream.close();

  const open = await openStream(emulator);
  // A close that waited for stream clients would never end (the test would time out).
  await emulator.close();
  await t.rejects(open.next(1), /stream ended/, 'the stream ended');
});
