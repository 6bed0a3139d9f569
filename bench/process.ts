/** Child processes of the benchmark: start one, wait for its first 200, read its RSS and open files. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const HOST = '127.0.0.1';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Started {
  child: ChildProcess;
  base: string;
  /** From spawn to the first 200 of `readyPath`. */
  startMs: number;
  stop(): Promise<void>;
}

/** Spawns `node script args…` with a free port appended by `withPort`, and polls until ready. */
export async function startProcess(script: string, withPort: (port: number) => string[], readyPath: string, timeoutMs = 900_000): Promise<Started> {
  const port = await freePort();
  const base = `http://${HOST}:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [script, ...withPort(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = started + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}${readyPath}`)).status === 200) return { child, base, startMs: performance.now() - started, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await stop();
  throw new Error(`${script} was not ready within ${timeoutMs} ms`);
}

/** Resident memory (MB) and open file descriptors of a child, from /proc (Linux). */
export function resourcesOf(pid: number): { rssMb: number; openFiles: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return { rssMb: rssKb / 1024, openFiles: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return undefined;
  }
}
