/**
 * `npm run build`'s last step: the command line entry (dist/src/server.js) as one ES module
 * (and the chunks split off below). A start spends more time finding, reading and compiling ~300
 * small module files than running them; one file of the same code starts in about two thirds of
 * the CPU time. The library entry
 * points (dist/src/index.js, testcontainers.js) stay separate files: they are imported, not run.
 *
 * Left outside: the native SQLite binding; Swagger UI and @fastify/swagger, loaded only when a
 * page of the UI is first asked for (the built emulator serves the committed OpenAPI documents,
 * src/openapi/docs.ts); and the schema compilers, which a start from the precompiled functions
 * never runs (src/util/schema-compilers.ts loads them on first use). The precompiled validators
 * (dist/src/precompiled/) are found by path as before. It bundles from the sources, not from
 * tsc's server.js, which it overwrites (an incremental tsc does not write that file again).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';

// What a start does not run is split off: a module imported with import() (the filter language,
// loaded by the first list) goes to a chunk of its own, read when first imported, and code it
// shares with the entry to one more chunk, so that each module is evaluated once.
const CHUNKS = 'bundle-chunks';
rmSync(`dist/src/${CHUNKS}`, { recursive: true, force: true });

const { outputFiles } = await build({
  entryPoints: { server: 'src/server.ts' },
  outdir: 'dist/src',
  splitting: true,
  chunkNames: `${CHUNKS}/[name]-[hash]`,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', '@fastify/swagger', '@fastify/swagger-ui', 'ajv', 'ajv-formats', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'],
  // CommonJS dependencies inside an ES module still call require(): give them Node's.
  banner: { js: "import { createRequire as createBundleRequire } from 'node:module';\nconst require = createBundleRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
  write: false,
});

// esbuild writes code as ASCII (charset 'ascii', its default), but keeps some comments as they
// are: a single character beyond Latin-1 there (a dash, an arrow) makes V8 hold and scan the
// whole 1.6 MB source as UTF-16, decoded the slow way, ~10 ms of every start. Escaped, the
// comments read the same and the source stays one byte per character.
const escapeBeyondAscii = (code: string) => code.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
for (const file of outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.path.endsWith('.js') ? escapeBeyondAscii(file.text) : file.contents);
}
