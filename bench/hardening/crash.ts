/**
 * Crash durability: an emulator on a file database under write load from several clients
 * (ESET comments, Adversarial incidents) is killed with SIGKILL, several times. After each kill
 * every write it acknowledged must be in the database, and PRAGMA integrity_check must be ok;
 * the emulator then restarts on the same file and the load goes on.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createRandom } from '../../src/util/random.js';
import { adversarialToken, check, esetToken, startEmulator } from './emulator-process.js';

export interface CrashResult {
  kills: number;
  acknowledged: number;
  lost: number;
  /** Writes sent but not answered when the process died: either outcome is correct. */
  inFlight: number;
}

export async function crashDurability(dir: string, kills: number, writers: number): Promise<CrashResult> {
  const db = join(dir, 'crash.sqlite');
  const random = createRandom('crash-durability');
  const acknowledgedComments = new Set<string>();
  const acknowledgedTitles = new Set<string>();
  let inFlight = 0;
  let lost = 0;

  for (let round = 0; round < kills; round++) {
    const acknowledgedBefore = acknowledgedComments.size + acknowledgedTitles.size;
    const emulator = await startEmulator({ db });
    const [eset, adversarial] = [await esetToken(emulator.base), await adversarialToken(emulator.base)];
    const list = (await (await fetch(`${emulator.base}/v2/incidents?pageSize=10`, { headers: { authorization: `Bearer ${eset}` } })).json()) as {
      incidents: Array<{ uuid: string }>;
    };
    const targets = list.incidents.map((incident) => incident.uuid);
    let running = true;
    const writer = async (w: number) => {
      for (let n = 0; running; n++) {
        const text = `r${round}-w${w}-${n}`;
        const asComment = n % 2 === 0;
        try {
          const response = asComment
            ? await fetch(`${emulator.base}/v2/incidents/${targets[n % targets.length]}/comments`, {
                method: 'POST',
                headers: { authorization: `Bearer ${eset}`, 'content-type': 'application/json' },
                body: JSON.stringify({ comment: { text } }),
              })
            : await fetch(`${emulator.base}/api/v1/incidents`, {
                method: 'POST',
                headers: { authorization: `Bearer ${adversarial}`, 'content-type': 'application/json' },
                body: JSON.stringify({ title: text, description: 'crash durability', detected_date: '2026-11-01T00:00:00Z' }),
              });
          await response.arrayBuffer();
          check(response.status < 500, `${text}: answered ${response.status}`);
          if (response.ok) (asComment ? acknowledgedComments : acknowledgedTitles).add(text);
        } catch (error) {
          if (error instanceof Error && error.name === 'CheckFailed') throw error;
          inFlight++; // the connection died with the process: not acknowledged
          return;
        }
      }
    };
    const load = Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
    await new Promise((resolve) => setTimeout(resolve, 300 + random.int(0, 900)));
    await emulator.stop('SIGKILL');
    running = false;
    await load;
    // A round in which nothing was acknowledged would prove nothing about durability.
    check(acknowledgedComments.size + acknowledgedTitles.size > acknowledgedBefore, `round ${round}: no write was acknowledged before the kill`);

    // The file as the next start will find it.
    const file = new Database(db);
    try {
      check(file.pragma('integrity_check', { simple: true }) === 'ok', `round ${round}: integrity_check failed`);
      const comments = new Set((file.prepare('SELECT text FROM eset_comments').pluck().all() as string[]));
      const titles = new Set((file.prepare('SELECT title FROM adv_incidents').pluck().all() as string[]));
      lost = [...acknowledgedComments].filter((text) => !comments.has(text)).length + [...acknowledgedTitles].filter((title) => !titles.has(title)).length;
      check(lost === 0, `round ${round}: ${lost} acknowledged writes lost`);
    } finally {
      file.close();
    }
  }
  // And the emulator comes back on it.
  const last = await startEmulator({ db });
  const ready = await fetch(`${last.base}/_emulator/ready`);
  await last.stop();
  check(ready.ok, 'the emulator did not come back on the crashed database');
  return { kills, acknowledged: acknowledgedComments.size + acknowledgedTitles.size, lost, inFlight };
}
