import t from 'tap';
import { ConfigError, defaultConfig, helpText, parseCommandLine } from '../src/config.js';
import { runCli } from '../src/cli.js';

t.test('flags win over environment, environment over defaults', async (t) => {
  const parsed = parseCommandLine(['--port', '4999', '--db', ':memory:'], { EMULATOR_PORT: '5000', EMULATOR_SEED: '42' });
  t.equal(parsed.kind, 'run');
  if (parsed.kind !== 'run') return;
  t.equal(parsed.config.port, 4999);
  t.equal(parsed.config.db, ':memory:');
  t.equal(parsed.config.seed, 42);
  t.equal(parsed.config.host, '127.0.0.1');
  t.same(parseCommandLine([], {}), { kind: 'run', config: defaultConfig() });
});

t.test('bad values name the setting and what it accepts', async (t) => {
  const cases: Array<[string[], Record<string, string>, RegExp]> = [
    [['--port', 'abc'], {}, /--port.*integer from 0 to 65535/],
    [['--port', '70000'], {}, /--port/],
    [[], { EMULATOR_PORT: '-1' }, /EMULATOR_PORT/],
    [['--log-level', 'loud'], {}, /--log-level.*fatal, error, warn, info, debug, trace, silent/],
    [['--seed', '1.5'], {}, /--seed/],
    [['--db', ''], {}, /--db/],
    [['--host', 'a b'], {}, /--host/],
    [['--nope'], {}, /nope.*--help/],
    [['positional'], {}, /--help/],
  ];
  for (const [argv, env, message] of cases) {
    t.throws(() => parseCommandLine(argv, env), { name: 'ConfigError', message }, argv.join(' ') || JSON.stringify(env));
  }
  t.ok(new ConfigError('x') instanceof Error);
});

t.test('--help lists every setting', async (t) => {
  t.same(parseCommandLine(['--help'], {}), { kind: 'help' });
  t.same(parseCommandLine(['-v'], {}), { kind: 'version' });
  const help = helpText();
  for (const flag of ['--port', '--host', '--db', '--fixtures', '--seed', '--generate', '--log-level']) t.match(help, flag);
});

t.test('the command line stops with exit code 2 on a bad setting, and starts on good ones', async (t) => {
  const output: string[] = [];
  const io = { out: (text: string) => void output.push(text), err: (text: string) => void output.push(text) };
  t.same(await runCli(['--port', 'abc'], {}, io), { kind: 'exit', code: 2 });
  t.match(output.join(''), /Invalid value 'abc' for --port/);
  t.same(await runCli(['--help'], {}, io), { kind: 'exit', code: 0 });
  t.match(output.join(''), /--log-level/);
  t.same(await runCli(['--version'], {}, io), { kind: 'exit', code: 0 });
  t.match(output.join(''), /\d+\.\d+\.\d+/);
  const broken = t.testdir({ 'eset.json': '[]' });
  t.same(await runCli(['--db', ':memory:', '--fixtures', broken], {}, io), { kind: 'exit', code: 1 });
  t.match(output.join(''), /failed to start: .*eset\.json/);

  const running = await runCli(['--port', '0', '--db', ':memory:'], { EMULATOR_LOG_LEVEL: 'warn' }, io);
  t.equal(running.kind, 'running');
  if (running.kind !== 'running') return;
  t.teardown(() => running.app.close());
  t.match(output.join(''), /listening on http:\/\/127\.0\.0\.1:\d+/);
  t.match(output.join(''), /emulator@example\.com \/ emulator/);
  const response = await fetch(`${running.address}/openapi/eset.json`);
  t.equal(response.status, 200, 'it answers over the network on loopback');
});
