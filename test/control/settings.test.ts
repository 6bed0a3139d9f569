import t from 'tap';
import { defaultConfig, helpText, parseCommandLine } from '../../src/config.js';
import { parseDurationMs } from '../../src/util/duration.js';

const run = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parseCommandLine(argv, env);
  if (parsed.kind !== 'run') throw new Error('expected a run');
  return parsed.config;
};

t.test('the control-plane settings and their defaults', async (t) => {
  const config = run([]);
  t.match(config, {
    profile: 'default',
    controlToken: '',
    journalSize: 1000,
    faults: '',
    gatewayWaitMs: 0,
    esetRateLimit: 0,
    adversarialRateLimit: 0,
    corsOrigins: ['localhost'],
  });
  t.match(
    run(['--control-token', 'abcdefgh', '--journal-size', '5', '--faults', '[]', '--gateway-wait', '2s', '--eset-rate-limit', 'on', '--adversarial-rate-limit', '7', '--cors-origins', 'http://a.example:*, https://b.example']),
    { controlToken: 'abcdefgh', journalSize: 5, faults: '[]', gatewayWaitMs: 2000, esetRateLimit: 10, adversarialRateLimit: 7, corsOrigins: ['http://a.example:*', 'https://b.example'] },
  );
  t.equal(run(['--eset-rate-limit', '3']).esetRateLimit, 3);
  t.equal(run(['--eset-rate-limit', 'off']).esetRateLimit, 0);
  t.equal(run(['--gateway-wait', 'off']).gatewayWaitMs, 0);
  t.equal(run([]).readCache, true, 'the read cache is on by default');
  t.equal(run(['--read-cache', 'off']).readCache, false);
  t.equal(run([], { EMULATOR_READ_CACHE: 'off' }).readCache, false);
  t.equal(run([]).spareTenants, 2, 'two spare tenant files by default');
  t.equal(run(['--spare-tenants', '0']).spareTenants, 0);
  t.equal(run([], { EMULATOR_SPARE_TENANTS: '5' }).spareTenants, 5);
  t.same(run([], { EMULATOR_CORS_ORIGINS: '*' }).corsOrigins, ['*']);
  for (const flag of ['--profile', '--control-token', '--journal-size', '--spare-tenants', '--read-cache', '--faults', '--gateway-wait', '--eset-rate-limit', '--adversarial-rate-limit', '--cors-origins']) {
    t.match(helpText(), flag);
  }
});

t.test('the realistic profile turns on every real-service behaviour not set explicitly', async (t) => {
  t.match(run(['--profile', 'realistic']), { esetRateLimit: 10, gatewayWaitMs: 30_000 });
  t.match(run(['--profile', 'realistic', '--eset-rate-limit', 'off']), { esetRateLimit: 0, gatewayWaitMs: 30_000 });
  t.match(run([], { EMULATOR_PROFILE: 'realistic', EMULATOR_GATEWAY_WAIT: '50s' }), { esetRateLimit: 10, gatewayWaitMs: 50_000 });
  t.match(defaultConfig({ profile: 'realistic' }), { esetRateLimit: 10, gatewayWaitMs: 30_000 });
  t.match(defaultConfig({ profile: 'realistic', gatewayWaitMs: 0 }), { gatewayWaitMs: 0 });
  t.equal(run(['--profile', 'realistic']).esetBurst, true, 'the burst behaviour comes with the profile');
  t.equal(run(['--profile', 'realistic', '--eset-burst', 'off']).esetBurst, false);
  t.equal(run([]).esetBurst, false, 'off by default');
  t.equal(run(['--eset-burst', 'on']).esetBurst, true, 'its own switch');
  t.equal(run([], { EMULATOR_ESET_BURST: 'on' }).esetBurst, true);
  t.match(helpText(), '--eset-burst');
});

t.test('bad values are refused with the setting named', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['--profile', 'chaos'], /--profile.*default, realistic/],
    [['--control-token', 'short'], /--control-token/],
    [['--journal-size', '-1'], /--journal-size/],
    [['--spare-tenants', '17'], /--spare-tenants.*0 to 16/],
    [['--gateway-wait', 'soon'], /--gateway-wait/],
    [['--eset-rate-limit', 'fast'], /--eset-rate-limit/],
    [['--eset-burst', 'yes'], /--eset-burst.*on or off/],
    [['--read-cache', 'no'], /--read-cache.*on or off/],
    [['--adversarial-rate-limit', 'on'], /--adversarial-rate-limit/],
    [['--cors-origins', 'ftp://x'], /--cors-origins/],
    [['--cors-origins', ','], /--cors-origins/],
  ];
  for (const [argv, message] of cases) t.throws(() => parseCommandLine(argv, {}), { name: 'ConfigError', message }, argv.join(' '));
});

t.test('durations', async (t) => {
  t.equal(parseDurationMs('1500'), 1500);
  t.equal(parseDurationMs(1500), 1500);
  t.equal(parseDurationMs('1.5s'), 1500);
  t.equal(parseDurationMs('90s'), 90_000);
  t.equal(parseDurationMs('15m'), 900_000);
  t.equal(parseDurationMs('2h'), 7_200_000);
  t.equal(parseDurationMs('1d'), 86_400_000);
  for (const bad of ['', '-1', '1w', 'abc', '1e3', -5, Number.NaN, null, {}]) t.equal(parseDurationMs(bad), undefined, String(bad));
});

t.test('the banner says which way the control API runs, and the behaviour switches', async (t) => {
  const { startupBanner } = await import('../../src/banner.js');
  const { startApp } = await import('../helpers.js');
  const open = await startApp(t);
  t.match(startupBanner(open.app, 'http://127.0.0.1:4610'), /control API +http:\/\/127\.0\.0\.1:4610\/_emulator\/ +\(open: no --control-token\)/);
  t.match(startupBanner(open.app, 'http://127.0.0.1:4610'), /profile default, ESET rate limit off, ESET burst behaviour off, 202 after never \(gateway wait off\), 0 fault rule\(s\)/);
  const locked = await startApp(t, { controlToken: 'abcdefgh', profile: 'realistic', faults: '[{"action":{"status":503}}]' });
  t.match(startupBanner(locked.app, 'http://127.0.0.1:4610'), /needs "Authorization: Bearer <--control-token>"/);
  t.match(startupBanner(locked.app, 'http://127.0.0.1:4610'), /profile realistic, ESET rate limit 10\/s, ESET burst behaviour on, 202 after 30000 ms, 1 fault rule\(s\) from --faults/);
});
