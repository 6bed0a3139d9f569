/**
 * Upstream modes for one API, registered inside the API's scope. When the API has an upstream
 * (--upstream), each request to one of its routes goes to the real service and the caller gets the
 * real answer, byte for byte; the answer is checked against the route's documented responses
 * (drift findings), and, by mode, also compared with the emulator's own answer on a tenant of its
 * own (shadow) or recorded as scrubbed fixtures (record).
 *
 * Whose credentials: with --upstream-auth environment the caller signs in to the emulator as
 * usual (its token endpoint stays local, its bearer check runs first, so nobody without an emulator
 * token uses the emulator's upstream account) and the emulator uses its own upstream tokens; with
 * caller, everything, the token endpoint included, goes through with the caller's Authorization.
 */
import fp from 'fastify-plugin';
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { ApiError } from '../errors.js';
import { AnswerChecker, type Difference } from './answer-checker.js';
import { Recorder, type RecordingFormat } from './recorder.js';
import { Scrubber } from './scrubber.js';
import { upstreamProblem, type UpstreamApi } from './settings.js';
import { compareAnswers, type ComparedAnswer } from './shadow-compare.js';
import { UpstreamClient, type UpstreamAnswer } from './upstream-client.js';
import { UpstreamTokens } from './upstream-tokens.js';

/** The tenant shadow mode asks the emulator on: its own data, apart from every test's. */
const SHADOW_TENANT = 'upstream-shadow';
const SHADOW_CALL_HEADER = 'x-emulator-shadow-call';

export interface UpstreamPluginOptions {
  api: UpstreamApi;
  /** Whether a route (by its declared URL) is one of the API's, and so goes upstream. */
  isApiRoute(url: string): boolean;
  /** Whether a route is the API's token endpoint (local unless the caller's credentials go through). */
  isTokenRoute(url: string): boolean;
  /** The request path as the upstream's base URL continues it. */
  upstreamPath(path: string): string;
  /** The token endpoint's path under the upstream's (auth) base URL. */
  tokenPath: string;
  /** Whether every key a response object names must be present (proto3 JSON with defaults). */
  everyKeyRequired: boolean;
  /** How answers become fixtures of this API. */
  recording: RecordingFormat;
  /** A local token request of the API's documented default account, for shadow calls when the caller's token is the upstream's. */
  shadowSignIn: { url: string; form: Record<string, string> };
  /** Whether a request continues an earlier upstream answer (ESET's response-id): the emulator cannot answer it the same. */
  continuesUpstreamAnswer?: (headers: IncomingHttpHeaders) => boolean;
}

/**
 * Answers shadow mode does not compare: a 202 (the gateway's wait), a 429 or a 5xx say how the
 * upstream is doing, not what its API is.
 */
const isTransient = (status: number) => status === 202 || status === 429 || status >= 500;

/** `GET /v2/incidents/:incidentUuid` → the operationId, else `GET /v2/incidents/{incidentUuid}`. */
function operationOf(request: FastifyRequest): string {
  const operationId = (request.routeOptions.schema as { operationId?: string } | undefined)?.operationId;
  if (operationId !== undefined) return operationId;
  const url = (request.routeOptions.url ?? request.url).replace(/::/g, '\u0000').replace(/:(\w+)/g, '{$1}').replace(/\u0000/g, ':');
  return `${request.method} ${url}`;
}

