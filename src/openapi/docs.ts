/**
 * Serving an API's OpenAPI document, each API its own (JSON) and its own Swagger UI.
 *
 * Where the document comes from (DocumentSource):
 * - `routes`: @fastify/swagger registered inside the API's own scope collects only that API's
 *   routes and generates it — what the TypeScript sources run, and what `npm run openapi:write`
 *   commits to openapi/ (a test fails when the two differ);
 * - `files`: the committed openapi/<slug>.json (and <slug>.yaml, the UI's YAML of it), read on
 *   first request — what the built emulator runs: the same answers without loading
 *   @fastify/swagger and a YAML writer at every start (~15 ms).
 *
 * Swagger UI (its module, its static assets, the file listing @fastify/static makes) costs a
 * fifth of a start, and most starts — a test's, a CI job's — never open it. So its routes are
 * placeholders until /docs/<slug> is first asked for: then the UI is built once, in a small
 * Fastify instance of its own that reads the document from this scope, and each request is
 * passed to it. Anything it does not know stays this scope's not-found, in the API's own shape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { OPENAPI_DIR } from '../paths.js';

/** Where a served OpenAPI document comes from: see above. */
export type DocumentSource = 'routes' | 'files';

/** The built emulator serves the committed documents; the sources generate theirs. */
export const DEFAULT_DOCUMENT_SOURCE: DocumentSource = import.meta.url.endsWith('.js') ? 'files' : 'routes';

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

/** An API's document as @fastify/swagger's decorator gives it: the object, or its YAML text. */
type DocumentOf = (options?: { yaml?: boolean }) => unknown;

async function buildSwaggerUi(documentOf: DocumentOf, routePrefix: string): Promise<FastifyInstance> {
  const { default: swaggerUi } = await import('@fastify/swagger-ui');
  const ui = Fastify({ logger: false });
  // Swagger UI depends on @fastify/swagger by name; the document is the API scope's.
  await ui.register(
    fp(
      async (instance) => {
        instance.decorate('swagger', documentOf as never);
      },
      { name: '@fastify/swagger' },
    ),
  );
  await ui.register(swaggerUi, { routePrefix, staticCSP: true });
  await ui.ready();
  return ui;
}

function lazySwaggerUi(scope: FastifyInstance, routePrefix: string, documentOf: DocumentOf) {
  let ui: Promise<FastifyInstance> | undefined;
  scope.addHook('onClose', async () => {
    if (ui) await (await ui.catch(() => undefined))?.close();
  });
  return async (request: FastifyRequest, reply: FastifyReply) => {
    ui ??= buildSwaggerUi(documentOf, routePrefix).catch((error: unknown) => {
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

/** The committed document of an API (openapi/<slug>.json, and the UI's YAML beside it), each read once. */
function committedDocument(slug: string): DocumentOf {
  let object: unknown;
  let yaml: string | undefined;
  const read = (extension: string) => readFileSync(join(OPENAPI_DIR, `${slug}.${extension}`), 'utf8');
  return (options) => (options?.yaml ? (yaml ??= read('yaml')) : (object ??= JSON.parse(read('json'))));
}

export async function registerDocs(scope: FastifyInstance, info: DocumentInfo): Promise<void> {
  let documentOf: DocumentOf;
  if (scope.documentSource === 'files') {
    documentOf = committedDocument(info.slug);
  } else {
    const { default: swagger } = await import('@fastify/swagger');
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
    documentOf = (options) => scope.swagger(options as never);
  }
  const uiPath = swaggerUiPath(info.slug);
  const serveUi = lazySwaggerUi(scope, uiPath, documentOf);
  scope.get(uiPath, { schema: { hide: true } }, serveUi);
  scope.get(`${uiPath}/*`, { schema: { hide: true } }, serveUi);
  scope.get(documentPath(info.slug), { schema: { hide: true } }, async () => documentOf());
}
