/**
 * buildApp: the whole emulator as a Fastify instance, plugins in a fixed order — infrastructure
 * (datasets, clock), cross-cutting hooks (request-id, errors, CORS, tenant, journal, faults, then the
 * request body's checks, which must come after the faults), then each service (an emulated API, in
 * a scope of its own), the control API and the web console. It never listens: the CLI does
 * (cli.ts), and tests use app.inject().
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { ControllableClock } from './clock.js';
import type { EmulatorConfig } from './config.js';
import { SERVICES } from './apis/index.js';
import { consolePlugin } from './console/plugin.js';
import { controlApi } from './control/index.js';
import { journalPlugin } from './journal/plugin.js';
import { DEFAULT_DOCUMENT_SOURCE, type DocumentSource } from './openapi/docs.js';
import { tenantClocksPlugin } from './control/tenant-clocks.js';
import { faultsPlugin } from './faults/plugin.js';
import { corsPlugin } from './plugins/cors.js';
import { datasetsPlugin } from './plugins/datasets.js';
import { answerFrameworkError, errorHandlerPlugin, readableUrl, refuseUnreadablePath } from './plugins/error-handler.js';
import { requestBodyPlugin } from './plugins/request-body.js';
import { requestIdPlugin } from './plugins/request-id.js';
import { tenantPlugin } from './plugins/tenant.js';
import { serializerFactory } from './plugins/serialization.js';
import { textSafetyPlugin } from './plugins/text-safety.js';
import { driftStorePlugin } from './upstream/drift-store.js';
import { validatorFactory } from './plugins/validation.js';
import './plugins/types.js';

export interface BuildOptions {
  config: EmulatorConfig;
  clock?: ControllableClock;
  /** The committed OpenAPI documents, or ones generated from the routes (see openapi/docs.ts). */
  documents?: DocumentSource;
}

export async function buildApp({ config, clock = new ControllableClock(), documents = DEFAULT_DOCUMENT_SOURCE }: BuildOptions): Promise<FastifyInstance> {
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  const app = Fastify({
    logger: { level: config.logLevel },
    // Logging every request costs a third of the throughput; it is there when asked for.
    logController: new LogController({ disableRequestLogging: !verbose }),
    genReqId: () => randomUUID(),
    // Path ids are validated by the route schemas (ESET: at most 100 characters, a 400), not
    // cut off by the router with a 414.
    routerOptions: { maxParamLength: 2048 },
    // Fastify's declared type for this factory describes ajv's compile(), not the route-aware
    // compiler Fastify actually calls (its documentation's own example has our signature).
    schemaController: {
      compilersFactory: { buildValidator: validatorFactory() as never, buildSerializer: serializerFactory() as never },
    },
    frameworkErrors: answerFrameworkError,
    rewriteUrl: readableUrl,
  });
  app.decorate('documentSource', documents);
  await app.register(datasetsPlugin, { config, clock, services: SERVICES });
  await app.register(requestIdPlugin);
  await app.register(errorHandlerPlugin);
  await app.register(corsPlugin);
  // After CORS (a browser must read the answer), before anything else may fail.
  app.addHook('onRequest', refuseUnreadablePath);
  await app.register(tenantPlugin);
  await app.register(tenantClocksPlugin);
  await app.register(journalPlugin);
  await app.register(faultsPlugin);
  await app.register(requestBodyPlugin);
  await app.register(textSafetyPlugin);
  await app.register(driftStorePlugin);
  for (const service of SERVICES) await app.register(service.register);
  await app.register(controlApi);
  await app.register(consolePlugin);
  await app.ready();
  return app;
}
