/**
 * Programmatic use: start the emulator inside a test process, on a free port, with an in-memory
 * database, and drive it.
 *
 *   import { startEmulator } from 'incident-emulator';
 *   const emulator = await startEmulator();
 *   const token = await emulator.esetToken();
 *   const response = await fetch(`${emulator.url}/v2/incidents`, { headers: { authorization: `Bearer ${token}` } });
 *   await emulator.close();
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { ControllableClock } from './clock.js';
import { defaultConfig, type EmulatorConfig } from './config.js';

export type { EmulatorConfig } from './config.js';
export { ControllableClock } from './clock.js';

export interface StartOptions extends Partial<EmulatorConfig> {
  /** Start with the clock frozen at this instant (epoch ms or an RFC 3339 string). */
  frozenAt?: number | string;
}

export interface RunningEmulator {
  /** Base URL of both APIs, e.g. http://127.0.0.1:39181. */
  url: string;
  port: number;
  /** The Fastify instance itself, for app.inject() in tests that skip the network. */
  app: FastifyInstance;
  /** The emulator's clock: freeze, advance and resume time for every part of it. */
  clock: ControllableClock;
  /** An ESET access token (password grant) for a fixture user; the documented default user if none. */
  esetToken(user?: { username: string; password: string }): Promise<string>;
  /** Stops listening and closes every database. */
  close(): Promise<void>;
}

export const DEFAULT_ESET_USER = { username: 'emulator@example.com', password: 'emulator' } as const;

/** Starts an emulator on 127.0.0.1, a free port and an in-memory database unless told otherwise. */
export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const { frozenAt, ...overrides } = options;
  const clock = new ControllableClock();
  if (frozenAt !== undefined) clock.freeze(typeof frozenAt === 'number' ? frozenAt : Date.parse(frozenAt));
  const config = defaultConfig({ port: 0, db: ':memory:', logLevel: 'silent', ...overrides });
  const app = await buildApp({ config, clock });
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('://[::1]', '://localhost');
  const port = Number(new URL(url).port);

  async function post(path: string, form: Record<string, string>): Promise<Record<string, unknown>> {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`POST ${path} failed: ${response.status} ${JSON.stringify(body)}`);
    return body;
  }

  return {
    url,
    port,
    app,
    clock,
    async esetToken(user = DEFAULT_ESET_USER) {
      const body = await post('/oauth/token', { grant_type: 'password', username: user.username, password: user.password });
      return String(body.access_token);
    },
    close: () => app.close(),
  };
}
