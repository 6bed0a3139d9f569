/**
 * A generated seed is written in bulk (many rows per statement, membership rows derived from the
 * stored lists at the end, indexes built after): the database must hold exactly what writing the
 * same incidents one by one gives.
 */
import t from 'tap';
import { generatedRowBatches } from '../../src/apis/eset/generated-rows.js';
import { iterateEsetIncidents } from '../../src/apis/eset/generator.js';
import { loadEsetFixture } from '../../src/apis/eset/seed.js';
import { esetStore } from '../../src/apis/eset/store.js';
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js';
import type { Dataset } from '../../src/store/dataset.js';
import { IN_MEMORY } from '../../src/store/database.js';
import { LAYOUT } from '../helpers.js';

/** Every ESET table's rows (ids included), and the index names, of a dataset. */
function contents(dataset: Dataset): Record<string, unknown> {
  const tables = ['eset_incidents', 'eset_comments', 'eset_incident_tags', 'eset_incident_devices', 'eset_incident_detections'];
  return {
    ...Object.fromEntries(tables.map((table) => [table, dataset.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()])),
    indexes: dataset.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all(),
  };
}

t.test('a bulk-loaded generated dataset equals the same incidents inserted one by one', async (t) => {
  // More than one full statement of rows, and a remainder written row by row.
  const source = { kind: 'generated', count: 150, seed: 4, fixturesDir: DEFAULT_FIXTURES_DIR } as const;
  const bulk = LAYOUT.open('bulk', IN_MEMORY);
  const oneByOne = LAYOUT.open('one-by-one', IN_MEMORY);
  t.teardown(() => {
    bulk.close();
    oneByOne.close();
  });
  const cacheSize = bulk.db.pragma('cache_size', { simple: true });
  LAYOUT.seed(bulk, source);
  t.equal(bulk.db.pragma('cache_size', { simple: true }), cacheSize, 'the page cache is back to its size after the load');
  LAYOUT.seed(oneByOne, { kind: 'fixtures', dir: DEFAULT_FIXTURES_DIR });
  const { incidents, comments } = esetStore(oneByOne);
  oneByOne.transaction(() => {
    incidents.clear();
    for (const generated of iterateEsetIncidents({ count: source.count, seed: source.seed, users: loadEsetFixture(DEFAULT_FIXTURES_DIR).users })) {
      incidents.insert(generated.incident);
      for (const comment of generated.comments) comments.insert(comment);
    }
  });
  const expected = contents(oneByOne);
  t.same(contents(bulk), expected);
  t.ok((expected.eset_incident_detections as unknown[]).length > source.count, 'membership rows were compared');
  t.same(bulk.db.pragma('foreign_key_check'), [], 'every membership row and comment has its incident');
});

t.test('a large seed computes its rows in a worker thread: the same rows, batch for batch', async (t) => {
  // More than one batch, and a partial last one.
  const options = { count: 5000, seed: 'worker', users: loadEsetFixture(DEFAULT_FIXTURES_DIR).users };
  const inWorker = [...generatedRowBatches(options, true)];
  const inPlace = [...generatedRowBatches(options, false)];
  t.equal(inWorker.length, 2);
  t.equal(inWorker.reduce((rows, batch) => rows + batch.incidents.length, 0), inPlace.reduce((rows, batch) => rows + batch.incidents.length, 0));
  t.same(inWorker, inPlace);
  t.throws(() => generatedRowBatches({ ...options, count: -1 }, true), RangeError, 'bad options are the caller\'s error, before any worker');
});
