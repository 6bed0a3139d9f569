import t from 'tap';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_DIR } from '../../src/paths.js';
import { startApp } from '../helpers.js';

const page = readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8');
const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(page)![1]!;

t.test('the console page, its modules and the vendored libraries are served, without the control token', async (t) => {
  const { app } = await startApp(t, { controlToken: 'secret' });
  for (const url of ['/_emulator/console', '/_emulator/console/']) {
    const response = await app.inject({ url });
    t.equal(response.statusCode, 200, url);
    t.match(response.headers['content-type'], /^text\/html/);
    t.equal(response.body, page);
  }
  const policy = String((await app.inject({ url: '/_emulator/console' })).headers['content-security-policy']);
  const hash = createHash('sha256').update(importMap).digest('base64');
  t.match(policy, `script-src 'self' 'sha256-${hash}'`, 'only the import map may run inline');
  t.match(policy, "connect-src 'self'", 'it talks to its own origin only');
  t.match(policy, "frame-ancestors 'none'");

  for (const [name, url] of Object.entries(JSON.parse(importMap).imports as Record<string, string>)) {
    const response = await app.inject({ url });
    t.equal(response.statusCode, 200, `${name} is served at ${url}`);
    t.match(response.headers['content-type'], /^text\/javascript/);
    t.equal(response.headers['x-content-type-options'], 'nosniff');
  }
  t.equal((await app.inject({ url: '/_emulator/console/vendor/preact.mjs.map' })).statusCode, 200, 'with its source map');
  const css = await app.inject({ url: '/_emulator/console/console.css' });
  t.match(css.headers['content-type'], /^text\/css/);

  t.equal((await app.inject({ url: '/_emulator/clock' })).statusCode, 401, 'the control API itself still needs the token');
  t.same((await app.inject({ url: '/_emulator/journal', headers: { authorization: 'Bearer secret' } })).json().requests, [], 'the console is not journaled');
});

t.test('every module of the console imports only what is served', async (t) => {
  const { app } = await startApp(t);
  const names = new Set(Object.keys(JSON.parse(importMap).imports));
  for (const file of readdirSync(CONSOLE_DIR).filter((name) => name.endsWith('.js'))) {
    const response = await app.inject({ url: `/_emulator/console/${file}` });
    t.equal(response.statusCode, 200, `${file} is served`);
    for (const [, specifier] of response.body.matchAll(/^import [^;]*? from '([^']+)';$/gm)) {
      if (specifier!.startsWith('./')) t.ok(readdirSync(CONSOLE_DIR).includes(specifier!.slice(2)), `${file} imports ${specifier}, which exists`);
      else t.ok(names.has(specifier!), `${file} imports ${specifier}, which the import map names`);
    }
  }
});

t.test('only the console files are served: nothing else of the file system', async (t) => {
  const { app } = await startApp(t);
  for (const url of [
    '/_emulator/console/nope.js',
    '/_emulator/console/..%2fpackage.json',
    '/_emulator/console/vendor/..%2f..%2fpackage.json',
    '/_emulator/console/vendor/app.js',
    '/_emulator/console/%2e%2e/%2e%2e/package.json',
  ]) {
    const response = await app.inject({ url });
    t.equal(response.statusCode, 404, url);
    t.equal(response.json().error, 'NOT_FOUND');
  }
});
