/**
 * A generated dataset as the rows a bulk load writes, in batches: the incidents (ids from 1, as
 * in a cleared table) with their list JSON, and their comments. Turning records into rows costs
 * about as much as generating them, and both are plain computation: from LARGE_IN_WORKER incidents
 * on, a worker thread does all of it on the other core while the caller writes the previous
 * batches. The rows are the same either way (the generator is deterministic).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../paths.js';
import { serveValues, streamFromWorker, type StreamWorkerData } from '../../util/worker-stream.js';
import { appendBulkCommentRow } from './comment-repository.js';
import { iterateEsetIncidents, type EsetGeneratorOptions } from './generator.js';
import { appendBulkIncidentRow, type ColumnValue } from './incident-repository.js';
import { incidentListItemJson } from './mapper.js';

export interface GeneratedRows {
  /** Rows of EsetIncidentRepository.insertRows. */
  incidents: ColumnValue[];
  /** Rows of EsetCommentRepository.insertRows. */
  comments: ColumnValue[];
}

/** Incidents per batch: large statements, a few MB per batch handed over. */
const INCIDENTS_PER_BATCH = 4096;
/** Below this many incidents a worker thread costs more (its start, the copies) than it saves. */
const LARGE_IN_WORKER = 20_000;
/**
 * Every incident allocates its record, wire object, JSON and row values: in a larger young
 * generation they are collected less often (100,000 incidents: ~7 % less worker CPU).
 */
const WORKER_YOUNG_GENERATION_MB = 256;

/** The rows of `options`' dataset, computed here. */
function* generatedRows(options: EsetGeneratorOptions): Generator<GeneratedRows, void, undefined> {
  let batch: GeneratedRows = { incidents: [], comments: [] };
  let id = 0;
  // The list JSON is the mapper's, as the store gives it to the repository (store.ts).
  for (const generated of iterateEsetIncidents(options)) {
    id++;
    appendBulkIncidentRow(batch.incidents, id, generated.incident, incidentListItemJson);
    for (const comment of generated.comments) appendBulkCommentRow(batch.comments, id, comment);
    if (id % INCIDENTS_PER_BATCH === 0) {
      yield batch;
      batch = { incidents: [], comments: [] };
    }
  }
  if (batch.incidents.length > 0) yield batch;
}

/** Run from TypeScript sources (tsx, the test suite), whose loaders a worker does not always inherit (tsx's does not). */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** Where this module is as a file a worker can load: beside this one, or tsc's copy when this runs bundled. */
function workerModule(): URL {
  const here = fileURLToPath(import.meta.url);
  const sibling = join(here, '..', `generated-rows${FROM_SOURCES ? '.ts' : '.js'}`);
  return pathToFileURL(existsSync(sibling) ? sibling : join(PACKAGE_ROOT, 'dist', 'src', 'apis', 'eset', 'generated-rows.js'));
}

/**
 * The rows of `options`' dataset: in a worker thread for a large one run from the built code,
 * or when `inWorker` says so.
 */
export function generatedRowBatches(
  options: EsetGeneratorOptions,
  inWorker = options.count >= LARGE_IN_WORKER && !FROM_SOURCES,
): Iterable<GeneratedRows> {
  // Checked here, where a bad option is the caller's error, not the worker's.
  iterateEsetIncidents(options);
  return inWorker ? streamFromWorker<GeneratedRows>(workerModule(), options, { youngGenerationMb: WORKER_YOUNG_GENERATION_MB }) : generatedRows(options);
}

/** The worker's entry (streamFromWorker). */
export const serveStream = (data: StreamWorkerData): void => serveValues(data, generatedRows(data.input as EsetGeneratorOptions));
