/**
 * `npm test`: the type check runs beside the tests instead of before them. tsc keeps one core busy
 * for 10 s or more (far more on a clean clone) while the other would sit idle; next to the
 * schema recording and tap it fills the gaps where tap's jobs wait. Both must pass: the exit code
 * is tap's, or the type check's when tap passed. tsc's output is held back and printed after
 * tap's, so that the two do not interleave. Arguments go to tap (`npm test -- test/x.test.ts`).
 */
import { spawn } from 'node:child_process';

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

const typecheck = run('npm', ['run', '--silent', 'typecheck'], { capture: true });
const schemas = await run('npm', ['run', '--silent', 'test:schemas']);
const tests = schemas.code === 0 ? await run('tap', process.argv.slice(2)) : schemas;
const types = await typecheck;
if (types.output.trim()) process.stdout.write(`\n${types.output}`);
console.log(types.code === 0 ? 'type check passed' : `type check failed (exit ${types.code})`);
process.exitCode = tests.code || types.code;
