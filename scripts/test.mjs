/**
 * `npm test`: the type check runs beside the tests instead of before them. tsc keeps one core busy
 * for 10 s or more (far more on a clean clone) while the other would sit idle; next to the
 * schema recording and tap it fills the gaps where tap's jobs wait. Both must pass: the exit code
 * is tap's, or the type check's when tap passed. tsc's output is held back and printed after
 * tap's, so that the two do not interleave. Arguments go to tap (`npm test -- test/x.test.ts`).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const onWindows = process.platform === 'win32';

/** Runs a command of node_modules/.bin or npm; `capture` keeps its output instead of showing it. */
function run(command, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', shell: onWindows });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/**
 * tap rebuilds its Test class when the configured plugins differ from the built ones (a clean
 * clone, a changed "plugin" list), and tsc reads the types that build writes: then the build
 * comes first, so that the type check never reads half-written declarations.
 */
async function buildTapPluginsIfChanged() {
  const configured = (await run('tap', ['plugin', 'list'], { capture: true })).output;
  const sorted = (text) => text.split('\n').map((line) => line.trim()).filter(Boolean).sort().join('\n');
  if (sorted(configured) !== sorted(builtPluginSignature())) await run('tap', ['build']);
}

/** The plugin list the built Test class carries (tap's `signature` export); '' when unreadable, which means build. */
function builtPluginSignature() {
  try {
    const built = readFileSync(join(ROOT, 'node_modules', '@tapjs', 'test', 'test-built', 'dist', 'esm', 'index.js'), 'utf8');
    return /^export const signature = `([^`]*)`/m.exec(built)?.[1] ?? '';
  } catch {
    return '';
  }
}

const recording = run('npm', ['run', '--silent', 'test:schemas']);
await buildTapPluginsIfChanged();
const typecheck = run('npm', ['run', '--silent', 'typecheck'], { capture: true });
const schemas = await recording;
const tests = schemas.code === 0 ? await run('tap', process.argv.slice(2)) : schemas;
const types = await typecheck;
if (types.output.trim()) process.stdout.write(`\n${types.output}`);
console.log(types.code === 0 ? 'type check passed' : `type check failed (exit ${types.code})`);
process.exitCode = tests.code || types.code;
