/**
 * The web console at /_emulator/console: static files from console/ and the Preact and htm ES
 * modules from their npm packages, served as they are (no bundler; an import map names them).
 * Everything is read once into memory (the console's files at start, the npm modules when the
 * console first asks for one: finding them costs a start ~8 ms), and only those files are
 * served: no path from a request ever reaches the file system. The page and its assets need no control token, like
 * Swagger UI; the console asks for the token and sends it on its own control calls.
 */
import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { notFound } from '../errors.js';
import { CONSOLE_DIR } from '../paths.js';

export const CONSOLE_PATH = '/_emulator/console';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

/** The browser modules the console imports by bare name (see the import map in index.html). */
const VENDOR_MODULES = ['preact', 'preact/hooks', 'htm'];

interface Asset {
  body: Buffer;
  type: string;
}

function vendorAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const specifier of VENDOR_MODULES) {
    const file = fileURLToPath(import.meta.resolve(specifier));
    const name = file.slice(file.lastIndexOf('/') + 1);
    assets.set(name, { body: readFileSync(file), type: TYPES['.mjs']! });
    try {
      assets.set(`${name}.map`, { body: readFileSync(`${file}.map`), type: TYPES['.map']! });
    } catch {
      // A package without a source map: nothing to serve for it.
    }
  }
  return assets;
}

function consoleAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(CONSOLE_DIR)) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, { body: readFileSync(join(CONSOLE_DIR, name)), type });
  }
  return assets;
}

/** The page's policy: its own origin only, plus the one inline script it has (the import map). */
function pagePolicy(page: string): string {
  const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
  const hash = createHash('sha256').update(importMap).digest('base64');
  return [
    "default-src 'none'",
    `script-src 'self' 'sha256-${hash}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export async function consolePlugin(app: FastifyInstance): Promise<void> {
  const files = consoleAssets();
  let vendor: Map<string, Asset> | undefined;
  const page = files.get('index.html');
  if (!page) throw new Error(`incident-emulator: the console's index.html is missing from ${CONSOLE_DIR}`);
  const policy = pagePolicy(page.body.toString('utf8'));
  const schema = { hide: true };

  const serve = (asset: Asset | undefined, what: string) => {
    if (!asset) throw notFound(`the console has no file '${what}'`);
    return asset;
  };
  // This plugin is encapsulated: the hook sees the console's own answers only.
  app.addHook('onSend', async (_request, reply) => {
    reply
      .header('content-security-policy', policy)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache');
  });

  for (const url of [CONSOLE_PATH, `${CONSOLE_PATH}/`]) {
    app.get(url, { schema }, async (_request, reply) => reply.type(page.type).send(page.body));
  }
  app.get<{ Params: { file: string } }>(`${CONSOLE_PATH}/:file`, { schema }, async (request, reply) => {
    const asset = serve(files.get(request.params.file), request.params.file);
    return reply.type(asset.type).send(asset.body);
  });
  app.get<{ Params: { file: string } }>(`${CONSOLE_PATH}/vendor/:file`, { schema }, async (request, reply) => {
    const asset = serve((vendor ??= vendorAssets()).get(request.params.file), `vendor/${request.params.file}`);
    return reply.type(asset.type).send(asset.body);
  });
}
