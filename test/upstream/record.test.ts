import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { adversarialRequest, adversarialToken } from '../adversarial/requests.js';
import { esetRequest, esetToken, startApp } from '../helpers.js';
import { Scrubber } from '../../src/upstream/scrubber.js';
import { emulatorBefore, upstreamEmulator } from './upstream-helpers.js';

interface EsetIncident { uuid: string; displayName: string; description: string; tags: string[]; assigneeUuid: string }
interface Person { id: string; first_name: string; last_name: string; email: string; icon: string | null }
interface Row { incident: { id: string; title: string; description: string; severity_reasoning: string | null; assigned_to: Person | null; opened_by: Person | null }; tags: Array<{ content: string }> }

/** Walks every ESET page and every incident's comments, as a client would. */
async function readEset(app: FastifyInstance, token: string) {
  const incidents: EsetIncident[] = [];
  const comments: Array<{ uuid: string; text: string; authorUuid: string }> = [];
  let pageToken = '';
  do {
    const page = (await esetRequest(app, { method: 'GET', url: `/v2/incidents?pageSize=25&pageToken=${pageToken}`, token })).json();
    incidents.push(...page.incidents);
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  for (const incident of incidents) {
    await esetRequest(app, { method: 'GET', url: `/v2/incidents/${incident.uuid}`, token });
    comments.push(...(await esetRequest(app, { method: 'GET', url: `/v2/incidents/${incident.uuid}/comments`, token })).json().comments);
  }
  return { incidents, comments };
}

async function readAdversarial(app: FastifyInstance, token: string) {
  const rows: Row[] = [];
  const comments: Array<{ value: string; user: Person | null }> = [];
  for (let page = 1; ; page++) {
    const body = (await adversarialRequest(app, { method: 'GET', url: `/api/v1/incidents?page=${page}&page_size=20`, token })).json();
    rows.push(...body.incidents);
    if (!body.pagination.has_next) break;
  }
  for (const row of rows) comments.push(...(await adversarialRequest(app, { method: 'GET', url: `/api/v1/incidents/${row.incident.id}/comments`, token })).json().comments);
  const me = (await adversarialRequest(app, { method: 'GET', url: '/api/v1/users/me', token })).json() as Person;
  return { rows, comments, me };
}

const HOSTNAME = /\b[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)+\b|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:local|corp|internal|lan|example|com)\b/g;

t.test('record mode writes scrubbed fixtures that start the emulator as they are', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'recording-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const upstream = await upstreamEmulator(t);
  const recording = await emulatorBefore(t, { eset: upstream.url, adversarial: `${upstream.url}/api` }, { upstreamMode: 'record', recordTo: folder });
  const seen = {
    eset: await readEset(recording.app, await esetToken(recording.app)),
    adversarial: await readAdversarial(recording.app, await adversarialToken(recording.app)),
  };
  t.same((await recording.app.inject({ url: '/_emulator/drift' })).json().findings, [], 'an honest upstream: no drift in any of these answers');
  await recording.app.close();

  const { users, ...esetRest } = JSON.parse(readFileSync(join(folder, 'eset.json'), 'utf8'));
  t.same(users, [{ uuid: '5f0c2a8e-7b1d-4c3e-9a6f-2d8b4e1c7a90', username: 'emulator@example.com', password: 'emulator', displayName: 'Emulator Default User' }], 'ESET answers show no users: the documented default login is added');
  const { service_accounts: accounts, ...adversarialRest } = JSON.parse(readFileSync(join(folder, 'adversarial.json'), 'utf8'));
  t.match(accounts, [{ client_id: 'arm_sa_emulator', client_secret: 'arm_sk_emulator', role: 'Editor' }], 'and the documented default account');
  const text = JSON.stringify(esetRest) + JSON.stringify(adversarialRest);
  const originals = new Set<string>();
  const add = (value: string | null | undefined) => {
    if (!value) return;
    originals.add(value);
    for (const host of value.match(HOSTNAME) ?? []) originals.add(host);
  };
  for (const incident of seen.eset.incidents) [incident.displayName, incident.description, ...incident.tags].forEach(add);
  for (const comment of seen.eset.comments) add(comment.text);
  const people = [seen.adversarial.me, ...seen.adversarial.rows.flatMap(({ incident }) => [incident.assigned_to, incident.opened_by]), ...seen.adversarial.comments.map((comment) => comment.user)];
  for (const person of people) if (person) [person.first_name, person.last_name, person.email, person.icon].forEach(add);
  for (const { incident, tags } of seen.adversarial.rows) [incident.title, incident.description, incident.severity_reasoning, ...tags.map((tag) => tag.content)].forEach(add);
  for (const comment of seen.adversarial.comments) add(comment.value);
  t.ok(originals.size > 200, `${originals.size} original values to look for`);
  t.ok([...originals].some((value) => /^[A-Z]+-[A-Z]+-\d+$/.test(value)), 'host names among them');
  const leaked = [...originals].filter((value) => value.length >= 4 && text.toLowerCase().includes(value.toLowerCase()));
  t.same(leaked, [], 'no original name, e-mail, host name or text in the recording');

  // The recording starts the emulator as it is, with the same incidents, ids and relations.
  const { app } = await startApp(t, { fixtures: folder });
  const replayed = await readEset(app, await esetToken(app));
  t.same(replayed.incidents.map((incident) => incident.uuid), seen.eset.incidents.map((incident) => incident.uuid));
  t.same(replayed.incidents.map((incident) => incident.assigneeUuid), seen.eset.incidents.map((incident) => incident.assigneeUuid));
  t.same(replayed.comments.map((comment) => [comment.uuid, comment.authorUuid]), seen.eset.comments.map((comment) => [comment.uuid, comment.authorUuid]));
  const ids = (rows: Row[]) => rows.map(({ incident }) => [incident.id, incident.assigned_to?.id ?? null, incident.opened_by?.id ?? null]);
  const again = await readAdversarial(app, await adversarialToken(app));
  t.same(ids(again.rows), ids(seen.adversarial.rows), 'incidents and who they belong to');
  t.equal(again.comments.length, seen.adversarial.comments.length);
  // One person, one fake, wherever they appear.
  const fakes = new Map<string, string>();
  for (const { incident } of again.rows) {
    for (const person of [incident.assigned_to, incident.opened_by]) {
      if (!person) continue;
      const name = `${person.first_name} ${person.last_name} ${person.email}`;
      t.equal(fakes.get(person.id) ?? name, name);
      fakes.set(person.id, name);
    }
  }
  t.ok(fakes.size > 2);
});

t.test('fakes are the same for the same original and key, and differ between keys', async (t) => {
  const one = new Scrubber('key-1');
  const same = new Scrubber('key-1');
  const other = new Scrubber('key-2');
  for (const method of ['fullName', 'email', 'host', 'url'] as const) {
    t.equal(one[method]('maya.okafor@northwind.example'), same[method]('maya.okafor@northwind.example'), method);
    t.not(one[method]('maya.okafor@northwind.example'), other[method]('maya.okafor@northwind.example'), method);
  }
  t.equal(one.text('', 'Comment'), '');
  t.match(one.email('A@B.example'), /@example\.invalid$/);
  t.equal(one.email('A@B.example'), one.email('a@b.example'), 'e-mail addresses compare case-insensitively');
});
