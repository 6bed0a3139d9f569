/** Run by precompiled.test.ts in a fresh process: builds the app from a precompiled module only. */
import { buildApp } from '../../src/app.js';
import { defaultConfig } from '../../src/config.js';
import { compileStats, usePrecompiled } from '../../src/plugins/compile-cache.js';

usePrecompiled(process.argv[2]);
const app = await buildApp({ config: defaultConfig({ db: ':memory:', logLevel: 'silent' }) });
const token = (await app.inject({
  method: 'POST',
  url: '/oauth/token',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: 'grant_type=password&username=emulator@example.com&password=emulator',
})).json().access_token as string;
const auth = { authorization: `Bearer ${token}` };
const list = await app.inject({ url: '/v2/incidents?pageSize=3&orderBy=severity%20desc', headers: auth });
const uuid = (list.json() as { incidents: Array<{ uuid: string }> }).incidents[0]!.uuid;
const badBody = await app.inject({ method: 'POST', url: `/v2/incidents/${uuid}/basic-attributes:update`, headers: auth, payload: { updateMask: 'displayName', displayName: 5 } });
const adversarial = await app.inject({ method: 'POST', url: '/api/v1/incidents', payload: {} });
const reset = await app.inject({ method: 'POST', url: '/_emulator/reset' });
await app.close();
console.log(JSON.stringify({
  stats: compileStats(),
  list: { status: list.statusCode, count: (list.json() as { incidents: unknown[] }).incidents.length, keys: Object.keys(list.json() as object) },
  badBody: { status: badBody.statusCode, reason: badBody.headers['x-emulator-reason'] },
  adversarial: adversarial.statusCode,
  reset: { status: reset.statusCode, keys: Object.keys(reset.json() as object).sort() },
}));
