import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { buildApp } from '../../src/app.js';
import { defaultConfig } from '../../src/config.js';
import { renderDocuments } from '../../src/render-openapi.js';

t.test('committed OpenAPI documents equal what the routes generate', async (t) => {
  for (const [file, text] of Object.entries(await renderDocuments())) {
    t.ok(existsSync(file), `${file} is committed`);
    t.equal(existsSync(file) ? readFileSync(file, 'utf8') : '', text, `${file} is up to date (run npm run openapi:write)`);
  }
});

t.test('the committed documents are served as the generated ones: the same bytes, in the UI too', async (t) => {
  const config = defaultConfig({ db: ':memory:', logLevel: 'silent' });
  const [fromRoutes, fromFiles] = await Promise.all([buildApp({ config, documents: 'routes' }), buildApp({ config, documents: 'files' })]);
  t.teardown(() => Promise.all([fromRoutes.close(), fromFiles.close()]));
  t.notOk(fromFiles.hasDecorator('swagger'), 'no document generated at start');
  for (const slug of ['eset', 'adversarial', 'emulator']) {
    for (const url of [`/openapi/${slug}.json`, `/docs/${slug}/json`, `/docs/${slug}/yaml`, `/docs/${slug}/`]) {
      const [generated, committed] = await Promise.all([fromRoutes.inject({ url }), fromFiles.inject({ url })]);
      t.equal(committed.statusCode, 200, url);
      t.equal(committed.headers['content-type'], generated.headers['content-type'], `${url}: the same type`);
      t.equal(committed.body, generated.body, `${url}: the same body`);
    }
  }
});
