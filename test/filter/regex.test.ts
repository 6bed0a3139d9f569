/**
 * matches(): RE2 semantics on a linear-time engine, an invalid pattern refused with its position,
 * and a budget on what the in-process stage may examine.
 */
import t from 'tap';
import { ESET_FIELDS } from '../../src/apis/eset/filter-fields.js';
import { compileFilter, QueryLanguageError } from '../../src/filter/index.js';
import { FilterBudgetExceeded, ResidualBudget } from '../../src/filter/budget.js';
import { IncidentLister } from '../../src/apis/eset/list-incidents.js';
import { esetToken, startApp } from '../helpers.js';
import { control } from '../control/control-helpers.js';
import { esetStore } from '../../src/apis/eset/store.js';

const select = (filter: string, displayName: string) => compileFilter(filter, ESET_FIELDS).residual!({ display_name: displayName });

t.test('a catastrophic-backtracking pattern runs in linear time', async (t) => {
  // With a backtracking engine this takes hours (2^40 steps); with RE2 it is immediate.
  const evil = `${'a'.repeat(40)}!`;
  t.equal(select('display_name.matches("^(a+)+$")', evil), false);
  t.equal(select('display_name.matches("^(a+)+$")', 'aaaa'), true);
  t.equal(select('matches(display_name, "(x+x+)+y")', `${'x'.repeat(5000)}`), false);
});

t.test('matches() follows RE2: unanchored search, RE2 syntax only', async (t) => {
  t.equal(select('display_name.matches("b+")', 'abbbc'), true, 'a search, not a full match');
  t.equal(select('display_name.matches("^.$")', '\u{1F600}'), true, 'one code point is one character');
  t.equal(select('display_name.matches("(?i)ABC")', 'xabcx'), true);
});

t.test('an invalid pattern is refused with the pattern and its position', async (t) => {
  for (const [filter, position, message] of [
    ['display_name.matches("(")', 22, /invalid regular expression '\(': missing closing \) \(RE2 syntax\)/],
    ['uuid == "x" || display_name.matches("a(?P<n>b)\\\\1")', 46, /invalid regular expression 'a\(\?P<n>b\)\\1': invalid escape sequence at '\\1'/],
    ['display_name.matches("[z-a]")', 23, /invalid character class range at 'z-a'/],
    ['matches(display_name, "*")', 23, /missing argument to repetition operator/],
  ] as const) {
    const error = t.throws(() => compileFilter(filter, ESET_FIELDS)) as unknown as QueryLanguageError;
    t.type(error, QueryLanguageError, filter);
    t.match(error.message, message, filter);
    t.equal(error.position, position, filter);
  }
});

t.test('the in-process stage has a budget of rows', async (t) => {
  const budget = new ResidualBudget({ rows: 3, ms: 60_000 });
  budget.spend();
  budget.spend();
  budget.spend();
  const error = t.throws(() => budget.spend()) as unknown as FilterBudgetExceeded;
  t.type(error, FilterBudgetExceeded);
  t.match(error.message, /examined more than 3 rows/);
  const timed = new ResidualBudget({ rows: 1_000_000, ms: 0 });
  t.throws(() => {
    for (let i = 0; i < 10_000; i++) timed.spend();
  }, /took longer than 0 ms/);
});

t.test('a list whose in-process part exceeds the budget is a 400 that says how to narrow it', async (t) => {
  const { app } = await startApp(t);
  const lister = new IncidentLister(app.pageTokens, { rows: 3, ms: 60_000 });
  const list = (filter: string) => lister.list(esetStore(app.datasets.primary).incidents, { filter, orderBy: '', pageSize: 100, pageToken: '' });
  await t.rejects(list('display_name.matches("^zzz")'), {
    status: 400,
    message: /^filter: the part of the filter evaluated in process examined more than 3 rows; add conditions/,
  });
  t.ok((await list('display_name.startsWith("zzz")')).items === '', 'a filter SQL evaluates has no such bound');
});

t.test('over HTTP: the regular expression of doom answers at once; an invalid one is a 400', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const list = await app.inject({ method: 'GET', url: '/v2/incidents', headers: { authorization: `Bearer ${token}` }, query: { pageSize: '1' } });
  const uuid = (list.json() as { incidents: Array<{ uuid: string }> }).incidents[0]!.uuid;
  const evil = `${'a'.repeat(40)}!`;
  t.equal((await control(app, 'POST', 'state', { eset: { incidents: [{ uuid, displayName: evil }] } })).statusCode, 200);
  const get = (filter: string) => app.inject({ method: 'GET', url: '/v2/incidents', headers: { authorization: `Bearer ${token}` }, query: { filter } });
  const doom = await get('displayName.matches("^(a+)+$")');
  t.equal(doom.statusCode, 200);
  t.same((doom.json() as { incidents: unknown[] }).incidents, []);
  t.equal((await get('displayName.matches("^(a+)+!$")')).json().incidents.length, 1);
  const invalid = await get('displayName.matches("(")');
  t.equal(invalid.statusCode, 400);
  t.match(invalid.headers['x-emulator-reason'], /^filter: invalid regular expression '\(': missing closing \) \(RE2 syntax\) \(at position 21\)$/);
});
