/**
 * Strings beyond the Basic Multilingual Plane, and NUL. The SQL path and the in-process path
 * must select the same rows as CEL defines them: strings compare by code point (as SQLite's
 * UTF-8 memcmp does), size() counts code points. A string with NUL (which SQLite's text
 * functions stop at) or a lone surrogate (which UTF-8 cannot hold) is refused on write, and in
 * a filter literal.
 */
import t from 'tap';
import { ESET_FIELDS } from '../../src/apis/eset/filter-fields.js';
import { compileFilter } from '../../src/filter/index.js';
import { esetToken, startApp } from '../helpers.js';
import { adversarialRequest, adversarialToken } from '../adversarial/requests.js';
import { control } from '../control/control-helpers.js';
import { openDatabase, select } from './fixtures/incidents.js';

const db = openDatabase();
t.teardown(() => db.close());
const NAMES: Record<string, string> = {
  i01: '\u{1F600} smile',
  i02: '\uff5e wave',
  i03: 'a\u{10000}b',
  i04: '\ud7ff edge',
  i05: 'plain',
};
for (const [uuid, name] of Object.entries(NAMES)) db.prepare('UPDATE eset_incidents SET display_name = ? WHERE uuid = ?').run(name, uuid);

/** What CEL (and Go, and SQLite) mean by string order: code point by code point. */
const byCodePoint = (a: string, b: string) => {
  const [x, y] = [[...a].map((c) => c.codePointAt(0)!), [...b].map((c) => c.codePointAt(0)!)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

t.test('ordering, size and substrings agree between SQL, in process and CEL', async (t) => {
  const names = db.prepare('SELECT uuid, display_name FROM eset_incidents ORDER BY uuid').all() as Array<{ uuid: string; display_name: string }>;
  const where = (predicate: (name: string) => boolean) => names.filter((row) => predicate(row.display_name)).map((row) => row.uuid);
  const cases: Array<[string, string[]]> = [
    ['display_name > "\uff5e"', where((n) => byCodePoint(n, '\uff5e') > 0)],
    ['display_name >= "\uff5e wave"', where((n) => byCodePoint(n, '\uff5e wave') >= 0)],
    ['display_name < "\u{1F600}"', where((n) => byCodePoint(n, '\u{1F600}') < 0)],
    ['"\ue000" <= display_name', where((n) => byCodePoint('\ue000', n) <= 0)],
    ['size(display_name) == 3', where((n) => [...n].length === 3)],
    ['display_name.endsWith("b") && display_name.startsWith("a\u{10000}")', ['i03']],
    ['display_name.contains("\u{10000}")', ['i03']],
    ['display_name.matches("^.b$")', []],
    ['display_name.matches("^a.b$")', ['i03']],
  ];
  t.ok(cases[0]![1].includes('i01') && '\u{1F600}' < '\uff5e', 'the case tells the orders apart (UTF-16 units say the opposite)');
  for (const [filter, expected] of cases) {
    t.same(select(db, filter).uuids, expected, `${filter}: SQL`);
    t.same(select(db, filter, { sql: false }).uuids, expected, `${filter}: in process`);
  }
});

t.test('a NUL or a lone surrogate in a filter literal is refused where it is', async (t) => {
  t.throws(() => compileFilter('display_name == "nul\\x00byte"', ESET_FIELDS), { message: /U\+0000/, position: 16 });
  t.throws(() => compileFilter('display_name.endsWith("\ud800")', ESET_FIELDS), { message: /lone surrogate/, position: 22 });
});

t.test('NUL and lone surrogates are refused on write, in each API’s own error shape', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const list = await app.inject({ method: 'GET', url: '/v2/incidents?pageSize=1', headers: { authorization: `Bearer ${token}` } });
  const uuid = (list.json() as { incidents: Array<{ uuid: string }> }).incidents[0]!.uuid;
  const before = (await app.inject({ method: 'GET', url: `/v2/incidents/${uuid}`, headers: { authorization: `Bearer ${token}` } })).body;

  for (const displayName of ['nul\u0000byte', 'half \ud83d pair']) {
    const eset = await app.inject({
      method: 'POST',
      url: `/v2/incidents/${uuid}/basic-attributes::update`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ displayName, updateMask: 'displayName' }),
    });
    t.equal(eset.statusCode, 400);
    t.equal(eset.body, '');
    t.match(eset.headers['x-emulator-reason'], /^displayName: must not contain (U\+0000|a lone surrogate)/);
  }
  t.equal((await app.inject({ method: 'GET', url: `/v2/incidents/${uuid}`, headers: { authorization: `Bearer ${token}` } })).body, before, 'nothing changed');

  const adversarial = await adversarialRequest(app, {
    method: 'POST',
    url: '/api/v1/incidents',
    token: await adversarialToken(app),
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ title: 'ok', description: 'line\u0000two', detected_date: '2026-11-19T08:30:00Z' }),
  });
  t.equal(adversarial.statusCode, 400);
  t.match(adversarial.json(), { errors: { description: [{ code: 'invalid_character', message: /U\+0000/ }] } });

  const state = await control(app, 'POST', 'state', { eset: { incidents: [{ uuid, tags: ['ok', 'x\u0000'] }] } });
  t.equal(state.statusCode, 400);
  t.match(state.json().message, /^eset\.incidents\[0\]\.tags\[1\]: must not contain U\+0000/);
  // A valid character outside the BMP is fine.
  const emoji = await control(app, 'POST', 'state', { eset: { incidents: [{ uuid, displayName: 'fire \u{1F525}' }] } });
  t.equal(emoji.statusCode, 200);
});
