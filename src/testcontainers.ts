/**
 * incident-emulator/testcontainers: the emulator's image as a Testcontainers module.
 *
 *   import { IncidentEmulatorContainer } from 'incident-emulator/testcontainers';
 *   const emulator = await new IncidentEmulatorContainer().withGenerate(500, 7).start();
 *   const token = await emulator.esetToken();
 *   await fetch(`${emulator.getEsetBaseUrl()}/v2/incidents`, { headers: { authorization: `Bearer ${token}` } });
 *   await emulator.stop();
 *
 * `testcontainers` is an optional peer dependency: only this entry point loads it. The started
 * container is the same client as startEmulator() (url, control, reset, tenant, tokens), so a
 * suite can run against either. Port mapping is the default; with `.withNetworkMode('host')`
 * the emulator listens on a free port of the Docker host instead.
 */
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import {
  AbstractStartedContainer,
  GenericContainer,
  getContainerPort,
  getContainerRuntimeClient,
  type BoundPorts,
  type StartedTestContainer,
  type WaitStrategy,
} from 'testcontainers';
import type { Profile } from './config.js';
import type { EmulatorControl } from './control-client.js';
import { emulatorClient, type EmulatorClient, type EmulatorTenant } from './emulator-client.js';
import type { FaultRuleInput } from './faults/rules.js';

export type { EmulatorClient, EmulatorTenant } from './emulator-client.js';
export type { FaultRuleInput } from './faults/rules.js';

/** The port the emulator listens on inside the container (EMULATOR_PORT's default). */
export const EMULATOR_PORT = 4610;
/** The image `docker build -t incident-emulator .` makes from this repository. */
export const DEFAULT_IMAGE = 'incident-emulator:latest';
/** Where withFixtures() puts the host folder inside the container. */
export const FIXTURES_PATH = '/fixtures';

const POLL_INTERVAL_MS = 100;
const LOG_LINES_ON_FAILURE = 40;

export class IncidentEmulatorContainer extends GenericContainer {
  private controlToken: string | undefined;
  private readonly readiness = new EmulatorReadyWaitStrategy();

  constructor(image: string = DEFAULT_IMAGE) {
    super(image);
    this.withWaitStrategy(this.readiness).withStartupTimeout(60_000);
  }

  /** Seeds from a folder of this machine (eset.json and adversarial.json), copied into the container. */
  withFixtures(hostDir: string): this {
    // The emulator runs as a non-root user: files private on the host (umask 077) must still be
    // readable in the container.
    return this.withCopyDirectoriesToContainer([{ source: resolve(hostDir), target: FIXTURES_PATH, mode: 0o755 }]).withEnvironment({
      EMULATOR_FIXTURES: FIXTURES_PATH,
    });
  }

  /** Seeds `count` generated incidents instead of the fixtures, the same ones for the same seed. */
  withGenerate(count: number, seed?: number): this {
    return this.withEnvironment({ EMULATOR_GENERATE: String(count), ...(seed === undefined ? {} : { EMULATOR_SEED: String(seed) }) });
  }

  /** Fault rules active from the start (the --faults setting); `control.faults` changes them later. */
  withFaults(rules: FaultRuleInput[]): this {
    return this.withEnvironment({ EMULATOR_FAULTS: JSON.stringify(rules) });
  }

  /** Protects the control API with a token; the started container's `control` sends it. */
  withControlToken(token: string): this {
    this.controlToken = token;
    return this.withEnvironment({ EMULATOR_CONTROL_TOKEN: token });
  }

  /** `realistic` turns on every real-service behaviour at once (rate limit, gateway wait, burst). */
  withProfile(profile: Profile): this {
    return this.withEnvironment({ EMULATOR_PROFILE: profile });
  }

  override async start(): Promise<StartedIncidentEmulatorContainer> {
    const runtimeHost = (await getContainerRuntimeClient()).info.containerRuntime.host;
    // Node's fetch may try ::1 first for "localhost"; the emulator may listen on IPv4 only.
    const host = runtimeHost === 'localhost' ? '127.0.0.1' : runtimeHost;
    let hostNetworkPort: number | undefined;
    if (this.networkMode === 'host') {
      // No port mapping: the emulator takes a free port of the Docker host itself, and listens
      // on loopback only when that host is this machine.
      hostNetworkPort = await freeLocalPort();
      const loopback = host === '127.0.0.1' || host === '::1';
      this.withEnvironment({ EMULATOR_PORT: String(hostNetworkPort), EMULATOR_HOST: loopback ? '127.0.0.1' : '0.0.0.0' });
    } else {
      this.withEnvironment({ EMULATOR_PORT: String(EMULATOR_PORT), EMULATOR_HOST: '0.0.0.0' });
      if (!this.exposedPorts.some((port) => getContainerPort(port) === EMULATOR_PORT)) this.withExposedPorts(EMULATOR_PORT);
    }
    const urlOn = (port: number) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.readiness.baseUrl = (boundPorts) => urlOn(hostNetworkPort ?? boundPorts.getBinding(EMULATOR_PORT));
    const started = await super.start();
    const url = urlOn(hostNetworkPort ?? started.getMappedPort(EMULATOR_PORT));
    return new StartedIncidentEmulatorContainer(started, url, this.controlToken);
  }
}

