/**
 * One schema for every setting: its CLI flag, its environment variable, its default and what it
 * accepts. Read once at start; a bad value stops the process with a message naming the setting.
 * Precedence: CLI flag > environment variable > default.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_FIXTURES_DIR } from './paths.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
}

interface Setting<K extends keyof EmulatorConfig> {
  key: K;
  flag: string;
  env: string;
  accepts: string;
  description: string;
  default: EmulatorConfig[K];
  parse(raw: string): EmulatorConfig[K] | undefined;
}

const integerIn = (min: number, max: number) => (raw: string) => {
  if (!/^\d+$/.test(raw.trim())) return undefined;
  const value = Number(raw);
  return value >= min && value <= max ? value : undefined;
};

const nonEmpty = (raw: string) => (raw.trim() === '' ? undefined : raw);

const SETTINGS: { [K in keyof EmulatorConfig]: Setting<K> } = {
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
    accepts: 'a folder holding eset.json',
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
  for (const setting of Object.values(SETTINGS) as Setting<keyof EmulatorConfig>[]) {
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
  }
  return { kind: 'run', config: config as EmulatorConfig };
}

/** The configuration with every default: what tests and programmatic users start from. */
export function defaultConfig(overrides: Partial<EmulatorConfig> = {}): EmulatorConfig {
  const config = {} as Record<keyof EmulatorConfig, unknown>;
  for (const setting of Object.values(SETTINGS)) config[setting.key] = setting.default;
  return { ...(config as EmulatorConfig), ...overrides };
}

export function helpText(): string {
  const rows = Object.values(SETTINGS).map((setting) => {
    const fallback = setting.key === 'fixtures' ? 'the bundled fixtures/default' : String(setting.default);
    return `  --${setting.flag.padEnd(10)} ${setting.env.padEnd(20)} ${setting.description}\n` +
      `  ${' '.repeat(33)}accepts ${setting.accepts}; default ${fallback}`;
  });
  return [
    'incident-emulator: a stateful emulator of the ESET Connect incident API.',
    '',
    'Usage: incident-emulator [options]      (or: npm start -- [options])',
    '',
    'Options (flag, environment variable, meaning):',
    ...rows,
    '  --help, -h                      show this help',
    '  --version, -v                   print the version',
  ].join('\n');
}