/** The request's bytes as they came, within the route's body limit (as if Fastify read them). */
async function readRequestBody(raw: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ApiError('PAYLOAD_TOO_LARGE', `the request body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The JSON of a body, undefined when empty; a body that is not JSON is a difference of its own. */
function parsedBody(body: Buffer | string, contentType: string | undefined): { json: unknown; unreadable?: Difference } {
  if (body.length === 0) return { json: undefined };
  try {
    return { json: JSON.parse(body.toString()) };
  } catch {
    return { json: undefined, unreadable: { kind: 'schema', path: '$', expected: 'a JSON body', actual: `${body.length} bytes of ${contentType ?? 'no content type'}` } };
  }
}

const headerText = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

async function upstreamModes(scope: FastifyInstance, options: UpstreamPluginOptions): Promise<void> {
  const { config } = scope;
  const base = config.upstream[options.api];
  if (base === undefined) return;
  // The command line checks this too; an app built in code (buildApp) must not start half-set.
  const problem = upstreamProblem(config);
  if (problem !== undefined) throw new Error(problem);
  const mode = config.upstreamMode;
  const callerAuth = config.upstreamAuth === 'caller';
  const authBase = options.api === 'eset' ? (config.upstream.esetAuth ?? base) : base;
  const tokens = callerAuth
    ? undefined
    : new UpstreamTokens({ api: options.api, url: authBase + options.tokenPath, credentials: config.upstreamCredentials, timeoutMs: config.upstreamTimeoutMs });
  const client = new UpstreamClient({ baseUrl: base, timeoutMs: config.upstreamTimeoutMs, tokens });
  const tokenClient = new UpstreamClient({ baseUrl: authBase, timeoutMs: config.upstreamTimeoutMs, tokens: undefined });
  const checker = new AnswerChecker({ everyKeyRequired: options.everyKeyRequired });
  // The shared schemas a route's responses refer to, known once the API's scope is complete.
  scope.addHook('onReady', async () => checker.learn(scope.getSchemas()));
  const recorder =
    mode === 'record'
      ? new Recorder({
          folder: config.recordTo,
          format: options.recording,
          fallbackFolder: config.fixtures,
          scrubber: new Scrubber(config.upstreamCredentials.recordKey?.reveal()),
          log: scope.log,
        })
      : undefined;
  if (recorder) scope.addHook('onClose', async () => recorder.flush());
  const shadowSecret = randomBytes(16).toString('hex');
  let shadowToken: string | undefined;

  const note = (operation: string, differences: Difference[]) => {
    // One answer counts once per difference, however many list items show it.
    const seen = new Set<string>();
    for (const difference of differences) {
      const key = JSON.stringify(difference);
      if (seen.has(key)) continue;
      seen.add(key);
      scope.drift.record({ api: options.api, operation, ...difference });
    }
  };

  /** The emulator's own answer to the same request, on the shadow tenant. */
  async function emulatorAnswer(request: FastifyRequest, body: Buffer, signIn = false): Promise<ComparedAnswer> {
    let authorization = headerText(request.headers.authorization);
    if (callerAuth) {
      if (shadowToken === undefined || signIn) {
        const { url, form } = options.shadowSignIn;
        const answer = await scope.inject({
          method: 'POST', url, payload: new URLSearchParams(form).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', [SHADOW_CALL_HEADER]: shadowSecret },
        });
        shadowToken = (answer.json() as { access_token?: string }).access_token;
      }
      authorization = `Bearer ${shadowToken}`;
    }
    const { host: _host, 'content-length': _length, 'transfer-encoding': _encoding, connection: _connection, ...headers } = request.headers;
    const answer = await scope.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: { ...headers, ...(authorization && { authorization }), 'x-emulator-tenant': SHADOW_TENANT, [SHADOW_CALL_HEADER]: shadowSecret },
      payload: body.length > 0 ? body : undefined,
    });
    if (answer.statusCode === 401 && callerAuth && !signIn) return emulatorAnswer(request, body, true);
    return { status: answer.statusCode, body: parsedBody(answer.rawPayload, answer.headers['content-type'] as string | undefined).json };
  }

  const forward: onRequestAsyncHookHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.routeOptions.url;
    if (url === undefined || !options.isApiRoute(url) || request.headers[SHADOW_CALL_HEADER] === shadowSecret) return;
    const isToken = options.isTokenRoute(url);
    if (isToken && !callerAuth) return;
    const body = await readRequestBody(request.raw, request.routeOptions.bodyLimit ?? scope.initialConfig.bodyLimit ?? 1024 * 1024);
    const path = options.upstreamPath(request.url);
    const answer: UpstreamAnswer = await (isToken ? tokenClient : client).forward({
      method: request.method, pathAndQuery: path, headers: request.headers, body,
    });
    // A HEAD answer has no body to check; the token endpoint's answers are the caller's credentials.
    if (!isToken && request.method !== 'HEAD') {
      const operation = operationOf(request);
      const { json, unreadable } = parsedBody(answer.body, headerText(answer.headers['content-type']));
      const responses = (request.routeOptions.schema as { response?: Record<string, unknown> } | undefined)?.response;
      note(operation, unreadable ? [unreadable] : checker.check(responses, answer.status, json));
      if (mode === 'shadow' && !isTransient(answer.status) && !options.continuesUpstreamAnswer?.(request.headers)) {
        note(operation, compareAnswers({ status: answer.status, body: json }, await emulatorAnswer(request, body)));
      }
      const operationId = (request.routeOptions.schema as { operationId?: string } | undefined)?.operationId;
      if (recorder && operationId && answer.status >= 200 && answer.status < 300) {
        recorder.observe(operationId, request.params as Record<string, string>, json);
      }
    }
    reply.code(answer.status).headers(answer.headers);
    if (answer.headers['content-type'] === undefined) reply.removeHeader('content-type');
    // An empty body (ESET's errors) stays without a content type, as the upstream sent it.
    return answer.body.length === 0 ? reply.send() : reply.send(answer.body);
  };

  if (callerAuth) {
    scope.addHook('onRequest', forward);
  } else {
    // After the API's own hooks (its bearer check): a route's own onRequest runs last.
    scope.addHook('onRoute', (route) => {
      if (!options.isApiRoute(route.url) || options.isTokenRoute(route.url)) return;
      const own = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
      route.onRequest = [...own, forward] as typeof route.onRequest;
    });
  }
}

/** Registered in an API's scope (fastify-plugin: its hooks belong to that scope). */
export const upstreamPlugin = fp(upstreamModes, { dependencies: ['drift-store'] });
