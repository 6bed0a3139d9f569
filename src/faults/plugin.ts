/**
 * Faults, rate limits and ESET's 202 protocol, as one hook that runs for the emulated APIs
 * after authentication and body parsing and before validation and the handler — so a request
 * answered with a fault never reaches the handler, and a failed write changes nothing.
 *
 * Order: a `response-id` re-send (ESET) → ESET's burst model (--eset-burst: 202 or 503) → the
 * rate limit → the x-emulator-fault header, else the first fault rule that fires → latency, then
 * the outcome (status, 202, drop). Rate limits and bursts count per tenant, credential and source
 * address: each tenant's requests read its own clock, and parallel test workers stay apart.
 */
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { apiOfRequest, type ApiRoutes } from '../service.js';
import { ApiError, ERROR_CATALOGUE, invalidArgument, notFound, type ErrorCode } from '../errors.js';
import { DEFAULT_TENANT } from '../store/registry.js';
import { createRandom, type Random } from '../util/random.js';
import { recordRequest } from '../journal/plugin.js';
import { FaultEngine } from './engine.js';
import { FAULT_HEADER, FaultHeaderError, describeAction, parseFaultHeader } from './header.js';
import { LongRequests, fingerprintOf } from './long-requests.js';
import { BurstModel, RateLimiter } from './rate-limit.js';
import type { FaultAction } from './rules.js';

const RESPONSE_ID_HEADER = 'response-id';

declare module 'fastify' {
  interface FastifyInstance {
    faults: FaultEngine;
    longRequests: LongRequests;
  }
  interface FastifyRequest {
    /** Set when this request is answered 202: its real result is kept under this response-id. */
    deferredId: string | null;
  }
}

const CODE_BY_STATUS: Record<number, ErrorCode> = Object.fromEntries(
  (Object.entries(ERROR_CATALOGUE) as [ErrorCode, { status: number }][])
    .filter(([code]) => !code.startsWith('OAUTH_') && code !== 'FAILED_PRECONDITION' && code !== 'INJECTED_FAULT')
    .map(([code, entry]) => [entry.status, code]),
);

/** An error status asked for by a rule or the header, in the vendor's error shape. */
class InjectedFault extends ApiError {
  constructor(status: number, reason: string) {
    super(CODE_BY_STATUS[status] ?? 'INJECTED_FAULT', reason);
    // The catalogue gives each code one status; an injected one is whatever was asked for.
    Object.defineProperty(this, 'status', { value: status });
  }
}

