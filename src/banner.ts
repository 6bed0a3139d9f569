/** What the emulator prints when it is up: where everything is, and how to get in. */
import type { FastifyInstance } from 'fastify';
import { documentPath, swaggerUiPath } from './openapi/docs.js';

export const DEFAULT_USER = { username: 'emulator@example.com', password: 'emulator' };

export function startupBanner(app: FastifyInstance, address: string): string {
  const url = address.replace('://[::1]', '://localhost');
  const seeded = app.datasets.primary.meta.get('seeded_from') ?? 'unknown';
  return [
    `incident-emulator listening on ${url}`,
    `  ESET Connect API     ${url}/v2/incidents   (token: POST ${url}/oauth/token)`,
    `  OpenAPI (ESET)       ${url}${documentPath('eset')}   Swagger UI ${url}${swaggerUiPath('eset')}`,
    `  database             ${app.config.db}   (seeded from ${seeded})`,
    `  default user         ${DEFAULT_USER.username} / ${DEFAULT_USER.password}`,
  ].join('\n');
}
