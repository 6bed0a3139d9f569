/** Regenerates the committed OpenAPI documents in openapi/ from the routes' schemas. */
import { writeFileSync } from 'node:fs';
import { renderDocuments } from '../src/render-openapi.js';

for (const [file, text] of Object.entries(await renderDocuments())) {
  writeFileSync(file, text);
  process.stdout.write(`wrote ${file}\n`);
}
