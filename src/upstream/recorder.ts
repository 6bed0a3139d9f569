/**
 * Record mode: what upstream answers show about incidents, their comments and the people in them
 * is collected (by the API's own RecordingFormat) and written, scrubbed, as a fixture file in the
 * format --fixtures reads. A folder --fixtures can start from needs every API's file: those of
 * APIs that are not recorded are copied from the emulator's own fixtures.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Scrubber } from './scrubber.js';

/** What one API's recording keeps, and how it becomes a fixture file. */
export interface Recording {
  /** Takes in what one successful answer shows; true when the recording changed. */
  observe(operationId: string, params: Readonly<Record<string, string>>, body: unknown): boolean;
  /** The fixture file, every personal or free-text value replaced by a fake. */
  fixture(scrubber: Scrubber): unknown;
}

export interface RecordingFormat {
  /** The fixture file this API reads (eset.json, adversarial.json). */
  fileName: string;
  create(): Recording;
}

/** Writes follow changes after this pause, so a burst of answers is one write. */
const WRITE_DELAY_MS = 200;

interface RecorderOptions {
  folder: string;
  format: RecordingFormat;
  /** The emulator's own fixture folder, for the files of APIs not recorded. */
  fallbackFolder: string;
  scrubber: Scrubber;
  log: FastifyBaseLogger;
}

export class Recorder {
  readonly #recording: Recording;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RecorderOptions) {
    this.#recording = options.format.create();
  }

  observe(operationId: string, params: Readonly<Record<string, string>>, body: unknown): void {
    if (!this.#recording.observe(operationId, params, body)) return;
    this.#timer ??= setTimeout(() => this.flush(), WRITE_DELAY_MS).unref();
  }

  /** Writes the fixture file now (atomically: a reader never sees half a file). */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const { folder, format, fallbackFolder, scrubber, log } = this.options;
    try {
      mkdirSync(folder, { recursive: true });
      const target = join(folder, format.fileName);
      const partial = `${target}.partial`;
      writeFileSync(partial, `${JSON.stringify(this.#recording.fixture(scrubber), null, 2)}\n`);
      renameSync(partial, target);
      for (const file of readdirSync(fallbackFolder).filter((name) => name.endsWith('.json'))) {
        if (!existsSync(join(folder, file))) copyFileSync(join(fallbackFolder, file), join(folder, file));
      }
    } catch (error) {
      log.error({ folder, reason: (error as Error).message }, 'the recording could not be written');
    }
  }
}
