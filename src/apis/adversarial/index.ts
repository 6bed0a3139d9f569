/**
 * The Adversarial v1 incident register API as a service: its tables and seed, its routes under
 * /api/v1 (the base URL clients configure, documented) and under /v1, each with its token
 * endpoint (oauth/token, RFC 6749 errors), its error shapes, its OpenAPI document and its section
 * of POST /_emulator/state.
 */
import type { FastifyInstance } from 'fastify';
import { oauthErrorShape } from '../../auth/oauth-errors.js';
import type { EmulatorConfig } from '../../config.js';
import { DEFAULT_ADVERSARIAL_ACCOUNT } from '../../emulator-client.js';
import { documentPath, registerDocs, swaggerUiPath } from '../../openapi/docs.js';
import { useErrorShape } from '../../plugins/error-handler.js';
import { markApiRoutes, type ApiRoutes, type Service } from '../../service.js';
import { adversarialErrorShape } from './errors.js';
import { ADVERSARIAL_MIGRATIONS } from './migrations.js';
import { ADVERSARIAL_API, adversarialOAuthRoutes } from './oauth.js';
import { adversarialRoutes } from './routes.js';
import { ADVERSARIAL_SHARED_SCHEMAS } from './schemas.js';
import { adversarialFixtureCredentials, seedAdversarial } from './seed.js';
import { adversarialState } from './state.js';
import { ADVERSARIAL_UPSTREAM } from './upstream.js';
import { upstreamPlugin } from '../../upstream/plugin.js';

const ADVERSARIAL_DOCUMENT = {
  slug: ADVERSARIAL_API,
  title: 'Adversarial - Incident Register API v1 (incident-emulator)',
  description:
    'The Adversarial incident register API as incident-emulator serves it, under /api/v1 (documented here) and the same ' +
    'routes under /v1. Parts that Adversarial does not document are marked x-inferred. Every error also carries the ' +
    'x-emulator-reason response header, which says what was wrong.',
  version: '1.0',
  securitySchemes: {
    OAuth2: {
      type: 'oauth2',
      description: 'Client credentials of a service account (arm_sa_… / arm_sk_…); the default one is ' +
        `${DEFAULT_ADVERSARIAL_ACCOUNT.clientId} / ${DEFAULT_ADVERSARIAL_ACCOUNT.clientSecret}.`,
      flows: { clientCredentials: { tokenUrl: '/api/v1/oauth/token', scopes: {} } },
    },
    Bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access_token from POST /api/v1/oauth/token.' },
  },
  tags: [
    { name: 'Authentication', description: 'Tokens for service accounts.' },
    { name: 'Users', description: 'Users of the organisation.' },
    { name: 'Incidents', description: 'The incident register.' },
  ],
};

/** How the core treats Adversarial's traffic: its rate limit; no 202 protocol, no burst model. */
const trafficOf = (config: EmulatorConfig): ApiRoutes => ({
  name: ADVERSARIAL_API,
  longRequests: false,
  rateLimit: config.adversarialRateLimit,
  burstRate: 0,
});

async function register(app: FastifyInstance): Promise<void> {
  const api = trafficOf(app.config);
  await app.register(upstreamPlugin, ADVERSARIAL_UPSTREAM);
  await registerDocs(app, ADVERSARIAL_DOCUMENT);
  for (const schema of ADVERSARIAL_SHARED_SCHEMAS) app.addSchema(schema);
  for (const [prefix, documented] of [['/api/v1', true], ['/v1', false]] as const) {
    await app.register(async (base) => {
      markApiRoutes(base, api);
      useErrorShape(base, adversarialErrorShape, { notFound: true, api });
      await base.register(async (scope) => {
        useErrorShape(scope, oauthErrorShape, { notFound: true, api });
        await scope.register(adversarialOAuthRoutes, { documented });
      }, { prefix: '/oauth' });
      await base.register(adversarialRoutes, { documented });
    }, { prefix });
  }
}

function banner(url: string, config: EmulatorConfig): string[] {
  const accounts = adversarialFixtureCredentials(config.fixtures).sort(
    (a, b) => Number(b.clientId === DEFAULT_ADVERSARIAL_ACCOUNT.clientId) - Number(a.clientId === DEFAULT_ADVERSARIAL_ACCOUNT.clientId),
  );
  return [
    `  Adversarial API      ${url}/api/v1/incidents   (token: POST ${url}/api/v1/oauth/token; also without /api)`,
    `  OpenAPI (Adv.)       ${url}${documentPath(ADVERSARIAL_API)}   Swagger UI ${url}${swaggerUiPath(ADVERSARIAL_API)}`,
    '  Adversarial service accounts (client_id / client_secret, client_credentials grant):',
    ...accounts.map((account) => `    ${account.clientId} / ${account.clientSecret}   (${account.role})`),
  ];
}

export const adversarialService: Service = {
  name: ADVERSARIAL_API,
  migrations: ADVERSARIAL_MIGRATIONS,
  seed: seedAdversarial,
  register,
  state: adversarialState,
  banner,
};
