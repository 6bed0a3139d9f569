/**
 * The way ESET's own SIEM integrations read incidents: no orderBy, `pageSize=100`, a filter
 * `incident.create_time >= timestamp('<checkpoint>')`, and after each page the newest createTime
 * of that page becomes the checkpoint of the next request. That only works when the default
 * order is oldest first — which is what these tests hold the emulator to.
 */
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { esetToken, startApp } from '../helpers.js';
import type { ListBody } from './list-helpers.js';

const EPOCH_CHECKPOINT = '1970-01-01T00:00:00Z';

interface Poller {
  checkpoint: string;
  /** Uuids already delivered whose createTime is the checkpoint: `>=` returns them once more. */
  deliveredAtCheckpoint: Set<string>;
}

/** One polling run as the integrations do it; returns the incidents it delivered, in order. */
async function poll(app: FastifyInstance, token: string, state: Poller): Promise<string[]> {
  const delivered: string[] = [];
  for (let request = 0; request < 200; request++) {
    const response = await app.inject({
      method: 'GET',
      url: '/v2/incidents',
      query: { filter: `incident.create_time >= timestamp('${state.checkpoint}')`, pageSize: '100' },
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.statusCode !== 200) throw new Error(`poll → ${response.statusCode} ${String(response.headers['x-emulator-reason'])}`);
    const page = (response.json() as ListBody).incidents;
    const fresh = page.filter((incident) => !(incident.createTime === state.checkpoint && state.deliveredAtCheckpoint.has(incident.uuid)));
    if (fresh.length === 0) return delivered;
    delivered.push(...fresh.map((incident) => incident.uuid));
    const newest = page.reduce((max, incident) => (incident.createTime > max ? incident.createTime : max), state.checkpoint);
    if (newest !== state.checkpoint) state.deliveredAtCheckpoint = new Set();
    state.checkpoint = newest;
    for (const incident of fresh) if (incident.createTime === newest) state.deliveredAtCheckpoint.add(incident.uuid);
  }
  throw new Error('the poller did not finish');
}

t.test('a checkpointing poller without orderBy fetches every incident once, then only the new ones', async (t) => {
  const { app } = await startApp(t, { generate: 350 });
  const token = await esetToken(app);
  const state: Poller = { checkpoint: EPOCH_CHECKPOINT, deliveredAtCheckpoint: new Set() };

  const first = await poll(app, token, state);
  const all = app.datasets.get('default').db.prepare('SELECT uuid FROM eset_incidents ORDER BY create_time, uuid').pluck().all() as string[];
  t.equal(all.length, 350);
  t.equal(new Set(first).size, first.length, 'no incident delivered twice');
  t.same(first, all, 'every incident, oldest first');

  t.same(await poll(app, token, state), [], 'nothing new: nothing delivered');

  const newest = state.checkpoint;
  const arrivals = Array.from({ length: 130 }, (_, i) => ({
    uuid: `0000aaaa-0000-4000-8000-${String(i).padStart(12, '0')}`,
    createTime: new Date(Date.parse(newest) + (i + 1) * 60_000).toISOString().replace('.000Z', 'Z'),
    updateTime: new Date(Date.parse(newest) + (i + 1) * 60_000).toISOString().replace('.000Z', 'Z'),
    displayName: `arrival ${i}`,
  }));
  const staged = await app.inject({ method: 'POST', url: '/_emulator/state', payload: { eset: { incidents: arrivals } } });
  t.equal(staged.statusCode, 200, String(staged.headers['x-emulator-reason']));

  t.same(await poll(app, token, state), arrivals.map((incident) => incident.uuid), 'the next run: exactly the new incidents, in order');
});

t.test('without orderBy the order is create_time ascending with the uuid as tie-break', async (t) => {
  const { app } = await startApp(t);
  const token = await esetToken(app);
  const response = await app.inject({ method: 'GET', url: '/v2/incidents?pageSize=1000', headers: { authorization: `Bearer ${token}` } });
  const incidents = (response.json() as ListBody).incidents;
  const sorted = [...incidents].sort((a, b) => (a.createTime === b.createTime ? (a.uuid < b.uuid ? -1 : 1) : a.createTime < b.createTime ? -1 : 1));
  t.ok(incidents.length > 50);
  t.same(incidents.map((i) => i.uuid), sorted.map((i) => i.uuid));
  t.not(incidents[0]!.createTime, incidents.at(-1)!.createTime);
});
