/**
 * The web console in a real browser (npm run test:browser): seven scenarios, each against its own
 * emulator on loopback, each leaving a screenshot in the folder printed first.
 */
import t from 'tap';
import Fastify from 'fastify';
import type { Page } from 'playwright-core';
import { Secret } from '../../src/upstream/settings.js';
import { SCREENSHOTS, launchBrowser, openConsole } from './browser.js';

const browser = await launchBrowser();
t.teardown(() => browser.close());
t.comment(`screenshots: ${SCREENSHOTS}`);

const ORDER = 'createTime desc';

/** Polls `check` until it holds, for at most 10 s. */
async function until(what: string, check: () => Promise<boolean>) {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the ESET table shows exactly these rows. */
async function expectRows(page: Page, uuids: string[]) {
  const rows = page.locator('table.incidents tbody tr');
  await until(`rows ${uuids.join(', ')}`, async () => {
    const shown = await rows.evaluateAll((elements) => elements.map((row) => row.getAttribute('data-uuid')));
    return JSON.stringify(shown) === JSON.stringify(uuids);
  });
}

async function esetPage(url: string, token: string, parameters: Record<string, string>) {
  const response = await fetch(`${url}/v2/incidents?${new URLSearchParams(parameters)}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { incidents: Array<{ uuid: string }>; nextPageToken: string };
  return { uuids: body.incidents.map((incident) => incident.uuid), nextPageToken: body.nextPageToken };
}

const esetList = async (url: string, token: string, parameters: Record<string, string>) => (await esetPage(url, token, parameters)).uuids;

async function listIncidents(page: Page, filter: string) {
  await page.getByLabel('orderBy', { exact: true }).fill(ORDER);
  await page.getByLabel('CEL filter', { exact: true }).fill(filter);
  await page.getByLabel('CEL filter', { exact: true }).press('Enter');
}

t.test('1. ESET table: fixture incidents, a filter narrows them, a bad filter shows its reason, paging returns', async (t) => {
  const { emulator, page, problems, screenshot } = await openConsole(t, browser.context);
  const token = await emulator.esetToken();

  await listIncidents(page, '');
  const { uuids: firstPage, nextPageToken } = await esetPage(emulator.url, token, { orderBy: ORDER, pageSize: '10' });
  const secondPage = await esetList(emulator.url, token, { orderBy: ORDER, pageSize: '10', pageToken: nextPageToken });
  t.equal(firstPage.length, 10, 'the fixtures fill a first page');
  await expectRows(page, firstPage);

  const filter = 'severity == INCIDENT_SEVERITY_LEVEL_HIGH';
  await listIncidents(page, filter);
  const high = await esetList(emulator.url, token, { filter, orderBy: ORDER, pageSize: '10' });
  t.ok(high.length > 0, `HIGH incidents exist (${high.length} on the first page)`);
  t.notSame(high, firstPage, 'the unfiltered first page has others too');
  await expectRows(page, high);
  t.same(await page.locator('table.incidents tbody td:nth-child(2)').allInnerTexts(), high.map(() => 'HIGH'), 'every row is HIGH');

  await listIncidents(page, 'severity == HIGHX');
  const problem = page.getByRole('alert');
  await problem.waitFor();
  t.match(await problem.innerText(), /filter: unknown enum value 'HIGHX' \(at position 12\)/, "the emulator's reason, with the position");
  t.match(await page.locator('pre.caret').innerText(), /^severity == HIGHX\n {12}\^$/, 'a caret marks the position');
  await screenshot('1-eset-bad-filter');

  await listIncidents(page, '');
  await expectRows(page, firstPage);
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.locator('.page-number', { hasText: 'Page 2' }).waitFor();
  await expectRows(page, secondPage);
  t.ok(secondPage.length > 0 && secondPage.every((uuid) => !firstPage.includes(uuid)), 'the next page shows the API\'s second page');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expectRows(page, firstPage);
  t.pass('back on page 1: the same rows');
  await screenshot('1-eset-table');

  // Other credentials (fixtures of one's own): a wrong password says why, the right one works.
  await page.getByText('Credentials the console signs in with').click();
  await page.getByLabel('Password', { exact: true }).fill('wrong');
  await page.getByRole('button', { name: 'Sign in with these' }).click();
  await page.getByRole('alert').filter({ hasText: /token request to \/oauth\/token failed/ }).waitFor();
  await page.getByLabel('Password', { exact: true }).fill('emulator');
  await page.getByRole('button', { name: 'Sign in with these' }).click();
  await expectRows(page, firstPage);
  t.same(problems, []);
});

t.test('2. a "fail the next 2 with 503" rule: the journal shows both 503s live, the rule has fired twice', async (t) => {
  const { emulator, page, problems, screenshot } = await openConsole(t, browser.context, {}, 'faults');
  const token = await emulator.esetToken();

  await page.getByLabel('Template', { exact: true }).selectOption('fail the next 2 with 503');
  await page.getByLabel('API', { exact: true }).selectOption('eset');
  await page.getByRole('button', { name: 'Add rule' }).click();
  const rule = page.locator('table.rules tbody tr');
  await rule.waitFor();
  t.match(await rule.innerText(), /"status":503/);

  await page.getByRole('tab', { name: 'Journal' }).click();
  await page.getByText('live: live').waitFor();
  for (let i = 0; i < 2; i++) {
    const response = await fetch(`${emulator.url}/v2/incidents?pageSize=1`, { headers: { authorization: `Bearer ${token}` } });
    t.equal(response.status, 503, `API call ${i + 1} fails with 503`);
  }
  const failures = page.locator('table.journal tbody tr', { has: page.locator('td.status', { hasText: '503' }) });
  await t.resolves(failures.nth(1).waitFor(), 'both 503s appear without a reload');
  t.equal(await failures.count(), 2);
  t.match(await failures.first().innerText(), /\/v2\/incidents[\s\S]*rule:rule-1 503/, 'with the path and the fault');
  await failures.first().getByRole('button').click();
  t.match(await page.getByRole('complementary', { name: 'Request details' }).innerText(), /query\s+pageSize=1/, 'the detail view');
  await screenshot('2-journal-live');

  await page.getByRole('tab', { name: 'Faults' }).click();
  await page.locator('table.rules td.fired', { hasText: '2' }).waitFor();
  t.equal(await page.locator('table.rules td.matched').innerText(), '2', 'matched 2, fired 2');

  const templates = await page.getByLabel('Template', { exact: true }).locator('option').allInnerTexts();
  t.equal(templates.length, 6, 'six templates');
  for (const [index, template] of templates.entries()) {
    await page.getByLabel('Template', { exact: true }).selectOption(template);
    await page.getByLabel('API', { exact: true }).selectOption('adversarial');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.locator('table.rules tbody tr').nth(index + 1).waitFor();
  }
  t.equal(await page.locator('table.rules tbody tr').count(), 7, 'every template makes a rule the emulator accepts');
  await screenshot('2-faults');
  await page.getByRole('button', { name: 'Delete all rules' }).click();
  await page.getByText('No fault rules.').waitFor();
  t.same((await emulator.control.faults.list()).rules, [], 'all deleted');
  t.same(problems, []);
});

t.test('3. advancing the clock by 2 h moves the displayed time; freezing holds it', async (t) => {
  const { emulator, page, problems, screenshot } = await openConsole(t, browser.context, {}, 'clock');
  const shown = async () => Number(await page.locator('header .clock-time').getAttribute('data-now-ms'));

  await page.locator('header .clock-time').waitFor();
  const before = await shown();
  await page.getByLabel('Advance by (90s, 15m, 2h, 1d)', { exact: true }).fill('2h');
  await page.getByRole('button', { name: 'Advance' }).click();
  await until('the header clock to move 2 h', async () => (await shown()) >= before + 7_200_000);
  const after = await shown();
  t.ok(after - before >= 7_200_000 && after - before < 7_200_000 + 15_000, `the header clock moved by 2 h (${after - before} ms)`);

  await page.getByRole('button', { name: 'Freeze' }).click();
  await page.locator('header .badge.frozen').waitFor();
  const frozenAt = await shown();
  await page.waitForTimeout(2_200);
  t.equal(await shown(), frozenAt, 'frozen: the displayed time holds');
  const clock = await emulator.control.clock.get();
  t.equal(clock.frozen, true, 'the emulator clock is frozen');
  t.equal(clock.nowMs, frozenAt, 'at the time the console shows');
  t.ok(clock.nowMs - Date.now() > 7_100_000, 'and 2 h ahead of real time');
  await screenshot('3-clock');
  t.same(problems, []);
});

t.test('4. a status set in the staging form is what the API answers; a bad field shows its error beside it', async (t) => {
  // A frozen clock on a whole second: the durations the reopened incident gets are whole seconds.
  const { emulator, page, problems, screenshot } = await openConsole(t, browser.context, { frozenAt: '2026-11-20T12:00:00Z' });
  const token = await emulator.esetToken();
  const [uuid] = await esetList(emulator.url, token, { orderBy: ORDER, pageSize: '1', filter: 'status == INCIDENT_STATUS_OPEN' });

  await listIncidents(page, 'status == INCIDENT_STATUS_OPEN');
  await page.locator(`tr[data-uuid="${uuid}"] button`).click();
  const status = async () => {
    const response = await fetch(`${emulator.url}/v2/incidents/${uuid}`, { headers: { authorization: `Bearer ${token}` } });
    return ((await response.json()) as { incident: { status: string } }).incident.status;
  };
  // Close and reopen go through the real API, its rules included.
  await page.getByRole('button', { name: 'Close incident' }).click();
  await page.locator('dd[data-field="status"]', { hasText: 'INCIDENT_STATUS_CLOSED' }).waitFor();
  t.equal(await status(), 'INCIDENT_STATUS_CLOSED', 'closed through the API');
  await page.getByRole('button', { name: 'Reopen incident' }).click();
  await page.locator('dd[data-field="status"]', { hasText: 'INCIDENT_STATUS_OPEN' }).waitFor();

  const staging = page.getByRole('form', { name: /Staging/ });
  await staging.getByLabel('createTime', { exact: true }).fill('yesterday');
  await staging.getByRole('button', { name: 'Save through /_emulator/state' }).click();
  const fieldError = staging.locator('.field.has-error');
  await fieldError.waitFor();
  t.match(await fieldError.innerText(), /createTime[\s\S]*expected an RFC 3339 time/, 'the error is shown at the createTime field');
  await staging.getByRole('button', { name: 'Undo edits' }).click();

  await staging.getByLabel('status', { exact: true }).selectOption('INCIDENT_STATUS_WAITING_FOR_INPUT');
  await staging.getByRole('button', { name: 'Save through /_emulator/state' }).click();
  await page.locator('dd[data-field="status"]', { hasText: 'INCIDENT_STATUS_WAITING_FOR_INPUT' }).waitFor();
  t.equal(await status(), 'INCIDENT_STATUS_WAITING_FOR_INPUT', 'the API answers the new status');

  // A comment added in the incident view goes through the API.
  await page.getByLabel('New comment', { exact: true }).fill('added in the console');
  await page.getByRole('button', { name: 'Add comment' }).click();
  await page.locator('.comments li', { hasText: 'added in the console' }).waitFor();
  const comments = await fetch(`${emulator.url}/v2/incidents/${uuid}/comments`, { headers: { authorization: `Bearer ${token}` } });
  t.ok(((await comments.json()) as { comments: Array<{ text: string }> }).comments.some((c) => c.text === 'added in the console'), 'the API has the comment');
  await screenshot('4-staging');
  t.same(problems, []);
});

t.test('4b. an Adversarial comment added in the incident view is what the API answers', async (t) => {
  const { emulator, page, problems } = await openConsole(t, browser.context, {}, 'adversarial');
  const row = page.locator('tr[data-id]').first();
  const id = String(await row.getAttribute('data-id'));
  await row.locator('button').click();
  await page.getByLabel('New comment', { exact: true }).fill('noted in the console');
  await page.getByRole('button', { name: 'Add comment' }).click();
  await page.locator('.comments li', { hasText: 'noted in the console' }).waitFor();
  const token = await emulator.adversarialToken();
  const response = await fetch(`${emulator.url}/api/v1/incidents/${encodeURIComponent(id)}/comments`, { headers: { authorization: `Bearer ${token}` } });
  t.ok(((await response.json()) as { comments: Array<{ value: string }> }).comments.some((c) => c.value === 'noted in the console'), 'the API has the comment');
  t.same(problems, []);
});

t.test('5. save a snapshot, change something, restore: the change is gone', async (t) => {
  const { emulator, page, problems, screenshot } = await openConsole(t, browser.context, {}, 'data');
  const token = await emulator.esetToken();
  const [uuid] = await esetList(emulator.url, token, { orderBy: ORDER, pageSize: '1' });
  const comments = async () => {
    const response = await fetch(`${emulator.url}/v2/incidents/${uuid}/comments`, { headers: { authorization: `Bearer ${token}` } });
    return ((await response.json()) as { comments: unknown[] }).comments.length;
  };
  const before = await comments();

  await page.getByLabel('Snapshot name', { exact: true }).fill('clean');
  await page.getByRole('button', { name: 'Save snapshot' }).click();
  await page.locator('tr[data-snapshot="clean"]').waitFor();

  const created = await fetch(`${emulator.url}/v2/incidents/${uuid}/comments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ comment: { text: 'made after the snapshot' } }),
  });
  t.equal(created.status, 200);
  t.equal(await comments(), before + 1, 'the change is there');

  await page.getByRole('button', { name: 'Restore snapshot clean' }).click();
  await page.getByText("restored 'clean'").waitFor();
  t.equal(await comments(), before, 'after the restore the change is gone');
  await screenshot('5-snapshots');
  t.same(problems, []);
});

