/**
 * Filling a dataset: from a fixture folder, or from the deterministic generator. Always in one
 * transaction, replacing what was there, so a failed seed leaves the dataset as it was.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEsetFixture } from '../fixtures/eset-wire.js';
import { iterateEsetIncidents } from '../fixtures/generator.js';
import type { EsetDataset } from '../apis/eset/record.js';
import type { Dataset } from './dataset.js';

export type SeedSource =
  | { kind: 'fixtures'; dir: string }
  | { kind: 'generated'; count: number; seed: number; fixturesDir: string };

export const ESET_FIXTURE_FILE = 'eset.json';

/** Reads and validates a fixture folder; throws an Error naming the file and what is wrong. */
export function loadEsetFixture(dir: string): EsetDataset {
  const file = join(dir, ESET_FIXTURE_FILE);
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
  return parseEsetFixture(json, file);
}

export function describeSeedSource(source: SeedSource): string {
  return source.kind === 'fixtures'
    ? `fixtures:${source.dir}`
    : `generated:${source.count}:seed=${source.seed}`;
}

export function seedDataset(dataset: Dataset, source: SeedSource): void {
  // Users come from the fixtures either way: generated incidents are assigned to them.
  const fixture = loadEsetFixture(source.kind === 'fixtures' ? source.dir : source.fixturesDir);
  dataset.transaction(() => {
    dataset.esetIncidents.clear();
    dataset.esetUsers.clear();
    for (const user of fixture.users) dataset.esetUsers.insert(user);
    if (source.kind === 'fixtures') {
      for (const incident of fixture.incidents) dataset.esetIncidents.insert(incident);
      for (const comment of fixture.comments) dataset.esetComments.insert(comment);
    } else {
      for (const { incident, comments } of iterateEsetIncidents({
        count: source.count,
        seed: source.seed,
        users: fixture.users,
      })) {
        dataset.esetIncidents.insert(incident);
        for (const comment of comments) dataset.esetComments.insert(comment);
      }
    }
    dataset.meta.set('seeded_from', describeSeedSource(source));
  });
}
