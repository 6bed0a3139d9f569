/**
 * The command line as a function: parse the settings, then print help or the version, or start
 * the emulator. Returns the exit code for a run that ends at once, or the running app; server.ts
 * turns that into process behaviour, and tests call it directly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { startupBanner } from './banner.js';
import { ConfigError, helpText, parseCommandLine } from './config.js';
import { PACKAGE_ROOT } from './paths.js';

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

export type CliResult = { kind: 'exit'; code: number } | { kind: 'running'; app: FastifyInstance; address: string };

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliOutput): Promise<CliResult> {
  let parsed;
  try {
    parsed = parseCommandLine(argv, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`incident-emulator: ${error.message}\n`);
    return { kind: 'exit', code: 2 };
  }
  if (parsed.kind === 'help') {
    io.out(`${helpText()}\n`);
    return { kind: 'exit', code: 0 };
  }
  if (parsed.kind === 'version') {
    io.out(`${packageVersion()}\n`);
    return { kind: 'exit', code: 0 };
  }
  const { config } = parsed;
  let app: FastifyInstance;
  try {
    app = await buildApp({ config });
  } catch (error) {
    io.err(`incident-emulator: failed to start: ${(error as Error).message}\n`);
    return { kind: 'exit', code: 1 };
  }
  const address = await app.listen({ port: config.port, host: config.host });
  if (config.logLevel !== 'silent') io.out(`${startupBanner(app, address)}\n`);
  return { kind: 'running', app, address };
}