t.test('6. with --control-token, the console without the token shows a prompt and cannot change anything', async (t) => {
  const controlToken = 'console-test-token';
  const { emulator, page, problems, screenshot } = await openConsole(t, browser.context, { controlToken }, 'clock');
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));

  const prompt = page.getByRole('dialog', { name: 'Control token needed' });
  await prompt.waitFor();
  await page.keyboard.press('Escape');
  t.ok(await prompt.isVisible(), 'Escape does not dismiss the prompt');
  await t.rejects(page.getByRole('button', { name: 'Freeze' }).click({ timeout: 1_000 }), 'the page behind the prompt cannot be used');
  await page.getByLabel('Control token', { exact: true }).fill('wrong');
  await page.getByRole('button', { name: 'Use this token' }).click();
  await page.getByText('That is not the control token.').waitFor();
  await screenshot('6-token-prompt');

  const clock = await emulator.control.clock.get();
  t.equal(clock.frozen, false, 'nothing changed: the clock runs');
  t.same((await emulator.control.faults.list()).rules, [], 'nothing changed: no fault rules');

  await page.getByLabel('Control token', { exact: true }).fill(controlToken);
  await page.getByRole('button', { name: 'Use this token' }).click();
  await prompt.waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: 'Freeze' }).click();
  await page.locator('header .badge.frozen').waitFor();
  t.equal((await emulator.control.clock.get()).frozen, true, 'with the token the console works');
  t.notOk(urls.some((url) => url.includes(controlToken)), 'the token never appears in a URL');
  t.same(problems, []);
});

