/**
 * One schema for every setting: its CLI flag, its environment variable, its default and what it
 * accepts. Read once at start; a bad value stops the process with a message naming the setting.
 * Precedence: CLI flag > environment variable > default.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_FIXTURES_DIR } from './paths.js';
import { CREDENTIAL_ENV, NO_UPSTREAM_CREDENTIALS, UPSTREAM_AUTHS, UPSTREAM_MODES, parseUpstreamTargets, upstreamCredentialsFrom, upstreamProblem } from './upstream/settings.js';
import type { UpstreamAuth, UpstreamCredentials, UpstreamMode, UpstreamTargets } from './upstream/settings.js';
import { DURATION_ACCEPTS, parseDurationMs } from './util/duration.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

export interface EmulatorConfig {
  port: number;
  host: string;
  /** SQLite file of the default dataset, or ':memory:'. */
  db: string;
  /** Folder of fixture files seeded into a new database. */
  fixtures: string;
  /** Seed of the deterministic random generator (generated datasets, new ids). */
  seed: number;
  /** When > 0, seed a generated dataset of this many incidents instead of the fixtures. */
  generate: number;
  logLevel: LogLevel;
  /** Status of a broken business rule (closing a closed incident, …): ESET's choice is unsettled. */
  ruleViolationStatus: 400 | 403;
  /** 'realistic' turns on every real-service behaviour (rate limit, 202 wait) not set explicitly. */
  profile: Profile;
  /** When not '', the control API (/_emulator/*, except health and ready) requires this token. */
  controlToken: string;
  /** Tenants (the default one included) the emulator serves; a new one beyond is refused. */
  maxTenants: number;
  /** Copies of the template a file database keeps ready for new tenants, once one was made (0 = none). */
  spareTenants: number;
  /** Requests kept in the journal (a ring; 0 keeps none). */
  journalSize: number;
  /** Whether answers of repeated reads are kept until their dataset changes (store/read-cache.ts). */
  readCache: boolean;
  /** Fault rules at start: a JSON file path, or the rules as inline JSON ('' = none). */
  faults: string;
  /** ESET's gateway wait: added latency beyond it is answered 202 + response-id (0 = never). */
  gatewayWaitMs: number;
  /** ESET requests per second per credential and source address (0 = unlimited). */
  esetRateLimit: number;
  /** ESET's behaviour under a large burst: 202 at 2 requests per second, then 503 (faults/rate-limit.ts). */
  esetBurst: boolean;
  /** Adversarial requests per second per credential and source address (0 = unlimited). */
  adversarialRateLimit: number;
  /** Origins a browser may call from: 'localhost' (any port), '*', 'off', or a list. */
  corsOrigins: string[];
  /** Real services the emulated APIs are forwarded to (none: the emulator answers everything itself). */
  upstream: UpstreamTargets;
  /** What the emulator does with an API that has an upstream: pass through, compare with itself, or record. */
  upstreamMode: UpstreamMode;
  /** Whose credentials reach the upstream: the emulator's own (from the environment) or the caller's. */
  upstreamAuth: UpstreamAuth;
  /** How long an upstream answer may take before the caller gets a 504. */
  upstreamTimeoutMs: number;
  /** Fixture folder record mode writes ('' = none). */
  recordTo: string;
  /** Upstream credentials: environment only (never a flag, which `ps` would show), redacted when printed. */
  upstreamCredentials: UpstreamCredentials;
}

const PROFILES = ['default', 'realistic'] as const;
export type Profile = (typeof PROFILES)[number];

/** ESET's documented limit: 10 calls per second per credential and source address. */
export const ESET_REAL_RATE_LIMIT = 10;

/** What the realistic profile sets, unless the setting is given explicitly. */
const REALISTIC_PROFILE: Partial<EmulatorConfig> = { esetRateLimit: ESET_REAL_RATE_LIMIT, gatewayWaitMs: 30_000, esetBurst: true };

/** Settings read by code of their own rather than from the table (secrets: environment only). */
type TableKey = Exclude<keyof EmulatorConfig, 'upstreamCredentials'>;

interface Setting<K extends TableKey> {
  key: K;
  flag: string;
  env: string;
  accepts: string;
  description: string;
  default: EmulatorConfig[K];
  /** How --help shows the default, when not as String(default). */
  defaultText?: string;
  parse(raw: string): EmulatorConfig[K] | undefined;
}

const integerIn = (min: number, max: number) => (raw: string) => {
  if (!/^\d+$/.test(raw.trim())) return undefined;
  const value = Number(raw);
  return value >= min && value <= max ? value : undefined;
};

