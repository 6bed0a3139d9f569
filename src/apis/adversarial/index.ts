/**
 * The Adversarial v1 incident register API: its token endpoint, its routes (under /api/v1, the
 * base URL clients configure, and under /v1) and its OpenAPI document.
 */
import type { FastifyInstance } from 'fastify';
import { adversarialOAuthRoutes } from '../../auth/adversarial-oauth.js';
import { registerDocs } from '../../openapi/docs.js';
import { adversarialRoutes } from './routes.js';
import { ADVERSARIAL_SHARED_SCHEMAS } from './schemas.js';
import { ADVERSARIAL_UPSTREAM } from './upstream.js';
import { upstreamPlugin } from '../../upstream/plugin.js';

export const ADVERSARIAL_DOCUMENT = {
  slug: 'adversarial',
  title: 'Adversarial - Incident Register API v1 (incident-emulator)',
  description:
    'The Adversarial incident register API as incident-emulator serves it, under /api/v1 (documented here) and the same ' +
    'routes under /v1. Parts that Adversarial does not document are marked x-inferred. Every error also carries the ' +
    'x-emulator-reason response header, which says what was wrong.',
  version: '1.0',
  securitySchemes: {
    OAuth2: {
      type: 'oauth2',
      description: 'Client credentials of a service account (arm_sa_… / arm_sk_…); the default one is arm_sa_emulator / arm_sk_emulator.',
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

export async function adversarialApi(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(upstreamPlugin, ADVERSARIAL_UPSTREAM);
    await registerDocs(scope, ADVERSARIAL_DOCUMENT);
    for (const schema of ADVERSARIAL_SHARED_SCHEMAS) scope.addSchema(schema);
    for (const [prefix, documented] of [['/api', true], ['', false]] as const) {
      await scope.register(adversarialOAuthRoutes, { prefix, documented });
      await scope.register(adversarialRoutes, { prefix, documented });
    }
  });
}
