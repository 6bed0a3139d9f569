/**
 * Seeded databases made ahead of time. The build seeds the bundled default fixtures once and keeps
 * the database image beside the precompiled schemas; a start (or a reset, or a new tenant) with
 * those fixtures opens a copy of it instead of reading, validating and seeding the files again —
 * the largest part of a start with the fixtures.
 *
 * An image is named by what it was made from: every file of the fixture folder (by content) and
 * every part's schema version. A folder that differs in a byte, or a schema that moved on, names an
 * image that does not exist, and the dataset is seeded as before. Generated datasets have none.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import { writeAtomically } from './atomic-files.js';
import type { SchemaPart } from './schema.js';
import type { SeedSource } from './seed-source.js';

/** Where the build keeps its images (beside the precompiled schemas). */
export const SEED_IMAGE_DIR = join(PACKAGE_ROOT, 'dist', 'src', 'precompiled');
/**
 * From the sources (tests), images are used only from this folder, made from these very sources
 * once per test run: an image made by other code could hold other data.
 */
const SEED_IMAGE_ENV = 'INCIDENT_EMULATOR_SEED_IMAGES';
const RUNNING_BUILT = import.meta.url.endsWith('.js');

/** The image file name of a source, or undefined for a source that has no image (generated). */
export function seedImageName(schema: readonly SchemaPart[], source: SeedSource): string | undefined {
  if (source.kind !== 'fixtures') return undefined;
  const hash = createHash('sha256');
  hash.update(JSON.stringify(schema.map((part) => [part.name, part.migrations.at(-1)?.version ?? 0])));
  let files: string[];
  try {
    files = readdirSync(source.dir).filter((name) => name.endsWith('.json')).sort();
  } catch {
    return undefined; // the seed itself will say what is wrong with the folder
  }
  for (const name of files) hash.update(`\u0000${name}\u0000`).update(readFileSync(join(source.dir, name)));
  return `seed-${hash.digest('hex').slice(0, 32)}.sqlite-image`;
}

function imageDir(): string | undefined {
  if (RUNNING_BUILT) return SEED_IMAGE_DIR;
  const recorded = process.env[SEED_IMAGE_ENV];
  return recorded ? resolve(recorded) : undefined;
}

/** Images read by this process, by name: a reset and every new tenant use the same one. */
const loaded = new Map<string, Buffer>();

/** The image made ahead of time for `source`, or undefined (none made, or not for these files). */
export function findSeedImage(schema: readonly SchemaPart[], source: SeedSource): Buffer | undefined {
  const dir = imageDir();
  const name = dir === undefined ? undefined : seedImageName(schema, source);
  if (dir === undefined || name === undefined) return undefined;
  let image = loaded.get(name);
  if (image === undefined) {
    const file = join(dir, name);
    if (!existsSync(file)) return undefined;
    image = readFileSync(file);
    loaded.set(name, image);
  }
  return image;
}

/** Writes a seeded image (the build's precompile step). */
export function writeSeedImage(dir: string, name: string, image: Buffer): string {
  const file = join(dir, name);
  writeAtomically(file, image);
  return file;
}
