/**
 * Where the emulator's own files are (fixtures, openapi, console), whether it runs from src/ under tsx,
 * from dist/src/ after a build, or installed as a dependency.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('incident-emulator: cannot find its package.json');
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();
export const DEFAULT_FIXTURES_DIR = join(PACKAGE_ROOT, 'fixtures', 'default');
export const OPENAPI_DIR = join(PACKAGE_ROOT, 'openapi');
export const CONSOLE_DIR = join(PACKAGE_ROOT, 'console');
