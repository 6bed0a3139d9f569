/**
 * What the core of the emulator knows of an emulated API: a Service. The tenant registry opens
 * and seeds its tables, the control API patches its state, and its routes are registered in a
 * scope of their own, where the API sets its error shapes and marks its routes (ApiRoutes) so that
 * faults, rate limits, the 202 protocol and the journal apply to them. The core never imports an
 * API's files: src/apis/index.ts lists the services, one line each.
 */
import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import type { EmulatorConfig } from './config.js';
import type { Dataset, DatasetPart } from './store/dataset.js';

/** How the core treats the traffic of one API; every route of the API carries it in its config. */
export interface ApiRoutes {
  /** The API's name: fault rules' `api`, rate-limit buckets. */
  readonly name: string;
  /** The API answers slow requests with 202 + response-id and takes re-sends (ESET's gateway). */
  readonly longRequests: boolean;
  /** Requests per second per tenant, credential and address before a 429; 0 for no limit. */
  readonly rateLimit: number;
  /**
   * Large bursts are measured against this many requests per second, queued (202) and then
   * refused (503) instead of rate-limited; 0 for no burst model.
   */
  readonly burstRate: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on every route of an emulated API (and its not-found answers) by markApiRoutes. */
    api?: ApiRoutes;
  }
}

/** Marks every route registered in `scope` from now on as one of the API's. */
export function markApiRoutes(scope: FastifyInstance, api: ApiRoutes): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, api };
  });
}

/** The API a request's matched route (or not-found answer) belongs to, if any. */
export const apiOfRequest = (request: { routeOptions: { config: { api?: ApiRoutes } } }): ApiRoutes | undefined => request.routeOptions.config.api;

/** One API's section of POST /_emulator/state. */
export interface StatePatcher {
  /** The section's request schema (its `incidents` list) and what the answer gives back. */
  readonly request: TSchema;
  /** Applies the section inside the request's transaction; answers the incidents as stored. */
  apply(dataset: Dataset, now: number, section: unknown): { incidents: unknown[] };
}

export interface Service extends DatasetPart {
  /** The API's name, also its key in /_emulator/state and its OpenAPI document's slug. */
  readonly name: string;
  /** Registers the API: its token endpoint, routes, error shapes and document. Runs in its own scope. */
  register(app: FastifyInstance): Promise<void>;
  readonly state: StatePatcher;
  /** What the start-up banner says of the API: where it is, its document, its credentials. */
  banner(url: string, config: EmulatorConfig): string[];
}
