/**
 * Serving an API's OpenAPI document: @fastify/swagger registered inside the API's own scope
 * collects only that API's routes, so each API gets its own document (JSON) and Swagger UI.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export interface DocumentInfo {
  /** Short name used in URLs: /openapi/<slug>.json and /docs/<slug>. */
  slug: string;
  title: string;
  description: string;
  version: string;
  securitySchemes: Record<string, unknown>;
  tags: Array<{ name: string; description: string }>;
}

export const documentPath = (slug: string) => `/openapi/${slug}.json`;
export const swaggerUiPath = (slug: string) => `/docs/${slug}`;

export async function registerDocs(scope: FastifyInstance, info: DocumentInfo): Promise<void> {
  await scope.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: info.title, description: info.description, version: info.version },
      tags: info.tags,
      components: { securitySchemes: info.securitySchemes as never },
    },
    // Components keep the $id they were declared with (ESET's own names, such as v2Incident).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await scope.register(swaggerUi, { routePrefix: swaggerUiPath(info.slug), staticCSP: true });
  scope.get(documentPath(info.slug), { schema: { hide: true } }, async () => scope.swagger());
}
