/**
 * The committed documents in openapi/ are generated from the same schemas the routes validate
 * and serialize with; a test regenerates them and fails on any difference (npm run openapi:write).
 */
import { join } from 'node:path';
import { buildApp } from './app.js';
import { defaultConfig } from './config.js';
import { CONTROL_DOCUMENT } from './control/index.js';
import { documentPath, swaggerUiPath } from './openapi/docs.js';
import { OPENAPI_DIR } from './paths.js';

/** File path → document text (JSON, and the UI's YAML), generated from the routes; the built emulator serves these files. */
export async function renderDocuments(): Promise<Record<string, string>> {
  const app = await buildApp({ config: defaultConfig({ db: ':memory:', logLevel: 'silent' }), documents: 'routes' });
  try {
    const documents: Record<string, string> = {};
    // Each API's document has the API's name; the control API's is the emulator's own.
    for (const slug of [...app.services.map((service) => service.name), CONTROL_DOCUMENT.slug]) {
      const response = await app.inject({ url: documentPath(slug) });
      documents[join(OPENAPI_DIR, `${slug}.json`)] = `${JSON.stringify(response.json(), null, 2)}\n`;
      // Swagger UI's YAML of it, as the UI answers it (the generated document shares some values, written once as YAML anchors).
      documents[join(OPENAPI_DIR, `${slug}.yaml`)] = (await app.inject({ url: `${swaggerUiPath(slug)}/yaml` })).body;
    }
    return documents;
  } finally {
    await app.close();
  }
}
