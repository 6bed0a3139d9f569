/**
 * Every test file runs exactly once in `npm test`: in one suite (test/suites/) or alone, as tap's
 * "include" names them. A new test file in a new folder must be given to a suite.
 */
import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ALONE, SUITES, TEST_ROOT, suiteFiles } from './suites/folders.js';

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [relative(TEST_ROOT, path)] : [];
  });
}

t.test('each test file is run by exactly one suite or alone', async (t) => {
  const runs = new Map<string, string[]>();
  for (const suite of Object.keys(SUITES)) for (const file of suiteFiles(suite)) runs.set(file, [...(runs.get(file) ?? []), suite]);
  for (const file of ALONE) runs.set(file, [...(runs.get(file) ?? []), 'alone']);
  const files = testFiles(TEST_ROOT).sort();
  t.same(files.filter((file) => !runs.has(file)), [], 'no file is left out');
  t.same([...runs].filter(([, by]) => by.length > 1), [], 'no file runs twice');
  t.same([...runs.keys()].filter((file) => !files.includes(file)), [], 'every file named exists');
  t.ok(files.length > 60, `${files.length} test files`);
});

t.test("tap's include runs the suites and the files that run alone, and nothing else", async (t) => {
  const include = (JSON.parse(readFileSync(join(TEST_ROOT, '..', 'package.json'), 'utf8')) as { tap: { include: string[] } }).tap.include;
  t.same([...include].sort(), ['test/suites/*.suite.ts', ...ALONE.map((file) => `test/${file}`)].sort());
  const suites = readdirSync(join(TEST_ROOT, 'suites')).filter((name) => name.endsWith('.suite.ts')).map((name) => name.slice(0, -'.suite.ts'.length));
  t.same(suites.sort(), Object.keys(SUITES).sort(), 'a suite file for every suite');
});
