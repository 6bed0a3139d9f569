/**
 * Concurrency: two emulator processes on one database file (two containers on one volume),
 * many clients writing the same incidents through either. No answer may be a 5xx ("database is
 * locked"), and the final state must be one that some serial order of the acknowledged writes
 * gives: each incident's name is the last name one of the clients set, every acknowledged comment
 * is there exactly once, and both processes read the same.
 */
import { join } from 'node:path';
import { check, esetToken, inParallel, startEmulator } from './emulator-process.js';

export interface ConcurrencyResult {
  processes: number;
  clients: number;
  acknowledged: number;
  statuses: Record<number, number>;
}

interface Incident {
  uuid: string;
  displayName: string;
}

export async function concurrentWriters(dir: string, clients: number, writesPerClient: number): Promise<ConcurrencyResult> {
  const db = join(dir, 'shared.sqlite');
  const first = await startEmulator({ db });
  const second = await startEmulator({ db });
  const processes = [first, second];
  try {
    const token = await esetToken(first.base);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const listed = (await (await fetch(`${first.base}/v2/incidents?pageSize=3`, { headers })).json()) as { incidents: Incident[] };
    const targets = listed.incidents.map((incident) => incident.uuid);
    const statuses: Record<number, number> = {};
    /** Per incident, per client: the names it set that were acknowledged, in order. */
    const namesSet = new Map(targets.map((uuid) => [uuid, new Map<number, string[]>()]));
    const comments = new Map(targets.map((uuid) => [uuid, new Set<string>()]));
    let acknowledged = 0;

    await inParallel(Array.from({ length: clients }, (_, c) => c), clients, async (client) => {
      for (let n = 0; n < writesPerClient; n++) {
        const emulator = processes[(client + n) % 2]!;
        const uuid = targets[(client * 7 + n) % targets.length]!;
        const value = `c${client}-${n}`;
        const rename = n % 3 !== 2;
        const response = rename
          ? await fetch(`${emulator.base}/v2/incidents/${uuid}/basic-attributes:update`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ displayName: value, updateMask: 'displayName' }),
            })
          : await fetch(`${emulator.base}/v2/incidents/${uuid}/comments`, { method: 'POST', headers, body: JSON.stringify({ comment: { text: value } }) });
        await response.arrayBuffer();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        check(response.status < 500, `${value}: ${response.status} ${response.headers.get('x-emulator-reason')}`);
        if (!response.ok) continue;
        acknowledged++;
        if (rename) {
          const byClient = namesSet.get(uuid)!;
          byClient.set(client, [...(byClient.get(client) ?? []), value]);
        } else {
          comments.get(uuid)!.add(value);
        }
      }
    });

    // Refused writes (a 4xx) change nothing, so checks on the final state would hold vacuously.
    check(acknowledged >= (clients * writesPerClient) / 2, `only ${acknowledged} of ${clients * writesPerClient} writes were acknowledged`);

    for (const uuid of targets) {
      const seen = await Promise.all(
        processes.map(async (emulator) => ((await (await fetch(`${emulator.base}/v2/incidents/${uuid}`, { headers })).json()) as { incident: Incident }).incident.displayName),
      );
      check(seen[0] === seen[1], `${uuid}: the processes read '${seen[0]}' and '${seen[1]}'`);
      // In any serial order, the final name is the last one some client set.
      const lastOfEachClient = [...namesSet.get(uuid)!.values()].map((names) => names.at(-1)!);
      check(lastOfEachClient.length === 0 || lastOfEachClient.includes(seen[0]!), `${uuid}: '${seen[0]}' is no client's last acknowledged name`);
      const listedComments = ((await (await fetch(`${second.base}/v2/incidents/${uuid}/comments`, { headers })).json()) as { comments: Array<{ text: string }> }).comments;
      const texts = listedComments.map((comment) => comment.text).filter((text) => /^c\d+-\d+$/.test(text));
      check(texts.length === new Set(texts).size, `${uuid}: a comment stored twice`);
      const missing = [...comments.get(uuid)!].filter((text) => !texts.includes(text));
      check(missing.length === 0, `${uuid}: acknowledged comments missing: ${missing.slice(0, 5).join(', ')}`);
      check(texts.length === comments.get(uuid)!.size, `${uuid}: ${texts.length} comments stored, ${comments.get(uuid)!.size} acknowledged`);
    }
    return { processes: 2, clients, acknowledged, statuses };
  } finally {
    await Promise.all(processes.map((emulator) => emulator.stop()));
  }
}
