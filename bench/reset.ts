/**
 * Reset benchmark: how long POST /_emulator/reset takes for the default fixtures, after a few
 * changes each round, on an in-memory and on a file database. Fails when the p95 is over the
 * budget (the issue asks for well under 50 ms). Timings live here, never in the tests.
 *
 *   npm run bench:reset                  (defaults: 200 rounds)
 *   npm run bench:reset -- --rounds 500
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { defaultConfig } from '../src/config.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '200' } } });
const rounds = Number(values.rounds);
const BUDGET_P95_MS = 50;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(label: string, db: string): Promise<boolean> {
  const app = await buildApp({ config: defaultConfig({ db, logLevel: 'silent' }) });
  try {
    const token = (
      await app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=password&username=emulator@example.com&password=emulator',
      })
    ).json().access_token as string;
    const list = await app.inject({ url: '/v2/incidents?pageSize=5', headers: { authorization: `Bearer ${token}` } });
    const uuids = (list.json().incidents as Array<{ uuid: string }>).map((incident) => incident.uuid);
    const timings: number[] = [];
    for (let round = 0; round < rounds + 5; round++) {
      await app.inject({
        method: 'POST',
        url: '/_emulator/state',
        payload: { eset: { incidents: uuids.map((uuid) => ({ uuid, displayName: `round ${round}`, status: 'INCIDENT_STATUS_CLOSED' })) } },
      });
      const started = performance.now();
      const response = await app.inject({ method: 'POST', url: '/_emulator/reset' });
      const took = performance.now() - started;
      if (response.statusCode !== 200) throw new Error(`reset failed: ${response.statusCode} ${response.body}`);
      if (round >= 5) timings.push(took); // the first rounds build the kept copy and warm up
    }
    timings.sort((a, b) => a - b);
    const p50 = percentile(timings, 50);
    const p95 = percentile(timings, 95);
    const max = timings.at(-1)!;
    const ok = p95 <= BUDGET_P95_MS;
    process.stdout.write(
      `${label.padEnd(10)} reset over HTTP (inject), ${rounds} rounds: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, ` +
        `max ${max.toFixed(2)} ms  ${ok ? 'ok' : `OVER BUDGET (${BUDGET_P95_MS} ms)`}\n`,
    );
    return ok;
  } finally {
    await app.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'emulator-reset-bench-'));
try {
  const results = [await measure('memory', ':memory:'), await measure('file', join(dir, 'emulator.sqlite'))];
  if (results.includes(false)) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