t.test('7. the drift view lists what a drifting upstream sent, counts it, and clears it', async (t) => {
  // A vendor that added a field and a severity the emulator does not know.
  const vendor = Fastify({ logger: false });
  vendor.removeAllContentTypeParsers();
  vendor.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  vendor.post('/oauth/token', async () => ({ access_token: 'vendor-token', expires_in: 3600 }));
  vendor.get('/v2/incidents', async () => ({ incidents: [], nextPageToken: '', riskScore: 3 }));
  const vendorUrl = await vendor.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => vendor.close());
  const { emulator, page, problems, screenshot } = await openConsole(t, browser.context, {
    upstream: { eset: vendorUrl },
    upstreamCredentials: { eset: { username: new Secret('user@example.com'), password: new Secret('secret') } },
  }, 'drift');
  await page.getByText('No drift found so far.').waitFor();
  t.match(await page.getByRole('list', { name: 'Upstreams' }).innerText(), new RegExp(`ESET Connect → ${vendorUrl} \\(proxy, environment credentials\\)`));
  const token = await emulator.esetToken();
  for (let i = 0; i < 2; i++) {
    const response = await fetch(`${emulator.url}/v2/incidents`, { headers: { authorization: `Bearer ${token}` } });
    t.equal(response.status, 200, 'the vendor answers through the emulator');
  }
  const row = page.locator('table.drift tbody tr');
  await row.waitFor();
  t.match(await row.innerText(), /ESET Connect\s+Incidents_ListIncidents\s+unexpected-field\s+\$\.riskScore\s+absent\s+3\s+2/, 'one finding, seen twice');
  await screenshot('7-drift');
  await page.getByLabel('API', { exact: true }).selectOption('adversarial');
  await row.waitFor({ state: 'detached' });
  await page.getByLabel('API', { exact: true }).selectOption('');
  await row.waitFor();
  await page.getByRole('button', { name: 'Clear findings' }).click();
  await page.getByText('No drift found so far.').waitFor();
  t.same((await emulator.app.inject({ url: '/_emulator/drift' })).json().findings, [], 'cleared in the emulator too');
  t.same(problems, []);
});
