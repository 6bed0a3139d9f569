/**
 * The ESET Connect v2 incident API as a service: its tables and seed, its token endpoint
 * (/oauth/token, RFC 6749 errors) and its incident routes under /v2 (errors with an empty body),
 * its OpenAPI document, and its section of POST /_emulator/state.
 */
import type { FastifyInstance } from 'fastify';
import { oauthErrorShape } from '../../auth/oauth-errors.js';
import { ESET_REAL_RATE_LIMIT, type EmulatorConfig } from '../../config.js';
import { DEFAULT_ESET_USER } from '../../emulator-client.js';
import { documentPath, registerDocs, swaggerUiPath } from '../../openapi/docs.js';
import { useErrorShape } from '../../plugins/error-handler.js';
import { markApiRoutes, type ApiRoutes, type Service } from '../../service.js';
import { esetErrorShape } from './errors.js';
import { ESET_MIGRATIONS } from './migrations.js';
import { ESET_API, esetOAuthRoutes } from './oauth.js';
import { normaliseEsetQuery } from './query-parameters.js';
import { esetIncidentRoutes } from './routes.js';
import { ESET_SHARED_SCHEMAS } from './schemas.js';
import { esetFixtureLogins, seedEset } from './seed.js';
import { esetState } from './state.js';
import { refreshListItems } from './store.js';
import { ESET_UPSTREAM } from './upstream.js';
import { upstreamPlugin } from '../../upstream/plugin.js';

const ESET_DOCUMENT = {
  slug: ESET_API,
  title: 'ESET Connect - Incident Management (incident-emulator)',
  description:
    'The ESET Connect v2 incident API as incident-emulator serves it. Errors have an empty body, as in the real ' +
    'service; the x-emulator-reason response header says what was wrong.',
  version: '1.0',
  securitySchemes: {
    Bearer: {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      description: 'Type "Bearer " and then the access_token from POST /oauth/token.',
    },
  },
  tags: [
    { name: 'Incidents', description: 'Security incidents.' },
    { name: 'IncidentComments', description: 'Comments on incidents.' },
  ],
};

/** How the core treats ESET's traffic: its gateway's 202 protocol, rate limit and burst model. */
const trafficOf = (config: EmulatorConfig): ApiRoutes => ({
  name: ESET_API,
  longRequests: true,
  rateLimit: config.esetRateLimit,
  // A large burst is measured against the rate limit, the real one when the limit is off.
  burstRate: config.esetBurst ? config.esetRateLimit || ESET_REAL_RATE_LIMIT : 0,
});

async function register(app: FastifyInstance): Promise<void> {
  const api = trafficOf(app.config);
  // Every ESET route, the token endpoint included, sees the query as ESET's gateway passes it on.
  app.addHook('onRequest', normaliseEsetQuery);
  await app.register(upstreamPlugin, ESET_UPSTREAM);
  await registerDocs(app, ESET_DOCUMENT);
  for (const schema of ESET_SHARED_SCHEMAS) app.addSchema(schema);
  await app.register(async (scope) => {
    markApiRoutes(scope, api);
    useErrorShape(scope, oauthErrorShape, { notFound: true, api });
    await scope.register(esetOAuthRoutes);
  }, { prefix: '/oauth' });
  await app.register(async (scope) => {
    markApiRoutes(scope, api);
    useErrorShape(scope, esetErrorShape, { notFound: true, api });
    await scope.register(esetIncidentRoutes);
  }, { prefix: '/v2' });
}

function banner(url: string, config: EmulatorConfig): string[] {
  const users = esetFixtureLogins(config.fixtures).sort(
    (a, b) => Number(b.username === DEFAULT_ESET_USER.username) - Number(a.username === DEFAULT_ESET_USER.username),
  );
  return [
    `  ESET Connect API     ${url}/v2/incidents   (token: POST ${url}/oauth/token)`,
    `  OpenAPI (ESET)       ${url}${documentPath(ESET_API)}   Swagger UI ${url}${swaggerUiPath(ESET_API)}`,
    '  ESET users (username / password, password grant):',
    ...users.map((user) => `    ${user.username} / ${user.password}`),
  ];
}

export const esetService: Service = {
  name: ESET_API,
  migrations: ESET_MIGRATIONS,
  seed: seedEset,
  prepare: refreshListItems,
  register,
  state: esetState,
  banner,
};
