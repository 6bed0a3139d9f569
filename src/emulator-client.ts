/**
 * What a test needs to talk to a running emulator, wherever it runs: in process
 * (startEmulator) or in a container (incident-emulator/testcontainers). Both hand out this same
 * client, so a suite written against it runs on either. It only speaks HTTP: loading it does not
 * load the server.
 */
import { EmulatorControl } from './control-client.js';
import { TENANT_HEADER } from './emulator-headers.js';

export const DEFAULT_ESET_USER = { username: 'emulator@example.com', password: 'emulator' } as const;
export const DEFAULT_ADVERSARIAL_ACCOUNT = { clientId: 'arm_sa_emulator', clientSecret: 'arm_sk_emulator' } as const;

/** One tenant's isolated dataset: the headers that select it and its own control client. */
export interface EmulatorTenant {
  readonly name: string;
  /** Spread into fetch() headers to work on this tenant's dataset. */
  readonly headers: Record<string, string>;
  /** The control API scoped to this tenant (reset, seed, state, clock, faults, …). */
  readonly control: EmulatorControl;
  /** Back to the seeded state; resolves when done. */
  reset(): Promise<void>;
}

export interface EmulatorClient {
  /** Base URL of both APIs, e.g. http://127.0.0.1:39181. */
  readonly url: string;
  /** The control API: reset, seed, state, clock, faults, snapshots, journal (default tenant). */
  readonly control: EmulatorControl;
  /** Back to the seeded state (the default tenant, or `tenant`); resolves when done. */
  reset(tenant?: string): Promise<void>;
  /** Headers that put a request on a tenant's isolated dataset: spread them into fetch(). */
  tenantHeaders(tenant: string): Record<string, string>;
  /** A tenant's headers and control client together, e.g. one per test worker. */
  tenant(name: string): EmulatorTenant;
  /** An ESET access token (password grant) for a fixture user; the documented default user if none. */
  esetToken(user?: { username: string; password: string }): Promise<string>;
  /** An Adversarial access token (client credentials); the documented default account if none. */
  adversarialToken(account?: { clientId: string; clientSecret: string }): Promise<string>;
}

/** A client of the emulator at `url`; `controlToken` when it runs with --control-token. */
export function emulatorClient(url: string, controlToken?: string): EmulatorClient {
  const control = new EmulatorControl(url, controlToken ? { controlToken } : {});

  async function token(path: string, form: Record<string, string>): Promise<string> {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`POST ${path} failed: ${response.status} ${JSON.stringify(body)}`);
    return String(body.access_token);
  }

  const tenantHeaders = (tenant: string) => ({ [TENANT_HEADER]: tenant });
  return {
    url,
    control,
    async reset(tenant) {
      await (tenant === undefined ? control : control.forTenant(tenant)).reset();
    },
    tenantHeaders,
    tenant(name) {
      const scoped = control.forTenant(name);
      return {
        name,
        headers: tenantHeaders(name),
        control: scoped,
        async reset() {
          await scoped.reset();
        },
      };
    },
    esetToken: (user = DEFAULT_ESET_USER) =>
      token('/oauth/token', { grant_type: 'password', username: user.username, password: user.password }),
    adversarialToken: (account = DEFAULT_ADVERSARIAL_ACCOUNT) =>
      token('/api/v1/oauth/token', {
        grant_type: 'client_credentials',
        client_id: account.clientId,
        client_secret: account.clientSecret,
      }),
  };
}
