/**
 * typebox ships as about 370 small ES modules, and every test process that builds the app imports
 * them all: a loader round trip, a read, a compile and the runner's bookkeeping per file, about a
 * third of a second of CPU per process. Its main entry is bundled once by esbuild into one module
 * in node_modules/.cache, reused by every later process until typebox's version changes; the
 * emulator's production bundle (scripts/bundle-server.ts) inlines it the same way.
 *
 * Only the main entry, in one file: the sources import nothing else from typebox at run time, and
 * esbuild's code splitting (one bundle for several entry points) reorders modules — it broke
 * @marcbachmann/cel-js, which is why that package is loaded as installed. A subpath such as
 * `typebox/value` still resolves to the installed files.
 */
import { build } from 'esbuild';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE = 'typebox';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'test-loader');

/** Bare specifier → bundled module URL (empty when the package is not installed here). */
export async function prebundled() {
  const manifestFile = join(ROOT, 'node_modules', PACKAGE, 'package.json');
  if (!existsSync(manifestFile)) return new Map();
  const { version } = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const file = join(CACHE, `${PACKAGE}@${version}.mjs`);
  if (!existsSync(file)) await bundle(file);
  return new Map([[PACKAGE, pathToFileURL(file).href]]);
}

/** Written beside its final name and renamed there: two processes may build it at once, and neither sees half a file. */
async function bundle(file) {
  const building = `${file}.${process.pid}.${Date.now()}.mjs`;
  try {
    await build({
      absWorkingDir: ROOT,
      entryPoints: [PACKAGE],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node}`,
      outfile: building,
      logLevel: 'error',
    });
    renameSync(building, file);
  } finally {
    rmSync(building, { force: true });
  }
}