/** The --faults setting: inline JSON, or a file of it. */
function loadFaultsSetting(value: string): unknown {
  const text = /^\s*[[{]/.test(value) ? value : readFileSync(value, 'utf8');
  return JSON.parse(text);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Headers of a deferred result that are the 202's own, not the result's: CORS headers stay on the
 * 202 (a browser must be able to read its response-id); the re-send that collects the result gets
 * its own.
 */
const NOT_STORED = new Set(['request-id', 'content-length', 'response-id', FAULT_HEADER, 'vary']);
const isOwnHeader = (name: string) => NOT_STORED.has(name) || name.startsWith('access-control-');

export const faultsPlugin = fp(
  async (app) => {
    const { config, clock } = app;
    const engine = new FaultEngine(clock, config.seed, app.services.map((service) => service.name));
    if (config.faults !== '') {
      try {
        engine.replace(loadFaultsSetting(config.faults), '--faults');
      } catch (error) {
        throw new Error(`Invalid --faults (EMULATOR_FAULTS): ${(error as Error).message}`);
      }
    }
    const longRequests = new LongRequests(clock);
    // Per API, made on its first request: each API's rate limit and burst model count on their own.
    const trafficByApi = new Map<string, { limiter?: RateLimiter; burst?: BurstModel }>();
    const trafficOf = (api: ApiRoutes) => {
      let traffic = trafficByApi.get(api.name);
      if (!traffic) {
        traffic = {
          ...(api.rateLimit > 0 && { limiter: new RateLimiter(api.rateLimit, clock) }),
          ...(api.burstRate > 0 && { burst: new BurstModel(api.burstRate, clock) }),
        };
        trafficByApi.set(api.name, traffic);
      }
      return traffic;
    };
    const headerRandom = createRandom(`${config.seed}/${FAULT_HEADER}`);
    app.decorate('faults', engine);
    app.decorate('longRequests', longRequests);
    app.decorateRequest('deferredId', null);

    const mark = (request: FastifyRequest, reply: FastifyReply, label: string) => {
      request.emulatorFault = label;
      reply.header(FAULT_HEADER, label);
    };

    function claim(request: FastifyRequest, reply: FastifyReply, id: string, tenant: string) {
      const outcome = longRequests.claim(id, fingerprintOf(tenant, request.method, request.url, request.body));
      switch (outcome.kind) {
        case 'unknown':
          throw notFound(`response-id '${id}' is unknown, expired, already delivered, or belongs to another request`);
        case 'timed-out':
          throw new ApiError('GATEWAY_TIMEOUT', `response-id '${id}': still pending after 120 s`);
        case 'pending':
          return reply.code(202).header(RESPONSE_ID_HEADER, id).type('application/json').send('');
        case 'ready':
          return reply.code(outcome.result.status).headers(outcome.result.headers).send(outcome.result.payload);
      }
    }

    async function apply(request: FastifyRequest, reply: FastifyReply, api: ApiRoutes, tenant: string, action: FaultAction, random: Random) {
      let deferMs = action.pending;
      if (action.latency) {
        const ms = action.latency.min === action.latency.max ? action.latency.min : random.int(action.latency.min, action.latency.max);
        if (api.longRequests && config.gatewayWaitMs > 0 && ms > config.gatewayWaitMs && action.status === undefined && !action.drop) {
          // Slower than the gateway waits: ESET answers 202 and the client comes back for it.
          deferMs = ms;
        } else {
          await sleep(ms);
        }
      }
      if (action.drop) {
        reply.hijack();
        recordRequest(request, 0, reply.elapsedTime);
        request.raw.destroy();
        reply.raw.destroy();
        return reply;
      }
      if (action.status !== undefined) {
        const retryAfter = action.retryAfter ?? (action.status === 429 || action.status === 503 ? 1 : undefined);
        if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
        throw new InjectedFault(action.status, `injected fault (${request.emulatorFault}): ${action.status}`);
      }
      if (deferMs !== undefined && api.longRequests) {
        request.deferredId = longRequests.open(fingerprintOf(tenant, request.method, request.url, request.body), deferMs);
      }
      return undefined;
    }

    app.addHook('preValidation', async (request, reply) => {
      const api = apiOfRequest(request);
      if (api === undefined) return;
      const tenant = request.dataset?.tenant ?? DEFAULT_TENANT;

      const responseId = request.headers[RESPONSE_ID_HEADER];
      if (api.longRequests && typeof responseId === 'string') return claim(request, reply, responseId, tenant);

      const rateKey = `${tenant}|${request.ip}|${request.headers.authorization ?? ''}`;
      const retryAfter = (ms: number) => reply.header('retry-after', String(Math.max(1, Math.ceil(ms / 1000))));
      const { burst, limiter } = trafficOf(api);
      if (burst) {
        const outcome = burst.take(rateKey);
        if (outcome.kind === 'overloaded') {
          mark(request, reply, 'burst 503');
          retryAfter(outcome.retryAfterMs);
          throw new ApiError('UNAVAILABLE', `large burst: the queue of this credential and address is full (${burst.threshold}+ requests a second, served 2 a second)`);
        }
        if (outcome.kind === 'queued') {
          // Performed now like any 202 request; its result is ready when the queue gets to it.
          mark(request, reply, `burst 202=${outcome.readyInMs}ms`);
          request.deferredId = longRequests.open(fingerprintOf(tenant, request.method, request.url, request.body), outcome.readyInMs);
          return;
        }
      }

      if (limiter) {
        const waitMs = limiter.take(rateKey);
        if (waitMs !== undefined) {
          mark(request, reply, 'rate-limit');
          retryAfter(waitMs);
          throw new ApiError('RATE_LIMITED', `rate limit: more than ${limiter.perSecond} requests per second from this credential and address`);
        }
      }

      const header = request.headers[FAULT_HEADER];
      if (header !== undefined) {
        let action: FaultAction;
        try {
          action = parseFaultHeader(Array.isArray(header) ? header.join(',') : header);
        } catch (error) {
          if (error instanceof FaultHeaderError) throw invalidArgument(error.message);
          throw error;
        }
        if (action.pending !== undefined && !api.longRequests) {
          throw invalidArgument(`${FAULT_HEADER}: 202 is ESET's long-request protocol; this is the ${api.name} API`);
        }
        mark(request, reply, `header ${describeAction(action)}`);
        return apply(request, reply, api, tenant, action, headerRandom);
      }

      const decision = engine.decide({
        api: api.name,
        method: request.method,
        route: request.routeOptions.url,
        operationId: (request.routeOptions.schema as { operationId?: string } | undefined)?.operationId,
        tenant,
        headers: request.headers,
      });
      if (!decision || (decision.action.pending !== undefined && !api.longRequests)) return;
      mark(request, reply, `rule:${decision.rule.id} ${describeAction(decision.action)}`);
      return apply(request, reply, api, tenant, decision.action, decision.random);
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const id = request.deferredId;
      if (id === null || !(payload === null || payload === undefined || typeof payload === 'string' || Buffer.isBuffer(payload))) {
        return payload;
      }
      request.deferredId = null;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (isOwnHeader(name) || value === undefined) continue;
        headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
        reply.removeHeader(name);
      }
      longRequests.complete(id, { status: reply.statusCode, headers, payload: (payload as string | Buffer | null) ?? '' });
      reply.code(202).header(RESPONSE_ID_HEADER, id).header('content-type', 'application/json');
      return '';
    });
  },
  { name: 'faults', dependencies: ['journal'] },
);
