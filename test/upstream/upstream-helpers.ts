/** Upstreams on loopback for the upstream-mode tests: a second emulator, or a small Fastify app. */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import type { EmulatorConfig } from '../../src/config.js';
import { Secret, type UpstreamCredentials } from '../../src/upstream/settings.js';
import { startApp } from '../helpers.js';

const ESET_CREDENTIALS = { username: 'emulator@example.com', password: 'emulator' };
const ADVERSARIAL_CREDENTIALS = { clientId: 'arm_sa_emulator', clientSecret: 'arm_sk_emulator' };

const environmentCredentials = (): UpstreamCredentials => ({
  eset: { username: new Secret(ESET_CREDENTIALS.username), password: new Secret(ESET_CREDENTIALS.password) },
  adversarial: { clientId: new Secret(ADVERSARIAL_CREDENTIALS.clientId), clientSecret: new Secret(ADVERSARIAL_CREDENTIALS.clientSecret) },
});

/** Listens on 127.0.0.1 at a free port; closed when the test ends. */
async function listen(t: Test, app: FastifyInstance): Promise<string> {
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());
  return address;
}

/** A second emulator, as the real service: its own in-memory data from the default fixtures. */
export async function upstreamEmulator(t: Test, overrides: Partial<EmulatorConfig> = {}): Promise<{ app: FastifyInstance; url: string }> {
  const { app } = await startApp(t, overrides);
  return { app, url: await listen(t, app) };
}

/** An emulator whose APIs go to the given upstreams. */
export async function emulatorBefore(t: Test, upstream: EmulatorConfig['upstream'], overrides: Partial<EmulatorConfig> = {}) {
  return startApp(t, { upstream, upstreamCredentials: environmentCredentials(), ...overrides });
}

/** A bare Fastify app on loopback, for upstreams that misbehave on purpose. */
export async function fakeUpstream(t: Test, routes: (app: FastifyInstance) => void): Promise<string> {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  routes(app);
  return listen(t, app);
}
