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
import { EmulatorControl } from './control-client.js';
import { TENANT_HEADER } from './plugins/tenant.js';

export type { EmulatorConfig } from './config.js';
export { ControllableClock } from './clock.js';
export { ControlApiError, EmulatorControl, type ClockState, type ControlClientOptions, type Journal, type SnapshotInfo } from './control-client.js';
export type { FaultRuleInput } from './faults/rules.js';

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
  /** The control API: reset, seed, state, clock, faults, snapshots, journal (default tenant). */
  control: EmulatorControl;
  /** Back to the seeded state (the default tenant, or `tenant`); resolves when done. */
  reset(tenant?: string): Promise<void>;
  /** Headers that put a request on a tenant's isolated dataset: spread them into fetch(). */
  tenantHeaders(tenant: string): Record<string, string>;
  /** An ESET access token (password grant) for a fixture user; the documented default user if none. */
  esetToken(user?: { username: string; password: string }): Promise<string>;
  /** An Adversarial access token (client credentials); the documented default account if none. */
  adversarialToken(account?: { clientId: string; clientSecret: string }): Promise<string>;
  /** Stops listening and closes every database. */
  close(): Promise<void>;
}

export const DEFAULT_ESET_USER = { username: 'emulator@example.com', password: 'emulator' } as const;
export const DEFAULT_ADVERSARIAL_ACCOUNT = { clientId: 'arm_sa_emulator', clientSecret: 'arm_sk_emulator' } as const;

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

  const control = new EmulatorControl(url, config.controlToken === '' ? {} : { controlToken: config.controlToken });
  return {
    url,
    port,
    app,
    clock,
    control,
    async reset(tenant) {
      await (tenant === undefined ? control : control.forTenant(tenant)).reset();
    },
    tenantHeaders: (tenant) => ({ [TENANT_HEADER]: tenant }),
    async esetToken(user = DEFAULT_ESET_USER) {
      const body = await post('/oauth/token', { grant_type: 'password', username: user.username, password: user.password });
      return String(body.access_token);
    },
    async adversarialToken(account = DEFAULT_ADVERSARIAL_ACCOUNT) {
      const body = await post('/api/v1/oauth/token', {
        grant_type: 'client_credentials',
        client_id: account.clientId,
        client_secret: account.clientSecret,
      });
      return String(body.access_token);
    },
    close: () => app.close(),
  };
}
