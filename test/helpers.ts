/** Building the app the way production does, in memory, and talking to it through inject(). */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';
import { buildApp } from '../src/app.js';
import { ControllableClock } from '../src/clock.js';
import { defaultConfig, type EmulatorConfig } from '../src/config.js';
import { SERVICES } from '../src/apis/index.js';
import { DatasetLayout } from '../src/store/dataset.js';

/** The datasets' tables as the emulator lays them out, for tests that open a store directly. */
export const LAYOUT = new DatasetLayout(SERVICES);

import { DEFAULT_ESET_USER as DEFAULT_USER } from '../src/emulator-client.js';

export { DEFAULT_USER };

/** Fixed instant for tests that freeze time (after every fixture timestamp). */
export const TEST_NOW = Date.parse('2026-11-20T12:00:00Z');

export interface TestApp {
  app: FastifyInstance;
  clock: ControllableClock;
}

export async function startApp(t: Test, overrides: Partial<EmulatorConfig> = {}): Promise<TestApp> {
  const clock = new ControllableClock();
  clock.freeze(TEST_NOW);
  const app = await buildApp({ config: defaultConfig({ db: ':memory:', logLevel: 'silent', ...overrides }), clock });
  t.teardown(() => app.close());
  return { app, clock };
}

export function tokenRequest(app: FastifyInstance, form: Record<string, string>, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(form).toString(),
  });
}

export async function esetToken(app: FastifyInstance, user: { username: string; password: string } = DEFAULT_USER): Promise<string> {
  const response = await tokenRequest(app, { grant_type: 'password', username: user.username, password: user.password });
  if (response.statusCode !== 200) throw new Error(`token request failed: ${response.statusCode} ${response.body}`);
  return (response.json() as { access_token: string }).access_token;
}

/** An ESET request with a valid bearer token. */
export async function esetRequest(
  app: FastifyInstance,
  options: InjectOptions & { token?: string },
): Promise<LightMyRequestResponse> {
  const token = options.token ?? (await esetToken(app));
  const { token: _ignored, ...rest } = options;
  return app.inject({ ...rest, headers: { authorization: `Bearer ${token}`, ...(rest.headers ?? {}) } });
}
