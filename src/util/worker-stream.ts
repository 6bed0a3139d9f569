/**
 * A synchronous stream of values computed in a worker thread: the caller iterates a plain
 * generator (inside a SQLite transaction, say, which cannot await) while the worker computes the
 * next values on the other core. The worker posts each value on a MessagePort and counts it in
 * shared memory; the caller sleeps on that counter (Atomics.wait) and takes the message off the
 * port synchronously (receiveMessageOnPort). The worker stays at most `ahead` values in front of
 * the caller, so memory stays bounded however long the stream.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** Counters in shared memory: values posted by the worker, values taken by the caller. */
const POSTED = 0;
const TAKEN = 1;

type StreamMessage<T> = { value: T } | { done: true } | { error: string };

interface StreamWorkerData {
  module: string;
  input: unknown;
  port: MessagePort;
  counters: Int32Array;
  ahead: number;
}

/**
 * The worker's first code: it imports `module` and feeds `stream(input)` to the caller. Loading
 * the module happens inside the same guard as running it, so a module that cannot load is an
 * error the caller receives, not a caller waiting forever. Node 20 runs neither the process's
 * `--import` modules nor their loader hooks in a worker: it imports them first itself, so a
 * process that runs TypeScript through a loader (tsx, the test suite) can run a .ts module here.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const { resolve } = require('node:path');
const preloads = [];
process.execArgv.forEach((arg, index) => {
  if (arg.startsWith('--import=')) preloads.push(arg.slice('--import='.length));
  else if (arg === '--import') preloads.push(process.execArgv[index + 1]);
});
const specifier = (preload) => (/^[a-z][a-z0-9+.-]*:/i.test(preload) ? preload : /^[./]/.test(preload) ? pathToFileURL(resolve(preload)).href : preload);
(async () => {
  for (const preload of preloads) await import(specifier(preload));
  const loaded = await import(workerData.module);
  loaded.serveStream(workerData);
})().catch((error) => {
  workerData.port.postMessage({ error: String((error && error.stack) || error) });
  Atomics.add(workerData.counters, ${POSTED}, 1);
  Atomics.notify(workerData.counters, ${POSTED});
});
`;

/** How long the caller waits for one value before it gives up on the worker (a hung worker). */
const WAIT_LIMIT_MS = 120_000;

export interface StreamOptions {
  /** Values the worker may compute before the caller takes them (default 4). */
  ahead?: number;
  /** The worker's young generation (V8's default when absent): a producer that allocates much collects less often in a larger one. */
  youngGenerationMb?: number;
}

/**
 * Runs `module`'s `serveStream` export (see serveValues) in a worker thread with `input` (copied
 * by structured clone) and yields its values in order. The worker ends when the stream does or
 * when the caller stops iterating; an error in the worker is thrown here.
 */
export function* streamFromWorker<T>(module: URL, input: unknown, options: StreamOptions = {}): Generator<T, void, undefined> {
  const { ahead = 4, youngGenerationMb } = options;
  const counters = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  const data: StreamWorkerData = { module: module.href, input, port: port2, counters, ahead };
  const resourceLimits = youngGenerationMb === undefined ? undefined : { maxYoungGenerationSizeMb: youngGenerationMb };
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data, transferList: [port2], resourceLimits });
  // Its errors reach the caller through the stream; an 'error' event without a listener would end the process.
  worker.on('error', () => {});
  try {
    for (let taken = 0; ; ) {
      if (Atomics.wait(counters, POSTED, taken, WAIT_LIMIT_MS) === 'timed-out' && Atomics.load(counters, POSTED) === taken) {
        throw new Error(`worker stream ${module.href}: no value within ${WAIT_LIMIT_MS} ms`);
      }
      const message = receiveMessageOnPort(port1)?.message as StreamMessage<T> | undefined;
      if (message === undefined) continue;
      taken++;
      Atomics.store(counters, TAKEN, taken);
      Atomics.notify(counters, TAKEN);
      if ('error' in message) throw new Error(`worker stream ${module.href} failed: ${message.error}`);
      if ('done' in message) return;
      yield message.value;
    }
  } finally {
    // A caller that stops early: wake a worker waiting for room, and end it.
    Atomics.store(counters, TAKEN, 0x3fffffff);
    Atomics.notify(counters, TAKEN);
    port1.close();
    void worker.terminate();
  }
}

/** The worker side: posts each value of `values` to the caller of streamFromWorker, then the end. */
export function serveValues(data: StreamWorkerData, values: Iterable<unknown>): void {
  const { port, counters, ahead } = data;
  let posted = 0;
  const post = (message: StreamMessage<unknown>) => {
    // Wait while the caller has `ahead` values it has not taken yet.
    for (let taken = Atomics.load(counters, TAKEN); posted - taken >= ahead; taken = Atomics.load(counters, TAKEN)) {
      Atomics.wait(counters, TAKEN, taken);
    }
    port.postMessage(message);
    posted++;
    Atomics.store(counters, POSTED, posted);
    Atomics.notify(counters, POSTED);
  };
  try {
    for (const value of values) post({ value });
    post({ done: true });
  } catch (error) {
    post({ error: String((error as Error).stack ?? error) });
  }
}

export type { StreamWorkerData };