export class StartedIncidentEmulatorContainer extends AbstractStartedContainer implements EmulatorClient {
  readonly url: string;
  readonly control: EmulatorControl;
  private readonly client: EmulatorClient;

  constructor(started: StartedTestContainer, url: string, controlToken?: string) {
    super(started);
    this.client = emulatorClient(url, controlToken);
    this.url = url;
    this.control = this.client.control;
  }

  /** Base URL of the emulator, e.g. http://127.0.0.1:32768. */
  getUrl(): string {
    return this.url;
  }

  /** What an ESET Connect client takes as both its API and its token base URL. */
  getEsetBaseUrl(): string {
    return this.url;
  }

  /** What an Adversarial client takes as its base URL (the real one ends in /api too). */
  getAdversarialBaseUrl(): string {
    return `${this.url}/api`;
  }

  reset(tenant?: string): Promise<void> {
    return this.client.reset(tenant);
  }

  tenantHeaders(tenant: string): Record<string, string> {
    return this.client.tenantHeaders(tenant);
  }

  tenant(name: string): EmulatorTenant {
    return this.client.tenant(name);
  }

  esetToken(user?: { username: string; password: string }): Promise<string> {
    return this.client.esetToken(user);
  }

  adversarialToken(account?: { clientId: string; clientSecret: string }): Promise<string> {
    return this.client.adversarialToken(account);
  }
}

type DockerContainer = Parameters<WaitStrategy['waitUntilReady']>[0];

/**
 * Ready when GET /_emulator/ready answers 200, polled every 100 ms: faster than the image's
 * HEALTHCHECK, whose first probe Docker runs only after an interval, and the same with port
 * mapping or host networking. An emulator that exits (bad fixtures, a bad setting) fails the
 * start at once, with its last log lines.
 */
class EmulatorReadyWaitStrategy implements WaitStrategy {
  baseUrl: ((boundPorts: BoundPorts) => string) | undefined;
  private startupTimeoutMs = 60_000;
  private startupTimeoutSet = false;

  withStartupTimeout(startupTimeoutMs: number): this {
    this.startupTimeoutMs = startupTimeoutMs;
    this.startupTimeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.startupTimeoutSet;
  }

  getStartupTimeout(): number {
    return this.startupTimeoutMs;
  }

  async waitUntilReady(container: DockerContainer, boundPorts: BoundPorts): Promise<void> {
    if (!this.baseUrl) throw new Error('IncidentEmulatorContainer: the wait strategy ran before start() set the URL');
    const url = this.baseUrl(boundPorts);
    const deadline = Date.now() + this.startupTimeoutMs;
    for (;;) {
      try {
        const response = await fetch(`${url}/_emulator/ready`, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      const state = (await container.inspect()).State;
      if (!state.Running) {
        throw new Error(`incident-emulator exited with code ${state.ExitCode} before it was ready:\n${await lastLogLines(container)}`);
      }
      if (Date.now() >= deadline) {
        throw new Error(`incident-emulator was not ready at ${url} within ${this.startupTimeoutMs} ms:\n${await lastLogLines(container)}`);
      }
      await new Promise((done) => setTimeout(done, POLL_INTERVAL_MS));
    }
  }
}

/** The container's last log lines, stdout and stderr interleaved (Docker's multiplexed frames). */
async function lastLogLines(container: DockerContainer): Promise<string> {
  try {
    const raw = (await container.logs({ stdout: true, stderr: true, tail: LOG_LINES_ON_FAILURE })) as unknown as Buffer;
    const parts: Buffer[] = [];
    let offset = 0;
    // Each frame: 1 byte stream, 3 zero bytes, a 4-byte big-endian length, then the payload.
    while (offset + 8 <= raw.length && raw[offset]! <= 2 && raw.readUIntBE(offset + 1, 3) === 0) {
      const length = raw.readUInt32BE(offset + 4);
      parts.push(raw.subarray(offset + 8, offset + 8 + length));
      offset += 8 + length;
    }
    return (offset === 0 ? raw : Buffer.concat(parts)).toString('utf8').trimEnd();
  } catch (error) {
    return `(its logs could not be read: ${(error as Error).message})`;
  }
}

/** A port nothing on this machine listens on right now. */
function freeLocalPort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
