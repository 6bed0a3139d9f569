/**
 * Resource bounds, measured on a child process from /proc: 1,000 tenants touched (under
 * `ulimit -n 1024`, where unbounded tenant databases ran out of file descriptors at 400), then
 * floods of uncollected 202 results of 1,000-incident pages and of journal entries with long
 * query strings. Each runs with V8's heap capped (BOUNDS.heapMb): what it keeps must fit there, and
 * resident memory and open files must stay under the bounds.
 */
import { join } from 'node:path';
import { resourcesOf } from '../process.js';
import { check, esetToken, inParallel, startEmulator } from './emulator-process.js';

/** Resident memory (whole MB) and open files of a running child. */
function processStats(pid: number): { rssMb: number; openFiles: number } {
  const stats = resourcesOf(pid);
  if (!stats) throw new Error(`cannot read /proc/${pid}`);
  return { rssMb: Math.round(stats.rssMb), openFiles: stats.openFiles };
}

export const BOUNDS = { rssMb: 300, openFiles: 200, heapMb: 128 };

export interface ResourceResult {
  tenants: { count: number; rssMb: number; openFiles: number };
  floods: { results202: number; journalEntries: number; rssMb: number; openFiles: number };
}

async function drain(response: Response): Promise<number> {
  await response.arrayBuffer();
  return response.status;
}

export async function resourceBounds(dir: string, tenants: number, results202: number, journalEntries: number): Promise<ResourceResult> {
  const many = await startEmulator({ db: join(dir, 'tenants', 'emulator.sqlite'), maxOpenFiles: 1024, heapMb: BOUNDS.heapMb });
  let tenantStats;
  try {
    const headers = { authorization: `Bearer ${await esetToken(many.base)}` };
    await inParallel(Array.from({ length: tenants }, (_, i) => `t${i}`), 8, async (tenant) => {
      const status = await drain(await fetch(`${many.base}/v2/incidents?pageSize=1`, { headers: { ...headers, 'x-emulator-tenant': tenant } }));
      check(status === 200, `tenant ${tenant}: ${status}`);
    });
    // The first ones again: closed meanwhile, reopened on demand.
    const again = await drain(await fetch(`${many.base}/v2/incidents?pageSize=1`, { headers: { ...headers, 'x-emulator-tenant': 't0' } }));
    check(again === 200, `tenant t0 reopened: ${again}`);
    tenantStats = { count: tenants, ...processStats(many.pid) };
  } finally {
    await many.stop();
  }
  check(tenantStats.rssMb < BOUNDS.rssMb, `${tenants} tenants: ${tenantStats.rssMb} MB resident (bound ${BOUNDS.rssMb})`);
  check(tenantStats.openFiles < BOUNDS.openFiles, `${tenants} tenants: ${tenantStats.openFiles} open files (bound ${BOUNDS.openFiles})`);

  const flooded = await startEmulator({ db: join(dir, 'floods', 'emulator.sqlite'), args: ['--generate', '2000', '--journal-size', '100000'], heapMb: BOUNDS.heapMb });
  let floodStats;
  try {
    const headers = { authorization: `Bearer ${await esetToken(flooded.base)}` };
    await inParallel(Array.from({ length: results202 }, (_, i) => i), 4, async (i) => {
      // A distinct request each time, each result a page of 1,000 incidents, none collected.
      const status = await drain(await fetch(`${flooded.base}/v2/incidents?pageSize=1000&orderBy=update_time&n=${i}`, { headers: { ...headers, 'x-emulator-fault': '202=5m' } }));
      check(status === 202, `202 flood: ${status}`);
    });
    const long = 'x'.repeat(12_000);
    await inParallel(Array.from({ length: journalEntries }, (_, i) => i), 8, async (i) => {
      const status = await drain(await fetch(`${flooded.base}/v2/incidents?pageSize=1&padding${i}=${long}`, { headers }));
      check(status === 200, `journal flood: ${status}`);
    });
    floodStats = { results202, journalEntries, ...processStats(flooded.pid) };
  } finally {
    await flooded.stop();
  }
  check(floodStats.rssMb < BOUNDS.rssMb, `floods: ${floodStats.rssMb} MB resident (bound ${BOUNDS.rssMb})`);
  check(floodStats.openFiles < BOUNDS.openFiles, `floods: ${floodStats.openFiles} open files (bound ${BOUNDS.openFiles})`);
  return { tenants: tenantStats, floods: floodStats };
}
