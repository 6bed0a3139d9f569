/**
 * Benchmark: the emulator as a separate process over a generated 100,000-incident database,
 * loaded with autocannon on loopback. Measures a filtered, ordered page of 50 (first page and a
 * deep page) and get-by-uuid; prints requests/s, p50 and p99, and fails when a budget is missed.
 *
 *   npm run bench                       (defaults: 100000 incidents, 10 connections, 10 s each)
 *   npm run bench -- --incidents 200000 --duration 20 --connections 10
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../src/paths.js';

const { values } = parseArgs({
  options: {
    incidents: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    connections: { type: 'string', default: '10' },
    duration: { type: 'string', default: '10' },
  },
});
const incidents = Number(values.incidents);
const connections = Number(values.connections);
const duration = Number(values.duration);

/** p99 budgets in ms; the list budget is the project's target, the get budget its headroom. */
const BUDGETS = { listP99Ms: 20, deepListP99Ms: 20, getP99Ms: 10 };
const HOST = '127.0.0.1';
const LIST_FILTER = 'status != INCIDENT_STATUS_CLOSED && severity >= INCIDENT_SEVERITY_LEVEL_MEDIUM';
const LIST_ORDER = 'create_time desc';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilUp(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the emulator exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/openapi/eset.json`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the emulator did not come up');
}

async function main(): Promise<void> {
  const dataDir = join(PACKAGE_ROOT, 'bench', '.data');
  mkdirSync(dataDir, { recursive: true });
  const db = join(dataDir, `eset-${incidents}-seed${values.seed}.sqlite`);
  const fresh = !existsSync(db);
  const port = await freePort();
  const base = `http://${HOST}:${port}`;
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [join(PACKAGE_ROOT, 'dist', 'src', 'server.js'), '--port', String(port), '--host', HOST, '--db', db,
      '--generate', String(incidents), '--seed', String(values.seed), '--log-level', 'warn'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  try {
    await waitUntilUp(base, child);
    console.log(`${fresh ? 'generated and ' : ''}started over ${incidents} incidents in ${Date.now() - started} ms (${db})`);

    const tokenResponse = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: 'emulator@example.com', password: 'emulator' }),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const headers = { authorization: `Bearer ${token}` };
    const listQuery = (pageToken = '') =>
      `/v2/incidents?${new URLSearchParams({ filter: LIST_FILTER, orderBy: LIST_ORDER, pageSize: '50', pageToken })}`;

    // Walk 200 pages in: a keyset page there must cost what the first one does.
    let deepToken = '';
    const sampleUuids: string[] = [];
    for (let page = 0; page < 200; page++) {
      const body = (await (await fetch(`${base}${listQuery(deepToken)}`, { headers })).json()) as {
        incidents: Array<{ uuid: string }>;
        nextPageToken: string;
      };
      if (page % 20 === 0) sampleUuids.push(...body.incidents.map((i) => i.uuid));
      if (!body.nextPageToken) break;
      deepToken = body.nextPageToken;
    }

    const scenarios = [
      { name: 'list: filtered, ordered page of 50', budget: BUDGETS.listP99Ms, requests: [{ path: listQuery() }] },
      { name: 'list: the same, 200 pages deep', budget: BUDGETS.deepListP99Ms, requests: [{ path: listQuery(deepToken) }] },
      {
        name: 'get by uuid',
        budget: BUDGETS.getP99Ms,
        requests: [{
          setupRequest: (request: { path?: string }) => ({
            ...request,
            path: `/v2/incidents/${sampleUuids[Math.floor(Math.random() * sampleUuids.length)]}`,
          }),
        }],
      },
    ];
    let failed = false;
    console.log(`\n${connections} connections, ${duration} s each, loopback`);
    console.log('scenario'.padEnd(40), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'non-2xx'.padStart(8), '  budget');
    for (const scenario of scenarios) {
      const result = await autocannon({ url: base, connections, duration, headers, requests: scenario.requests });
      const ok = result.latency.p99 <= scenario.budget && result.non2xx === 0 && result.errors === 0;
      failed ||= !ok;
      console.log(
        scenario.name.padEnd(40),
        result.requests.average.toFixed(0).padStart(8),
        result.latency.p50.toFixed(1).padStart(8),
        result.latency.p99.toFixed(1).padStart(8),
        String(result.non2xx + result.errors).padStart(8),
        `  p99 <= ${scenario.budget} ms: ${ok ? 'ok' : 'MISSED'}`,
      );
    }
    if (failed) {
      console.error('\nbenchmark budget missed');
      process.exitCode = 1;
    }
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
