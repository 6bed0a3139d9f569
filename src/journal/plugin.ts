/**
 * Records every request to the emulated APIs (not the control API or the documents) in the
 * journal when its response has gone out: method, path, status, latency, tenant, injected fault.
 */
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { apiOfRequest } from '../service.js';
import { DEFAULT_TENANT } from '../store/registry.js';
import { Journal } from './journal.js';

declare module 'fastify' {
  interface FastifyInstance {
    journal: Journal;
  }
  interface FastifyRequest {
    /** The fault injected into this request, as the journal and x-emulator-fault show it. */
    emulatorFault: string | null;
    /** Emulator-clock arrival time. */
    arrivedAt: number;
  }
}

export function recordRequest(request: FastifyRequest, status: number, latencyMs: number): void {
  const [path, query = ''] = request.url.split('?', 2) as [string, string?];
  request.server.journal.record({
    arrivedAt: request.arrivedAt,
    requestId: request.id,
    method: request.method,
    path,
    query,
    status,
    latencyMs: Math.round(latencyMs * 1000) / 1000,
    tenant: request.dataset?.tenant ?? DEFAULT_TENANT,
    fault: request.emulatorFault,
  });
}

export const journalPlugin = fp(
  async (app) => {
    app.decorate('journal', new Journal(app.config.journalSize));
    app.decorateRequest('emulatorFault', null);
    app.decorateRequest('arrivedAt', 0);
    app.addHook('onRequest', async (request) => {
      request.arrivedAt = app.clock.now();
    });
    app.addHook('onResponse', async (request, reply) => {
      if (apiOfRequest(request)) recordRequest(request, reply.statusCode, reply.elapsedTime);
    });
  },
  { name: 'journal', dependencies: ['datasets'] },
);
