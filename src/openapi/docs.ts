/**
 * Serving an API's OpenAPI document: @fastify/swagger registered inside the API's own scope
 * collects only that API's routes, so each API gets its own document (JSON) and Swagger UI.
 *
 * Swagger UI (its module, its static assets, the file listing @fastify/static makes) costs a
 * fifth of a start, and most starts — a test's, a CI job's — never open it. So its routes are
 * placeholders until /docs/<slug> is first asked for: then the UI is built once, in a small
 * Fastify instance of its own that reads the document from this scope, and each request is
 * passed to it. Anything it does not know stays this scope's not-found, in the API's own shape.
 */
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

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

/** Headers of the UI's own answer that belong to its connection, not to the content. */
const CONNECTION_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

async function buildSwaggerUi(scope: FastifyInstance, routePrefix: string): Promise<FastifyInstance> {
  const { default: swaggerUi } = await import('@fastify/swagger-ui');
  const ui = Fastify({ logger: false });
  // Swagger UI depends on @fastify/swagger by name; the document is the API scope's.
  await ui.register(
    fp(
      async (instance) => {
        instance.decorate('swagger', ((options?: { yaml?: boolean }) => scope.swagger(options as never)) as never);
      },
      { name: '@fastify/swagger' },
    ),
  );
  await ui.register(swaggerUi, { routePrefix, staticCSP: true });
  await ui.ready();
  return ui;
}

function lazySwaggerUi(scope: FastifyInstance, routePrefix: string) {
  let ui: Promise<FastifyInstance> | undefined;
  scope.addHook('onClose', async () => {
    if (ui) await (await ui.catch(() => undefined))?.close();
  });
  return async (request: FastifyRequest, reply: FastifyReply) => {
    ui ??= buildSwaggerUi(scope, routePrefix).catch((error: unknown) => {
      ui = undefined;
      throw error;
    });
    const answer = await (
      await ui
    ).inject({ method: request.method as 'GET' | 'HEAD', url: request.url, headers: request.headers });
    if (answer.statusCode === 404) return reply.callNotFound();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !CONNECTION_HEADERS.has(name)) reply.header(name, value);
    }
    reply.code(answer.statusCode);
    // An empty answer (a redirect) stays without a body, and so without a content type.
    return answer.rawPayload.length > 0 ? reply.send(answer.rawPayload) : reply.send();
  };
}

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
  const uiPath = swaggerUiPath(info.slug);
  const serveUi = lazySwaggerUi(scope, uiPath);
  scope.get(uiPath, { schema: { hide: true } }, serveUi);
  scope.get(`${uiPath}/*`, { schema: { hide: true } }, serveUi);
  scope.get(documentPath(info.slug), { schema: { hide: true } }, async () => scope.swagger());
}
