/**
 * Forwards one request to an upstream and reads its whole answer. Node's built-in fetch (undici)
 * does the HTTP: @fastify/reply-from would stream the answer straight to the caller, but every
 * mode needs the body in hand first, to check it, compare it or record it. The answer's bytes are
 * kept exactly as they came; only headers that describe the connection, not the answer, are
 * dropped.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../errors.js';
import { upstreamUnreachable, type TokenSource } from './upstream-tokens.js';

/** An upstream answer larger than this is refused with a 502 rather than held in memory. */
const MAX_UPSTREAM_BODY_BYTES = 32 * 1024 * 1024;

/** Request headers that belong to the hop to the emulator, or to the emulator itself. */
const NOT_FORWARDED = new Set([
  'host', 'connection', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade',
  'content-length', 'accept-encoding', 'expect',
]);

/** Answer headers that describe the connection or the encoding fetch has already undone; CORS is the emulator's own. */
const NOT_RETURNED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'date']);

const isEmulatorHeader = (name: string) => name.startsWith('x-emulator-');

interface OutgoingRequest {
  method: string;
  /** Path and query as the upstream knows them. */
  pathAndQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer | undefined;
}

export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

interface UpstreamClientOptions {
  baseUrl: string;
  timeoutMs: number;
  /** The emulator's own tokens; without them the caller's Authorization goes through. */
  tokens: TokenSource | undefined;
}

export class UpstreamClient {
  readonly origin: string;

  constructor(private readonly options: UpstreamClientOptions) {
    this.origin = new URL(options.baseUrl).origin;
  }

  async forward(request: OutgoingRequest): Promise<UpstreamAnswer> {
    const { tokens } = this.options;
    if (!tokens) return this.#send(request, undefined);
    const token = await tokens.token();
    const answer = await this.#send(request, token);
    if (answer.status !== 401) return answer;
    // The upstream may have revoked the token early: sign in again once (the refused request did nothing).
    tokens.invalidate(token);
    return this.#send(request, await tokens.token());
  }

  async #send(request: OutgoingRequest, token: string | undefined): Promise<UpstreamAnswer> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || NOT_FORWARDED.has(name) || isEmulatorHeader(name)) continue;
      if (name === 'authorization' && token !== undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    }
    if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
    headers.set('accept-encoding', 'identity');
    const { timeoutMs } = this.options;
    const signal = AbortSignal.timeout(timeoutMs);
    // The path comes from a request the router matched (it starts with /), so it cannot name another host.
    const url = new URL(this.options.baseUrl + request.pathAndQuery);
    if (url.origin !== this.origin) throw new ApiError('INVALID_ARGUMENT', 'the request path is not one the upstream can be asked');
    try {
      const response = await fetch(url, {
        method: request.method,
        headers,
        body: request.body !== undefined && request.body.length > 0 ? request.body : undefined,
        redirect: 'manual',
        signal,
      });
      const body = await readCapped(response);
      return { status: response.status, headers: answerHeaders(response.headers), body };
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw upstreamUnreachable(this.origin, error, timeoutMs);
    }
  }
}

function answerHeaders(headers: Headers): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    if (NOT_RETURNED.has(name) || name.startsWith('access-control-')) continue;
    kept[name] = name === 'set-cookie' ? headers.getSetCookie() : value;
  }
  return kept;
}

async function readCapped(response: Response): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.length;
    if (size > MAX_UPSTREAM_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new ApiError('BAD_GATEWAY', `the upstream's answer is larger than ${MAX_UPSTREAM_BODY_BYTES} bytes`);
    }
    chunks.push(value);
  }
}
