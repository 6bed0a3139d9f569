/** The ESET Connect v2 API: its token endpoint, its incident routes and its OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import { esetOAuthRoutes } from '../../auth/eset-oauth.js';
import { registerDocs } from '../../openapi/docs.js';
import { normaliseEsetQuery } from './query-parameters.js';
import { esetIncidentRoutes } from './routes.js';
import { ESET_UPSTREAM } from './upstream.js';
import { upstreamPlugin } from '../../upstream/plugin.js';

export const ESET_DOCUMENT = {
  slug: 'eset',
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

export async function esetApi(app: FastifyInstance): Promise<void> {
  // Every ESET route, the token endpoint included, sees the query as ESET's gateway passes it on.
  app.addHook('onRequest', normaliseEsetQuery);
  await app.register(upstreamPlugin, ESET_UPSTREAM);
  await app.register(esetOAuthRoutes);
  await app.register(async (scope) => {
    await registerDocs(scope, ESET_DOCUMENT);
    await scope.register(esetIncidentRoutes);
  });
}