const nonEmpty = (raw: string) => (raw.trim() === '' ? undefined : raw);

const rateLimit = (on: number | undefined) => (raw: string) => {
  if (raw === 'off') return 0;
  if (raw === 'on' && on !== undefined) return on;
  return integerIn(0, 1_000_000)(raw);
};

const CORS_ORIGIN = /^(\*|https?:\/\/[A-Za-z0-9.\-[\]:]+(:(\d+|\*))?)$/;

const SETTINGS: { [K in TableKey]: Setting<K> } = {
  port: {
    key: 'port', flag: 'port', env: 'EMULATOR_PORT', default: 4610,
    accepts: 'an integer from 0 to 65535 (0 picks a free port)',
    description: 'TCP port to listen on',
    parse: integerIn(0, 65535),
  },
  host: {
    key: 'host', flag: 'host', env: 'EMULATOR_HOST', default: '127.0.0.1',
    accepts: 'a host name or IP address (0.0.0.0 listens on every interface)',
    description: 'address to listen on',
    parse: (raw) => (/^[A-Za-z0-9.:\-[\]]+$/.test(raw) ? raw : undefined),
  },
  db: {
    key: 'db', flag: 'db', env: 'EMULATOR_DB', default: './data/emulator.sqlite',
    accepts: "a file path or ':memory:'",
    description: 'SQLite database of the default dataset (created and seeded when new)',
    parse: nonEmpty,
  },
  fixtures: {
    key: 'fixtures', flag: 'fixtures', env: 'EMULATOR_FIXTURES', default: DEFAULT_FIXTURES_DIR,
    accepts: 'a folder holding eset.json and adversarial.json',
    description: 'fixture folder seeded into a new database',
    parse: nonEmpty,
  },
  seed: {
    key: 'seed', flag: 'seed', env: 'EMULATOR_SEED', default: 1,
    accepts: 'an integer from 0 to 4294967295',
    description: 'seed of the deterministic random generator',
    parse: integerIn(0, 4294967295),
  },
  generate: {
    key: 'generate', flag: 'generate', env: 'EMULATOR_GENERATE', default: 0,
    accepts: 'an integer from 0 to 10000000',
    description: 'seed this many generated incidents instead of the fixtures (0 = fixtures)',
    parse: integerIn(0, 10_000_000),
  },
  ruleViolationStatus: {
    key: 'ruleViolationStatus', flag: 'rule-violation-status', env: 'EMULATOR_RULE_VIOLATION_STATUS', default: 400,
    accepts: '400 or 403',
    description: 'HTTP status of a broken business rule (ESET documents 400; its error page suggests 403)',
    parse: (raw) => (raw === '400' ? 400 : raw === '403' ? 403 : undefined),
  },
  profile: {
    key: 'profile', flag: 'profile', env: 'EMULATOR_PROFILE', default: 'default',
    accepts: PROFILES.join(', '),
    description: 'realistic: every real-service behaviour at once (ESET rate limit, 30 s gateway wait, burst behaviour)',
    parse: (raw) => ((PROFILES as readonly string[]).includes(raw) ? (raw as Profile) : undefined),
  },
  controlToken: {
    key: 'controlToken', flag: 'control-token', env: 'EMULATOR_CONTROL_TOKEN', default: '',
    accepts: 'a token of 8 to 200 visible ASCII characters',
    description: 'require "Authorization: Bearer <token>" on the control API (/_emulator/*)',
    parse: (raw) => (/^[\x21-\x7e]{8,200}$/.test(raw) ? raw : undefined),
  },
  maxTenants: {
    key: 'maxTenants', flag: 'max-tenants', env: 'EMULATOR_MAX_TENANTS', default: 10_000,
    accepts: 'an integer from 1 to 1000000',
    description: 'tenants (x-emulator-tenant values, the default one included) served; a new one beyond is a 403',
    parse: integerIn(1, 1_000_000),
  },
  spareTenants: {
    key: 'spareTenants', flag: 'spare-tenants', env: 'EMULATOR_SPARE_TENANTS', default: 2,
    accepts: 'an integer from 0 to 16 (0: none)',
    description: 'copies of the seed a file database keeps ready once a tenant was made, so that new tenants take no file copy',
    parse: integerIn(0, 16),
  },
  journalSize: {
    key: 'journalSize', flag: 'journal-size', env: 'EMULATOR_JOURNAL_SIZE', default: 1000,
    accepts: 'an integer from 0 to 100000',
    description: 'requests kept in the request journal (the oldest drop out)',
    parse: integerIn(0, 100_000),
  },
  readCache: {
    key: 'readCache', flag: 'read-cache', env: 'EMULATOR_READ_CACHE', default: true, defaultText: 'on',
    accepts: 'on or off',
    description: 'keep the answers of repeated reads (an incident, a page of a list) until their data changes',
    parse: (raw) => (raw === 'on' ? true : raw === 'off' ? false : undefined),
  },
  faults: {
    key: 'faults', flag: 'faults', env: 'EMULATOR_FAULTS', default: '',
    accepts: 'a JSON file of fault rules, or the rules as inline JSON',
    description: 'fault rules active from the start',
    parse: nonEmpty,
  },
  gatewayWaitMs: {
    key: 'gatewayWaitMs', flag: 'gateway-wait', env: 'EMULATOR_GATEWAY_WAIT', default: 0, defaultText: 'off',
    accepts: `off or ${DURATION_ACCEPTS}`,
    description: "ESET's gateway wait: added latency beyond it answers 202 + response-id",
    parse: (raw) => (raw === 'off' ? 0 : parseDurationMs(raw)),
  },
  esetRateLimit: {
    key: 'esetRateLimit', flag: 'eset-rate-limit', env: 'EMULATOR_ESET_RATE_LIMIT', default: 0, defaultText: 'off',
    accepts: `off, on (the real ${ESET_REAL_RATE_LIMIT}/s) or requests per second`,
    description: 'ESET requests per second per credential and source address, then 429',
    parse: rateLimit(ESET_REAL_RATE_LIMIT),
  },
  esetBurst: {
    key: 'esetBurst', flag: 'eset-burst', env: 'EMULATOR_ESET_BURST', default: false, defaultText: 'off',
    accepts: 'on or off',
    description: 'ESET under a large burst (twice the rate limit in a second): 202 at 2 requests/s, then 503',
    parse: (raw) => (raw === 'on' ? true : raw === 'off' ? false : undefined),
  },
  adversarialRateLimit: {
    key: 'adversarialRateLimit', flag: 'adversarial-rate-limit', env: 'EMULATOR_ADVERSARIAL_RATE_LIMIT', default: 0, defaultText: 'off',
    accepts: 'off or requests per second',
    description: 'Adversarial requests per second per credential and source address, then 429',
    parse: rateLimit(undefined),
  },
  corsOrigins: {
    key: 'corsOrigins', flag: 'cors-origins', env: 'EMULATOR_CORS_ORIGINS', default: ['localhost'],
    accepts: "localhost (http://localhost:* and http://127.0.0.1:*), off, * or comma-separated origins (http://host:port, port may be *)",
    description: 'origins a browser may call the emulator from',
    parse: (raw) => {
      const list = raw.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
      if (list.length === 1 && (list[0] === 'localhost' || list[0] === 'off')) return list;
      return list.length > 0 && list.every((origin) => CORS_ORIGIN.test(origin)) ? list : undefined;
    },
  },
  upstream: {
    key: 'upstream', flag: 'upstream', env: 'EMULATOR_UPSTREAM', default: {}, defaultText: 'none',
    accepts: 'comma-separated api=<base URL>: eset, eset-auth (its token host, default the eset URL), adversarial (with /api)',
    description: 'forward the named APIs to their real services (see --upstream-mode)',
    parse: parseUpstreamTargets,
  },
  upstreamMode: {
    key: 'upstreamMode', flag: 'upstream-mode', env: 'EMULATOR_UPSTREAM_MODE', default: 'proxy',
    accepts: UPSTREAM_MODES.join(', '),
    description: 'proxy: pass answers through and report drift; shadow: also ask the emulator and compare; record: proxy and write scrubbed fixtures',
    parse: (raw) => ((UPSTREAM_MODES as readonly string[]).includes(raw) ? (raw as UpstreamMode) : undefined),
  },
  upstreamAuth: {
    key: 'upstreamAuth', flag: 'upstream-auth', env: 'EMULATOR_UPSTREAM_AUTH', default: 'environment',
    accepts: UPSTREAM_AUTHS.join(', '),
    description: "environment: the emulator's own upstream tokens from EMULATOR_UPSTREAM_* credentials; caller: the caller's Authorization goes through",
    parse: (raw) => ((UPSTREAM_AUTHS as readonly string[]).includes(raw) ? (raw as UpstreamAuth) : undefined),
  },
  upstreamTimeoutMs: {
    key: 'upstreamTimeoutMs', flag: 'upstream-timeout', env: 'EMULATOR_UPSTREAM_TIMEOUT', default: 30_000, defaultText: '30s',
    accepts: DURATION_ACCEPTS,
    description: 'how long an upstream answer may take before the caller gets a 504',
    parse: (raw) => {
      const ms = parseDurationMs(raw);
      return ms !== undefined && ms > 0 ? ms : undefined;
    },
  },
  recordTo: {
    key: 'recordTo', flag: 'record-to', env: 'EMULATOR_RECORD_TO', default: '', defaultText: 'none',
    accepts: 'a folder (created when missing)',
    description: 'record mode writes scrubbed eset.json and adversarial.json here, in the --fixtures format',
    parse: nonEmpty,
  },
  logLevel: {
    key: 'logLevel', flag: 'log-level', env: 'EMULATOR_LOG_LEVEL', default: 'info',
    accepts: LOG_LEVELS.join(', '),
    description: 'log level; request logs appear at debug and trace',
    parse: (raw) => (LOG_LEVELS as readonly string[]).includes(raw) ? (raw as LogLevel) : undefined,
  },
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type ParsedCommandLine =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; config: EmulatorConfig };

