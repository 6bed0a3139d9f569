/**
 * The upstream settings: which real services the emulated APIs are forwarded to, in which mode,
 * with whose credentials. Credentials come from the environment only and are wrapped so that
 * printing, logging or serialising a configuration never shows them.
 */
import { inspect } from 'node:util';

export const UPSTREAM_MODES = ['proxy', 'shadow', 'record'] as const;
export type UpstreamMode = (typeof UPSTREAM_MODES)[number];

export const UPSTREAM_AUTHS = ['environment', 'caller'] as const;
export type UpstreamAuth = (typeof UPSTREAM_AUTHS)[number];

export type UpstreamApi = 'eset' | 'adversarial';

export interface UpstreamTargets {
  /** ESET Connect's incident-management base URL (https://eu.incident-management.eset.systems). */
  eset?: string;
  /** ESET's token host (https://eu.business-account.iam.eset.systems); the eset URL when not given. */
  esetAuth?: string;
  /** Adversarial's base URL with /api, as its clients configure it (https://api.adversarial.com/api). */
  adversarial?: string;
}

const TARGET_KEYS: Record<string, keyof UpstreamTargets> = { eset: 'eset', 'eset-auth': 'esetAuth', adversarial: 'adversarial' };

/** A secret that prints, logs and serialises as [redacted]; `reveal()` is the one way to read it. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return '[redacted]';
  }
}

export interface UpstreamCredentials {
  eset?: { username: Secret; password: Secret };
  adversarial?: { clientId: Secret; clientSecret: Secret };
  /** Key of record mode's fakes (random per run without it); a guess could be tested with it. */
  recordKey?: Secret;
}

export const NO_UPSTREAM_CREDENTIALS: UpstreamCredentials = Object.freeze({});

export const CREDENTIAL_ENV = {
  esetUsername: 'EMULATOR_UPSTREAM_ESET_USERNAME',
  esetPassword: 'EMULATOR_UPSTREAM_ESET_PASSWORD',
  adversarialClientId: 'EMULATOR_UPSTREAM_ADVERSARIAL_CLIENT_ID',
  adversarialClientSecret: 'EMULATOR_UPSTREAM_ADVERSARIAL_CLIENT_SECRET',
  recordKey: 'EMULATOR_RECORD_KEY',
} as const;

/** `eset=https://…,adversarial=https://…/api` → targets; undefined when any part is not a base URL. */
export function parseUpstreamTargets(raw: string): UpstreamTargets | undefined {
  const targets: UpstreamTargets = {};
  for (const part of raw.split(',').map((item) => item.trim()).filter((item) => item !== '')) {
    const separator = part.indexOf('=');
    const key = TARGET_KEYS[part.slice(0, separator)];
    const url = baseUrl(part.slice(separator + 1));
    if (separator < 0 || key === undefined || url === undefined || targets[key] !== undefined) return undefined;
    targets[key] = url;
  }
  return Object.keys(targets).length > 0 ? targets : undefined;
}

/** An http(s) URL without query or fragment, its trailing slash dropped. */
function baseUrl(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '' || url.username !== '') return undefined;
    return url.href.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

export function upstreamCredentialsFrom(env: NodeJS.ProcessEnv): UpstreamCredentials {
  const credentials: UpstreamCredentials = {};
  const { esetUsername, esetPassword, adversarialClientId, adversarialClientSecret, recordKey } = CREDENTIAL_ENV;
  if (env[esetUsername] && env[esetPassword]) {
    credentials.eset = { username: new Secret(env[esetUsername]), password: new Secret(env[esetPassword]) };
  }
  if (env[adversarialClientId] && env[adversarialClientSecret]) {
    credentials.adversarial = { clientId: new Secret(env[adversarialClientId]), clientSecret: new Secret(env[adversarialClientSecret]) };
  }
  if (env[recordKey]) credentials.recordKey = new Secret(env[recordKey]);
  return credentials;
}

interface UpstreamSettings {
  upstream: UpstreamTargets;
  upstreamMode: UpstreamMode;
  upstreamAuth: UpstreamAuth;
  recordTo: string;
  upstreamCredentials: UpstreamCredentials;
}

/** What is missing for the upstream settings to work together, or undefined when nothing is. */
export function upstreamProblem(config: UpstreamSettings): string | undefined {
  const { upstream, upstreamMode, upstreamAuth, recordTo, upstreamCredentials } = config;
  if (upstream.esetAuth !== undefined && upstream.eset === undefined) return '--upstream eset-auth=… needs eset=… beside it.';
  if (upstreamMode === 'record' && recordTo === '' && (upstream.eset ?? upstream.adversarial) !== undefined) {
    return '--upstream-mode record needs --record-to <folder> (EMULATOR_RECORD_TO).';
  }
  if (upstreamAuth !== 'environment') return undefined;
  if (upstream.eset !== undefined && upstreamCredentials.eset === undefined) {
    return `--upstream eset=… with --upstream-auth environment needs ${CREDENTIAL_ENV.esetUsername} and ${CREDENTIAL_ENV.esetPassword} (or --upstream-auth caller).`;
  }
  if (upstream.adversarial !== undefined && upstreamCredentials.adversarial === undefined) {
    return `--upstream adversarial=… with --upstream-auth environment needs ${CREDENTIAL_ENV.adversarialClientId} and ${CREDENTIAL_ENV.adversarialClientSecret} (or --upstream-auth caller).`;
  }
  return undefined;
}
