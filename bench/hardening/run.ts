/**
 * npm run test:hardening — the checks that need real processes on loopback: crash durability
 * (SIGKILL under write load), two processes and many clients on one database file, and resource
 * bounds at 1,000 tenants and under floods. Bounded in count and time; CI runs the default scale,
 * HARDENING_SCALE=long runs each several times larger. Exits non-zero when a check fails.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concurrentWriters } from './concurrency.js';
import { crashDurability } from './crash.js';
import { BOUNDS, resourceBounds } from './resources.js';

const long = process.env.HARDENING_SCALE === 'long';
const scale = long ? 4 : 1;
/** `npm run test:hardening -- resources` runs only the named checks (crash, concurrency, resources). */
const only = new Set(process.argv.slice(2));
const runs = (name: string) => only.size === 0 || only.has(name);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-hardening-'));
  try {
    const started = Date.now();
    if (runs('crash')) {
      const crash = await crashDurability(join(dir, 'crash'), 5 * scale, 8);
      console.log(`crash durability: ${crash.kills} SIGKILLs under load; ${crash.acknowledged} writes acknowledged, ${crash.lost} lost (${crash.inFlight} in flight at a kill); integrity_check ok`);
    }
    if (runs('concurrency')) {
      const concurrency = await concurrentWriters(join(dir, 'concurrency'), 24, 15 * scale);
      console.log(`concurrency: ${concurrency.processes} processes, ${concurrency.clients} clients on one file; ${concurrency.acknowledged} writes acknowledged; statuses ${JSON.stringify(concurrency.statuses)}; final state a serial order`);
    }
    if (runs('resources') && !existsSync('/proc/self/status')) {
      console.log('resources: not measured here (it reads memory and open files from /proc: Linux only)');
    } else if (runs('resources')) {
      const resources = await resourceBounds(join(dir, 'resources'), 1_000 * scale, 300 * scale, 4_000 * scale);
      console.log(`resources: ${resources.tenants.count} tenants → ${resources.tenants.rssMb} MB resident, ${resources.tenants.openFiles} open files (bounds ${BOUNDS.rssMb} MB, ${BOUNDS.openFiles}; heap capped at ${BOUNDS.heapMb} MB)`);
      console.log(`resources: ${resources.floods.results202} uncollected 202 pages of 1,000 + ${resources.floods.journalEntries} journal entries of 12 KB → ${resources.floods.rssMb} MB resident, ${resources.floods.openFiles} open files`);
    }
    console.log(`hardening checks passed in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`hardening check failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
