/** A worker module for worker-stream.test.ts: counts up to `input.count`, failing at `input.failAt`. */
import { serveValues, type StreamWorkerData } from '../../src/util/worker-stream.js';

function* count({ count, failAt }: { count: number; failAt?: number }): Generator<number> {
  for (let n = 0; n < count; n++) {
    if (n === failAt) throw new Error(`failed at ${n}`);
    yield n;
  }
}

export const serveStream = (data: StreamWorkerData): void => serveValues(data, count(data.input as { count: number; failAt?: number }));
