/**
 * The build's precompile step records every route validator and serializer; an app built from
 * that module alone compiles nothing and behaves as one that compiled them.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
/**
 * The children load the TypeScript sources the way this test process does (its own loader
 * arguments): the runner follows child processes for coverage, and sources transpiled by another
 * loader would not match its source maps.
 */
function runSource(args: string[]): { stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [...process.execArgv, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited with ${run.status}: ${run.stderr}`);
  return run;
}

t.test('precompile, then start from the precompiled module only', async (t) => {
  const dir = t.testdir();
  const out = join(dir, 'schemas.txt');
  const build = runSource(['src/precompile.ts', '--out', out]);
  t.equal(build.stdout, '', 'nothing on standard output (npm pack --json reads it)');
  const printed = build.stderr;
  t.match(printed, /^precompiled \d+ route validators and serializers into /);
  t.ok(existsSync(out));
  const count = Number(/precompiled (\d+)/.exec(printed)![1]);
  t.ok(count > 50, `${count} functions recorded`);

  const result = JSON.parse(runSource(['test/plugins/precompiled-child.ts', out]).stdout.trim().split('\n').at(-1)!) as {
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

  // Entries are made into functions when first called; one that does not evaluate is compiled instead.
  const damaged = join(dir, 'damaged.txt');
  const [index, ...sources] = readFileSync(out, 'utf8').split('\n');
  t.ok(sources.join('\n').includes('function'), 'sources after the index line');
  const names = Object.keys(JSON.parse(index!) as object);
  const garbage = 'this is { not JavaScript\n';
  const garbled = Object.fromEntries(names.map((name, i) => [name, [i * garbage.length, (i + 1) * garbage.length]]));
  writeFileSync(damaged, `${JSON.stringify(garbled)}\n${garbage.repeat(names.length)}`);
  const broken = JSON.parse(runSource(['test/plugins/precompiled-child.ts', damaged]).stdout.trim().split('\n').at(-1)!) as typeof result;
  t.equal(broken.stats.loaded, result.stats.loaded, 'the same entries found');
  t.ok(broken.stats.compiled > 0, 'the ones called compiled');
  t.same(broken.list, result.list, 'with the same result');
  t.same(broken.badBody, result.badBody);
  t.same(broken.reset, result.reset);

  const missing = JSON.parse(runSource(['test/plugins/precompiled-child.ts', join(dir, 'absent.txt')]).stdout.trim().split('\n').at(-1)!) as typeof result;
  t.equal(missing.stats.loaded, 0, 'without the module everything is compiled');
  t.ok(missing.stats.compiled > 50);
  t.same(missing.list, result.list, 'with the same result');
  t.same(missing.badBody, result.badBody);
});
