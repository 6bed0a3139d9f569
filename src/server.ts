#!/usr/bin/env node
/**
 * Process entry: run the command line; when the emulator is running, close it cleanly on
 * SIGTERM / SIGINT (in-flight requests finish, the database is closed) and exit.
 */
import { runCli } from './cli.js';

const io = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) };

try {
  const result = await runCli(process.argv.slice(2), process.env, io);
  if (result.kind === 'exit') {
    process.exitCode = result.code;
  } else {
    const { app } = result;
    let closing = false;
    const close = (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'closing');
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGTERM', () => close('SIGTERM'));
    process.on('SIGINT', () => close('SIGINT'));
  }
} catch (error) {
  process.stderr.write(`incident-emulator: failed to start: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
