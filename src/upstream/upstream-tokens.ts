/**
 * The emulator's own access to an upstream: it signs in with the credentials from the environment
 * (ESET: password grant; Adversarial: client credentials), keeps the access token until shortly
 * before it expires, refreshes it with the refresh token when it has one, and signs in again when
 * that fails. Concurrent requests share one sign-in. Tokens and credentials never leave this
 * module except in the Authorization header sent to the upstream.
 */
import { ApiError } from '../errors.js';
import type { UpstreamApi, UpstreamCredentials } from './settings.js';

/** Renew this long before the upstream says the token expires. */
const EXPIRY_MARGIN_MS = 30_000;

interface HeldToken {
  access: string;
  refresh: string | undefined;
  expiresAtMs: number;
}

export interface TokenSource {
  /** A bearer token for the upstream. */
  token(): Promise<string>;
  /** The upstream refused the token: the next call signs in again. */
  invalidate(token: string): void;
}

interface TokenEndpoint {
  api: UpstreamApi;
  /** Full URL of the upstream's token endpoint. */
  url: string;
  credentials: UpstreamCredentials;
  timeoutMs: number;
}

/** The form of a sign-in: the credentials are read out of their wrappers here and only here. */
function signInForm({ api, credentials }: TokenEndpoint): Record<string, string> {
  if (api === 'eset') {
    const { username, password } = credentials.eset!;
    return { grant_type: 'password', username: username.reveal(), password: password.reveal() };
  }
  return { grant_type: 'client_credentials', ...adversarialClient(credentials) };
}

function adversarialClient(credentials: UpstreamCredentials): Record<string, string> {
  const { clientId, clientSecret } = credentials.adversarial!;
  return { client_id: clientId.reveal(), client_secret: clientSecret.reveal() };
}

/** A refresh: Adversarial's clients authenticate on it too (RFC 6749 §6), ESET's do not. */
function refreshForm({ api, credentials }: TokenEndpoint, refreshToken: string): Record<string, string> {
  return { grant_type: 'refresh_token', refresh_token: refreshToken, ...(api === 'adversarial' && adversarialClient(credentials)) };
}

export class UpstreamTokens implements TokenSource {
  #held: HeldToken | undefined;
  #pending: Promise<HeldToken> | undefined;

  constructor(private readonly endpoint: TokenEndpoint) {}

  async token(): Promise<string> {
    const held = this.#held;
    if (held && held.expiresAtMs - EXPIRY_MARGIN_MS > Date.now()) return held.access;
    this.#pending ??= this.#renew(held).finally(() => {
      this.#pending = undefined;
    });
    return (await this.#pending).access;
  }

  invalidate(token: string): void {
    if (this.#held?.access === token) this.#held = { ...this.#held, expiresAtMs: 0 };
  }

  async #renew(held: HeldToken | undefined): Promise<HeldToken> {
    if (held?.refresh !== undefined) {
      const refreshed = await this.#request(refreshForm(this.endpoint, held.refresh)).catch(() => undefined);
      if (refreshed) return (this.#held = refreshed);
    }
    return (this.#held = await this.#request(signInForm(this.endpoint)));
  }

  async #request(form: Record<string, string>): Promise<HeldToken> {
    const { url, timeoutMs } = this.endpoint;
    const where = new URL(url).origin;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      throw upstreamUnreachable(where, error, timeoutMs, 'its token endpoint');
    }
    const body = (await response.json().catch(() => undefined)) as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown } | undefined;
    if (response.status !== 200 || typeof body?.access_token !== 'string') {
      // The upstream's error text is not repeated: it might quote what was sent.
      throw new ApiError('BAD_GATEWAY', `the upstream at ${where} refused the emulator's credentials: its token endpoint answered ${response.status}`);
    }
    const lifetimeS = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 300;
    return {
      access: body.access_token,
      refresh: typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined,
      expiresAtMs: Date.now() + lifetimeS * 1000,
    };
  }
}

/** A 504 when the upstream took too long, else a 502 saying it could not be reached and why. */
export function upstreamUnreachable(where: string, error: unknown, timeoutMs: number, what = 'it'): ApiError {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ApiError('GATEWAY_TIMEOUT', `the upstream at ${where} did not answer within ${timeoutMs} ms`);
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message ?? 'unknown error';
  return new ApiError('BAD_GATEWAY', `the upstream at ${where} could not be reached (${what}): ${detail}`);
}
