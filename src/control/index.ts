/**
 * The emulator's own API under /_emulator/: health and readiness, reset, seed, state, clock,
 * journal, snapshots and fault rules. JSON in and out; errors as {error, message}. With
 * --control-token set, every route but health and ready needs the token.
 */
import type { FastifyInstance } from 'fastify';
import { registerDocs } from '../openapi/docs.js';
import { clockRoutes } from './clock-routes.js';
import { driftRoutes } from './drift-routes.js';
import { faultRoutes } from './fault-routes.js';
import { journalRoutes } from './journal-routes.js';
import { ControlSchemas, TenantHeader, errorDescription } from './schemas.js';
import { controlGuard } from './guard.js';
import { stateRoutes } from './state-routes.js';
import { tenantRoutes } from './tenant-routes.js';

const CONTROL_PREFIX = '/_emulator/';

export const CONTROL_DOCUMENT = {
  slug: 'emulator',
  title: 'incident-emulator control API',
  description:
    "The emulator's own API: reset, seed and snapshot a tenant's data, set incident state, move the clock, read the " +
    'request journal, inject faults. Select a tenant with the x-emulator-tenant header or a tenant field.',
  version: '1.0',
  securitySchemes: {
    ControlToken: {
      type: 'http',
      scheme: 'bearer',
      description: 'Only when the emulator runs with --control-token (the x-emulator-control-token header works too).',
    },
  },
  tags: [
    { name: 'Health', description: 'Liveness and readiness (never need the control token).' },
    { name: 'State', description: "Reset, seed and set a tenant's data." },
    { name: 'Snapshots', description: "Named copies of a tenant's data." },
    { name: 'Clock', description: 'The emulator clock every time read goes through.' },
    { name: 'Journal', description: 'The last requests to the emulated APIs.' },
    { name: 'Faults', description: 'Fault rules: statuses, latency, 202, dropped connections.' },
    { name: 'Drift', description: "Where the real services' answers differ from the emulator's (--upstream)." },
  ],
};

export async function controlApi(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    for (const schema of ControlSchemas) scope.addSchema(schema);
    await registerDocs(scope, CONTROL_DOCUMENT);
    // The routes declared under the prefix are the control routes; the documents beside them are not.
    controlGuard(scope, (route) => route.url.startsWith(CONTROL_PREFIX));
    // Documented on every operation: the tenant header, and the token where --control-token applies.
    scope.addHook('onRoute', (route) => {
      if (!route.url.startsWith(CONTROL_PREFIX) || route.config?.controlOpen) return;
      const schema = route.schema ?? {};
      route.schema = {
        ...schema,
        headers: TenantHeader,
        security: [{ ControlToken: [] }],
        response: { ...(schema.response as object), 401: { description: errorDescription(401), $ref: 'EmulatorError#' } },
      };
    });
    await scope.register(stateRoutes);
    await scope.register(clockRoutes);
    await scope.register(journalRoutes);
    await scope.register(faultRoutes);
    await scope.register(tenantRoutes);
    await scope.register(driftRoutes);
  });
}
