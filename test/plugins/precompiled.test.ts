/**
 * The build's precompile step records every route validator and serializer; an app built from
 * that module alone compiles nothing and behaves as one that compiled them.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
// The children load TypeScript the way this test process does (its own --import hooks, under tap
// the runner's): with another transpiler, the V8 coverage they report for the same source files
// would be merged at other offsets and corrupt the report (covered functions read as uncovered).
const loader = process.execArgv.some((arg) => arg.includes('typescript')) ? process.execArgv : ['--import', 'tsx'];
const tsx = (args: string[]) => execFileSync(process.execPath, [...loader, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

t.test('precompile, then start from the precompiled module only', async (t) => {
  const out = join(t.testdir(), 'schemas.cjs');
  const printed = tsx(['src/precompile.ts', '--out', out]);
  t.match(printed, /^precompiled \d+ route validators and serializers into /);
  t.ok(existsSync(out));
  const count = Number(/precompiled (\d+)/.exec(printed)![1]);
  t.ok(count > 50, `${count} functions recorded`);

  const result = JSON.parse(tsx(['test/plugins/precompiled-child.ts', out]).trim().split('\n').at(-1)!) as {
    stats: { loaded: number; compiled: number };
    list: { status: number; count: number; keys: string[] };
    badBody: { status: number; reason: string };
    adversarial: number;
    reset: { status: number; keys: string[] };
  };
  t.equal(result.stats.compiled, 0, 'nothing compiled at start');
  t.ok(result.stats.loaded >= count - 2, `${result.stats.loaded} loaded`);
  t.same(result.list, { status: 200, count: 3, keys: ['incidents', 'nextPageToken'] }, 'a list served and serialized');
  t.equal(result.badBody.status, 400);
  t.match(result.badBody.reason, /body\/displayName must be string/, 'a body validated');
  t.equal(result.adversarial, 401);
  t.same(result.reset, { status: 200, keys: ['seededFrom', 'tenant', 'tookMs'] });

  const missing = JSON.parse(tsx(['test/plugins/precompiled-child.ts', join(t.testdir(), 'absent.cjs')]).trim().split('\n').at(-1)!) as typeof result;
  t.equal(missing.stats.loaded, 0, 'without the module everything is compiled');
  t.ok(missing.stats.compiled > 50);
  t.same(missing.list, result.list, 'with the same result');
  t.same(missing.badBody, result.badBody);
});
