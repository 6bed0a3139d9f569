/**
 * A typed client of the control API (/_emulator/), for tests that drive an emulator they
 * started in process (startEmulator) or one running elsewhere, such as a container. The request
 * and answer types are the control API's own schemas, so client and server cannot drift apart.
 */
import type { Static } from 'typebox';
import { CONTROL_TOKEN_HEADER, TENANT_HEADER } from './emulator-headers.js';
import type {
  ClockBody,
  ClockRequestWire,
  JournalBody,
  JournalQueryWire,
  ReadyBody,
  ResetResult,
  SeedRequestWire,
  SnapshotInfoBody,
  StateRequestWire,
  StateResultWire,
} from './control/schemas.js';
import type { FaultRuleInput } from './faults/rules.js';

export type ClockState = Static<typeof ClockBody>;
export type Journal = Static<typeof JournalBody>;
export type SnapshotInfo = Static<typeof SnapshotInfoBody>;

export interface ControlClientOptions {
  /** Tenant every call is scoped to (the x-emulator-tenant header); the default tenant if unset. */
  tenant?: string;
  /** The emulator's --control-token, when it runs with one. */
  controlToken?: string;
}

/** A control API call that did not succeed: its status and the emulator's `{error, message}`. */
export class ControlApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} failed: ${status} ${JSON.stringify(body)}`);
    this.name = 'ControlApiError';
  }
}

export class EmulatorControl {
  constructor(
    private readonly baseUrl: string,
    private readonly options: ControlClientOptions = {},
  ) {}

  /** The same client, scoped to another tenant. */
  forTenant(tenant: string): EmulatorControl {
    return new EmulatorControl(this.baseUrl, { ...this.options, tenant });
  }

  health = () => this.call<{ status: 'alive' }>('GET', 'health');
  ready = () => this.call<Static<typeof ReadyBody>>('GET', 'ready');
  /** Back to the seeded state; resolves when done. */
  reset = () => this.call<Static<typeof ResetResult>>('POST', 'reset', {});
  seed = (request: Omit<SeedRequestWire, 'tenant'>) => this.call<Static<typeof ResetResult>>('POST', 'seed', request);
  /** Sets incident fields directly (status included), for test setup. */
  state = (request: StateRequestWire) => this.call<StateResultWire>('POST', 'state', request);

  readonly clock = {
    get: () => this.call<ClockState>('GET', 'clock'),
    /** Freezes now, or at `at` (epoch ms or RFC 3339). */
    freeze: (at?: number | string) =>
      this.clockCall({ freeze: at === undefined ? true : typeof at === 'number' ? new Date(at).toISOString() : at }),
    /** Moves time forward: milliseconds or a duration such as "90s", "2h". */
    advance: (by: number | string) => this.clockCall({ advance: by }),
    resume: () => this.clockCall({ resume: true }),
    reset: () => this.clockCall({ reset: true }),
  };

  readonly faults = {
    list: () => this.call<{ rules: unknown[] }>('GET', 'faults'),
    /** Replaces every rule. */
    replace: (rules: FaultRuleInput[]) => this.call<{ rules: unknown[] }>('PUT', 'faults', { rules }),
    /** Adds one rule, last (or at `position`). */
    add: (rule: FaultRuleInput, position?: number) =>
      this.call<unknown>('POST', position === undefined ? 'faults' : `faults?position=${position}`, rule),
    clear: () => this.call<unknown>('DELETE', 'faults'),
    remove: (id: string) => this.call<unknown>('DELETE', `faults/${encodeURIComponent(id)}`),
  };

  readonly snapshots = {
    save: (name: string) => this.call<SnapshotInfo>('POST', 'snapshots', { name }),
    list: () => this.call<{ snapshots: SnapshotInfo[] }>('GET', 'snapshots'),
    restore: (name: string) => this.call<unknown>('POST', `snapshots/${encodeURIComponent(name)}/restore`, {}),
    remove: (name: string) => this.call<unknown>('DELETE', `snapshots/${encodeURIComponent(name)}`),
  };

  readonly journal = {
    list: (query: Omit<JournalQueryWire, 'tenant'> = {}) => {
      const search = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]));
      return this.call<Journal>('GET', `journal${search.size > 0 ? `?${search}` : ''}`);
    },
    clear: () => this.call<unknown>('DELETE', 'journal'),
  };

  private clockCall(request: Omit<ClockRequestWire, 'tenant'>) {
    return this.call<ClockState>('POST', 'clock', request);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.options.tenant) headers[TENANT_HEADER] = this.options.tenant;
    if (this.options.controlToken) headers[CONTROL_TOKEN_HEADER] = this.options.controlToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}/_emulator/${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) throw new ControlApiError(response.status, parsed, `${method} /_emulator/${path}`);
    return parsed as T;
  }
}
