import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { renderDocuments } from '../../src/render-openapi.js';

t.test('committed OpenAPI documents equal what the routes generate', async (t) => {
  for (const [file, text] of Object.entries(await renderDocuments())) {
    t.ok(existsSync(file), `${file} is committed`);
    t.equal(existsSync(file) ? readFileSync(file, 'utf8') : '', text, `${file} is up to date (run npm run openapi:write)`);
  }
});
