/**
 * The Testcontainers module against the real image, run by `npm run test:docker` (never by
 * `npm test`: it needs a Docker daemon and the image). It reads the image name from
 * INCIDENT_EMULATOR_IMAGE and the daemon from DOCKER_HOST, as Testcontainers does; the private
 * daemon of test:docker has no bridge network, so containers use host networking here.
 */
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { IncidentEmulatorContainer, type StartedIncidentEmulatorContainer } from '../../src/testcontainers.js';

const IMAGE = process.env.INCIDENT_EMULATOR_IMAGE ?? 'incident-emulator:latest';
const NETWORK_MODE = process.env.INCIDENT_EMULATOR_NETWORK_MODE ?? 'host';

type EsetList = { incidents: Array<{ uuid: string; displayName: string }> };

function esetList(emulator: StartedIncidentEmulatorContainer, token: string, query: string, headers: Record<string, string> = {}) {
  return fetch(`${emulator.getEsetBaseUrl()}/v2/incidents?${query}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
}

function rename(emulator: StartedIncidentEmulatorContainer, token: string, uuid: string, name: string, headers: Record<string, string>) {
  return fetch(`${emulator.getEsetBaseUrl()}/v2/incidents/${uuid}/basic-attributes:update`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ displayName: name, updateMask: 'displayName' }),
  });
}

t.test('a container from the image: fixtures, both APIs, faults, control token, tenants, stop', async (t) => {
  // Fixtures of our own, so that withFixtures() is seen to take effect: the first incident renamed.
  const fixtures = mkdtempSync(join(tmpdir(), 'incident-emulator-fixtures-'));
  t.teardown(() => rmSync(fixtures, { recursive: true, force: true }));
  cpSync('fixtures/default', fixtures, { recursive: true });
  const eset = JSON.parse(readFileSync(join(fixtures, 'eset.json'), 'utf8')) as { incidents: Array<{ uuid: string; displayName: string }> };
  eset.incidents[0]!.displayName = 'Seeded through withFixtures';
  writeFileSync(join(fixtures, 'eset.json'), JSON.stringify(eset));
  chmodSync(join(fixtures, 'eset.json'), 0o600); // private on the host, as with umask 077

  const emulator = await new IncidentEmulatorContainer(IMAGE)
    .withNetworkMode(NETWORK_MODE)
    .withFixtures(fixtures)
    .withControlToken('container-secret')
    .withFaults([{ id: 'adversarial-delete-fails', match: { api: 'adversarial', method: 'DELETE' }, action: { status: 500 } }])
    .withEnvironment({ EMULATOR_LOG_LEVEL: 'warn' })
    .start();
  let stopped = false;
  t.teardown(async () => {
    if (!stopped) await emulator.stop();
  });

  t.match(emulator.getUrl(), /^http:\/\/[^/]+:\d+$/);
  t.equal(emulator.url, emulator.getUrl());
  t.equal(emulator.getEsetBaseUrl(), emulator.getUrl());
  t.equal(emulator.getAdversarialBaseUrl(), `${emulator.getUrl()}/api`);

  // ESET, seeded from the copied folder.
  const target = eset.incidents[0]!.uuid;
  const esetToken = await emulator.esetToken();
  const one = await fetch(`${emulator.getEsetBaseUrl()}/v2/incidents/${target}`, { headers: { authorization: `Bearer ${esetToken}` } });
  t.equal(one.status, 200);
  t.equal(((await one.json()) as { incident: { displayName: string } }).incident.displayName, 'Seeded through withFixtures');

  // Adversarial, under its base URL.
  const adversarialToken = await emulator.adversarialToken();
  const page = await fetch(`${emulator.getAdversarialBaseUrl()}/v1/incidents?page=1&page_size=5`, {
    headers: { authorization: `Bearer ${adversarialToken}` },
  });
  t.equal(page.status, 200);
  t.equal(((await page.json()) as { incidents: unknown[] }).incidents.length, 5);

  // The control API needs the token; `control` sends it. The startup rule is there.
  const open = await fetch(`${emulator.getUrl()}/_emulator/faults`);
  t.equal(open.status, 401, 'the control API refuses a caller without the token');
  const rules = (await emulator.control.faults.list()).rules as Array<{ id: string }>;
  t.same(
    rules.map((rule) => rule.id),
    ['adversarial-delete-fails'],
    'withFaults() rules are active from the start',
  );

  // A fault rule added through `control`: the next ESET request fails, the one after does not.
  await emulator.control.faults.add({ match: { api: 'eset' }, action: { status: 503 }, schedule: { times: 1 } });
  t.equal((await esetList(emulator, esetToken, 'pageSize=1')).status, 503, 'the rule answers 503 once');
  t.equal((await esetList(emulator, esetToken, 'pageSize=1')).status, 200, 'then the API answers again');

  // A tenant: its own dataset, its own reset.
  const worker = emulator.tenant('worker-1');
  t.equal((await rename(emulator, esetToken, target, 'changed by worker-1', worker.headers)).status, 200);
  const inTenant = (await (await esetList(emulator, esetToken, 'pageSize=100', worker.headers)).json()) as EsetList;
  const inDefault = (await (await esetList(emulator, esetToken, 'pageSize=100')).json()) as EsetList;
  t.equal(inTenant.incidents.find((incident) => incident.uuid === target)?.displayName, 'changed by worker-1');
  t.equal(inDefault.incidents.find((incident) => incident.uuid === target)?.displayName, 'Seeded through withFixtures', 'other tenants do not see it');
  await worker.reset();
  const afterReset = (await (await esetList(emulator, esetToken, 'pageSize=100', worker.headers)).json()) as EsetList;
  t.equal(afterReset.incidents.find((incident) => incident.uuid === target)?.displayName, 'Seeded through withFixtures', 'reset restores the seed');

  // Stop: the container is gone and nothing answers any more.
  const url = emulator.getUrl();
  await emulator.stop();
  stopped = true;
  await t.rejects(fetch(`${url}/_emulator/health`, { signal: AbortSignal.timeout(2_000) }), 'nothing listens after stop()');
});

t.test('withGenerate and withProfile', async (t) => {
  const emulator = await new IncidentEmulatorContainer(IMAGE)
    .withNetworkMode(NETWORK_MODE)
    .withGenerate(40, 7)
    .withProfile('realistic')
    .withEnvironment({ EMULATOR_LOG_LEVEL: 'warn' })
    .start();
  t.teardown(() => emulator.stop());
  const list = await esetList(emulator, await emulator.esetToken(), 'pageSize=100');
  t.equal(list.status, 200);
  t.equal(((await list.json()) as EsetList).incidents.length, 40, 'the generated dataset');
  t.equal((await emulator.control.ready()).status, 'ready');
});

t.test('an emulator that cannot start fails start() at once, with its own message', async (t) => {
  const started = Date.now();
  await t.rejects(
    new IncidentEmulatorContainer(IMAGE).withNetworkMode(NETWORK_MODE).withEnvironment({ EMULATOR_GENERATE: 'lots' }).start(),
    /exited with code 2 before it was ready:[\s\S]*EMULATOR_GENERATE/,
  );
  t.ok(Date.now() - started < 30_000, 'without waiting for the startup timeout');
});
