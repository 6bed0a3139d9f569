import t from 'tap';
import { inspect } from 'node:util';
import { helpText, parseCommandLine } from '../../src/config.js';
import { parseUpstreamTargets } from '../../src/upstream/settings.js';

const CREDENTIALS = {
  EMULATOR_UPSTREAM_ESET_USERNAME: 'someone@example.com',
  EMULATOR_UPSTREAM_ESET_PASSWORD: 'pa55-word-1',
  EMULATOR_UPSTREAM_ADVERSARIAL_CLIENT_ID: 'arm_sa_real',
  EMULATOR_UPSTREAM_ADVERSARIAL_CLIENT_SECRET: 'arm_sk_real-2',
};

const run = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parseCommandLine(argv, env);
  if (parsed.kind !== 'run') throw new Error('not a run');
  return parsed.config;
};

t.test('--upstream names base URLs per API', async (t) => {
  t.same(parseUpstreamTargets('eset=https://eu.incident-management.eset.systems/, adversarial=https://api.adversarial.com/api'), {
    eset: 'https://eu.incident-management.eset.systems',
    adversarial: 'https://api.adversarial.com/api',
  });
  t.same(parseUpstreamTargets('eset=http://127.0.0.1:1,eset-auth=http://127.0.0.1:2'), { eset: 'http://127.0.0.1:1', esetAuth: 'http://127.0.0.1:2' });
  for (const bad of ['', 'eset', 'eset=ftp://x', 'other=http://x', 'eset=http://user:pass@x', 'eset=http://x?a=1', 'eset=http://x,eset=http://y', 'eset=not a url']) {
    t.equal(parseUpstreamTargets(bad), undefined, bad);
  }
  const config = run(['--upstream', 'eset=http://127.0.0.1:9', '--upstream-mode', 'shadow'], CREDENTIALS);
  t.same(config.upstream, { eset: 'http://127.0.0.1:9' });
  t.equal(config.upstreamMode, 'shadow');
  t.equal(config.upstreamAuth, 'environment');
  t.equal(config.upstreamTimeoutMs, 30_000);
  t.equal(run([], { EMULATOR_UPSTREAM: 'adversarial=http://127.0.0.1:9/api', EMULATOR_UPSTREAM_TIMEOUT: '5s', ...CREDENTIALS }).upstreamTimeoutMs, 5000);
  t.same(run([]).upstream, {}, 'none by default');
});

t.test('settings that cannot work together stop the start with a message', async (t) => {
  const cases: Array<[string[], Record<string, string>, RegExp]> = [
    [['--upstream', 'eset=http://x'], {}, /EMULATOR_UPSTREAM_ESET_USERNAME and EMULATOR_UPSTREAM_ESET_PASSWORD.*--upstream-auth caller/],
    [['--upstream', 'adversarial=http://x/api'], {}, /EMULATOR_UPSTREAM_ADVERSARIAL_CLIENT_ID/],
    [['--upstream', 'eset=http://x', '--upstream-mode', 'record'], CREDENTIALS, /--record-to/],
    [['--upstream', 'eset-auth=http://x'], CREDENTIALS, /eset-auth=… needs eset=…/],
    [['--upstream', 'eset=ftp://x'], {}, /--upstream.*api=<base URL>/],
    [['--upstream-mode', 'mirror'], {}, /--upstream-mode.*proxy, shadow, record/],
    [['--upstream-auth', 'mine'], {}, /--upstream-auth.*environment, caller/],
    [['--upstream-timeout', '0'], {}, /--upstream-timeout/],
  ];
  for (const [argv, env, message] of cases) t.throws(() => parseCommandLine(argv, env), { name: 'ConfigError', message }, argv.join(' '));
  t.same(run(['--upstream', 'eset=http://x', '--upstream-auth', 'caller']).upstreamCredentials, {}, 'the caller brings the credentials');
  t.equal(run(['--upstream', 'eset=http://x', '--upstream-mode', 'record', '--record-to', '/tmp/rec'], CREDENTIALS).recordTo, '/tmp/rec');
});

t.test('credentials come from the environment and never print', async (t) => {
  const config = run(['--upstream', 'eset=http://x,adversarial=http://y/api'], CREDENTIALS);
  t.equal(config.upstreamCredentials.eset?.password.reveal(), 'pa55-word-1');
  t.equal(config.upstreamCredentials.adversarial?.clientSecret.reveal(), 'arm_sk_real-2');
  t.equal(run([], { EMULATOR_RECORD_KEY: 'fake-key-1' }).upstreamCredentials.recordKey?.reveal(), 'fake-key-1');
  const printed = [JSON.stringify(config), inspect(config, { depth: 10 }), String(config.upstreamCredentials.eset?.username), `${config.upstreamCredentials.adversarial?.clientId}`];
  for (const text of printed) {
    for (const secret of Object.values(CREDENTIALS)) t.notOk(text.includes(secret), `${secret} is not printed`);
    t.match(text, /redacted/);
  }
  const help = helpText();
  for (const flag of ['--upstream ', '--upstream-mode', '--upstream-auth', '--upstream-timeout', '--record-to']) t.match(help, flag);
});
