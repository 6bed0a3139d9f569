/**
 * What a dataset is seeded from: a fixture folder, or the deterministic generator (which makes
 * the incidents and takes everything else from a fixture folder). Each API reads its own file of
 * the folder (loadFixtureFile) and fills its own tables.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export type SeedSource =
  | { kind: 'fixtures'; dir: string }
  | { kind: 'generated'; count: number; seed: number; fixturesDir: string };

/** The fixture folder a source takes what it does not generate from. */
export const fixtureDirOf = (source: SeedSource): string => (source.kind === 'fixtures' ? source.dir : source.fixturesDir);

/** Reads one fixture file and hands its JSON to `parse`; every error names the file. */
export function loadFixtureFile<T>(dir: string, name: string, parse: (json: unknown, file: string) => T): T {
  const file = join(dir, name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read fixture file ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Fixture file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parse(json, file);
}

/**
 * What a dataset was seeded from, as answers show it: the fixture set's name, never where it
 * lies on the emulator's disk.
 */
export function describeSeedSource(source: SeedSource): string {
  return source.kind === 'fixtures'
    ? `fixtures:${basename(source.dir)}`
    : `generated:${source.count}:seed=${source.seed}`;
}

/** The same for a value stored by an older emulator, which kept the whole fixtures path. */
export function describeStoredSeedSource(stored: string): string {
  return stored.startsWith('fixtures:') ? `fixtures:${basename(stored.slice('fixtures:'.length))}` : stored;
}

/** A key that tells seed sources apart (two fixture folders of one name in different places too). */
export function seedSourceKey(source: SeedSource): string {
  return source.kind === 'fixtures' ? `fixtures:${source.dir}` : describeSeedSource(source);
}
