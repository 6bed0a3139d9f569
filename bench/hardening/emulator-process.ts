/**
 * An emulator as a child process on loopback, the way the hardening checks need it: on a file
 * database, killable with any signal, optionally under a lower open-files limit (its memory and
 * open files are read with the benchmark's resourcesOf).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

export interface EmulatorProcess {
  base: string;
  pid: number;
  child: ChildProcess;
  /** Sends the signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartOptions {
  db: string;
  args?: string[];
  /** Runs the emulator under `ulimit -n` of this many files. */
  maxOpenFiles?: number;
  /**
   * Caps V8's old generation at this many MB. Resident memory alone depends on when V8 chooses
   * to collect (the same flood measured 250 to 356 MB); under a cap, what the emulator really
   * keeps must fit or the process dies, so the bound is checked whatever the GC's timing.
   */
  heapMb?: number;
}

const SERVER = join(PACKAGE_ROOT, 'dist', 'src', 'server.js');

export async function startEmulator({ db, args = [], maxOpenFiles, heapMb }: StartOptions): Promise<EmulatorProcess> {
  const argv = [...(heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`]), SERVER, '--port', '0', '--host', '127.0.0.1', '--db', db, '--log-level', 'warn', ...args];
  const child = maxOpenFiles === undefined
    ? spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] })
    // exec: the emulator takes the shell's place, so its pid is the child's.
    : spawn('bash', ['-c', `ulimit -n ${maxOpenFiles} && exec "$0" "$@"`, process.execPath, ...argv], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error('the emulator did not start within 120 s')), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += String(chunk);
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited with ${code} before listening`));
    });
  });
  child.stdout!.resume();
  return {
    base,
    pid: child.pid!,
    child,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export async function esetToken(base: string): Promise<string> {
  const response = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username: 'emulator@example.com', password: 'emulator' }),
  });
  if (!response.ok) throw new Error(`ESET token: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function adversarialToken(base: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'arm_sa_emulator', client_secret: 'arm_sk_emulator' }),
  });
  if (!response.ok) throw new Error(`Adversarial token: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Runs `work` for each item with at most `width` at a time. */
export async function inParallel<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

class CheckFailed extends Error {
  override name = 'CheckFailed';
}

export function check(condition: boolean, message: string): void {
  if (!condition) throw new CheckFailed(message);
}
