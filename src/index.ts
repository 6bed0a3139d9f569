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
import { emulatorClient, type EmulatorClient } from './emulator-client.js';

export type { EmulatorConfig } from './config.js';
export { ControllableClock } from './clock.js';
export { ControlApiError, EmulatorControl, type ClockState, type ControlClientOptions, type Journal, type SnapshotInfo } from './control-client.js';
export {
  DEFAULT_ADVERSARIAL_ACCOUNT,
  DEFAULT_ESET_USER,
  emulatorClient,
  type EmulatorClient,
  type EmulatorTenant,
} from './emulator-client.js';
export type { FaultRuleInput } from './faults/rules.js';

export interface StartOptions extends Partial<EmulatorConfig> {
  /** Start with the clock frozen at this instant (epoch ms or an RFC 3339 string). */
  frozenAt?: number | string;
}

/** An emulator running in this process: the client of any emulator, plus the server itself. */
export interface RunningEmulator extends EmulatorClient {
  port: number;
  /** The Fastify instance itself, for app.inject() in tests that skip the network. */
  app: FastifyInstance;
  /** The emulator's clock: freeze, advance and resume time for every part of it. */
  clock: ControllableClock;
  /** Stops listening and closes every database. */
  close(): Promise<void>;
}

/** Starts an emulator on 127.0.0.1, a free port and an in-memory database unless told otherwise. */
export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const { frozenAt, ...overrides } = options;
  const clock = new ControllableClock();
  if (frozenAt !== undefined) clock.freeze(typeof frozenAt === 'number' ? frozenAt : Date.parse(frozenAt));
  const config = defaultConfig({ port: 0, db: ':memory:', logLevel: 'silent', ...overrides });
  const app = await buildApp({ config, clock });
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('://[::1]', '://localhost');
  return {
    ...emulatorClient(url, config.controlToken),
    port: Number(new URL(url).port),
    app,
    clock,
    close: () => app.close(),
  };
}
