/**
 * `npm test` runs the test files in a few processes rather than one each. A test process spends
 * about 1.5 s of CPU before its first test (Node, tap and its coverage bookkeeping, the TypeScript
 * loader, importing the app's modules): over seventy files that was as much as the tests
 * themselves. Each suite here imports every test file of its folders in one process, in name
 * order; a file still runs alone with `npm test -- test/eset/list-paging.test.ts`.
 *
 * Files that must have a process of their own (they are long, or measure the process) are listed
 * in ALONE and named in tap's "include" directly. every-file.test.ts checks that each test file
 * is run exactly once, by one suite or alone.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const TEST_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Suite name → the folders (under test/) whose *.test.ts files it runs; '.' is test/ itself. */
export const SUITES: Readonly<Record<string, readonly string[]>> = {
  adversarial: ['adversarial'],
  eset: ['eset'],
  control: ['control'],
  upstream: ['upstream', 'console'],
  store: ['store', 'auth', 'util', 'datasets', 'architecture', 'openapi', 'contract'],
  http: ['filter', 'faults', 'plugins', '.'],
};

/** Test files (relative to test/) that run in a process of their own. */
export const ALONE: readonly string[] = [
  'fuzz/filter-differential.test.ts',
  'fuzz/requests-part1.test.ts',
  'fuzz/requests-part2.test.ts',
  'fuzz/requests-part3.test.ts',
  'fuzz/requests-part4.test.ts',
  // It counts what the process compiled and loaded: other files' apps would be counted too.
  'plugins/precompiled.test.ts',
];

/** The test files a suite runs, relative to test/, in name order. */
export function suiteFiles(suite: string): string[] {
  return SUITES[suite]!.flatMap((folder) =>
    readdirSync(join(TEST_ROOT, folder))
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => relative(TEST_ROOT, join(TEST_ROOT, folder, name)))
      .filter((file) => !ALONE.includes(file)),
  ).sort();
}

/** Imports a suite's test files one after the other: their tests run in this process, in that order. */
export async function runSuite(suite: string): Promise<void> {
  for (const file of suiteFiles(suite)) await import(pathToFileURL(join(TEST_ROOT, file)).href);
}