/** Parses CLI arguments and the environment into a validated configuration. */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
  };
  for (const setting of Object.values(SETTINGS)) options[setting.flag] = { type: 'string' };

  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}. Run with --help to list the settings.`);
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const config = {} as Record<keyof EmulatorConfig, unknown>;
  const explicit: Partial<Record<keyof EmulatorConfig, unknown>> = {};
  for (const setting of Object.values(SETTINGS) as Setting<TableKey>[]) {
    const fromFlag = values[setting.flag];
    const raw = typeof fromFlag === 'string' ? fromFlag : env[setting.env];
    if (raw === undefined) {
      config[setting.key] = setting.default;
      continue;
    }
    const parsed = setting.parse(raw);
    if (parsed === undefined) {
      const source = typeof fromFlag === 'string' ? `--${setting.flag}` : setting.env;
      throw new ConfigError(`Invalid value '${raw}' for ${source}: expected ${setting.accepts}.`);
    }
    config[setting.key] = parsed;
    explicit[setting.key] = parsed;
  }
  config.upstreamCredentials = upstreamCredentialsFrom(env);
  const problem = upstreamProblem(config as EmulatorConfig);
  if (problem !== undefined) throw new ConfigError(problem);
  return { kind: 'run', config: withProfile(config as EmulatorConfig, explicit as Partial<EmulatorConfig>) };
}

/** The profile's values for every setting that was not given explicitly. */
function withProfile(config: EmulatorConfig, explicit: Partial<EmulatorConfig>): EmulatorConfig {
  return config.profile === 'realistic' ? { ...config, ...REALISTIC_PROFILE, ...explicit } : config;
}

/** The configuration with every default: what tests and programmatic users start from. */
export function defaultConfig(overrides: Partial<EmulatorConfig> = {}): EmulatorConfig {
  const config = {} as Record<keyof EmulatorConfig, unknown>;
  for (const setting of Object.values(SETTINGS)) config[setting.key] = setting.default;
  config.upstreamCredentials = NO_UPSTREAM_CREDENTIALS;
  return withProfile({ ...(config as EmulatorConfig), ...overrides }, overrides);
}

export function helpText(): string {
  const settings = Object.values(SETTINGS);
  const flagWidth = Math.max(...settings.map((setting) => setting.flag.length)) + 2;
  const envWidth = Math.max(...settings.map((setting) => setting.env.length));
  const indent = ' '.repeat(2 + flagWidth + 2 + envWidth + 2);
  const rows = settings.map((setting) => {
    const fallback =
      setting.key === 'fixtures' ? 'the bundled fixtures/default' : setting.defaultText ?? (String(setting.default) || 'none');
    return `  ${`--${setting.flag}`.padEnd(flagWidth)}  ${setting.env.padEnd(envWidth)}  ${setting.description}\n` +
      `${indent}accepts ${setting.accepts}; default ${fallback}`;
  });
  return [
    'incident-emulator: a stateful emulator of the ESET Connect and Adversarial incident APIs.',
    '',
    'Usage: incident-emulator [options]      (or: npm start -- [options])',
    '',
    'Every option is also an environment variable; the flag wins.',
    '',
    ...rows,
    `  Upstream credentials come from the environment only: ${CREDENTIAL_ENV.esetUsername} / ${CREDENTIAL_ENV.esetPassword},`,
    `  ${CREDENTIAL_ENV.adversarialClientId} / ${CREDENTIAL_ENV.adversarialClientSecret}; ${CREDENTIAL_ENV.recordKey} keeps record-mode fakes stable.`,
    `  ${'--help, -h'.padEnd(flagWidth)}  show this help`,
    `  ${'--version, -v'.padEnd(flagWidth)}  print the version`,
  ].join('\n');
}
