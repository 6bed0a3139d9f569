/**
 * A worker thread's values, taken synchronously: in order, all of them, the worker's errors
 * thrown to the caller (a module that cannot even load included), and a caller that stops early
 * ends the worker.
 */
import t from 'tap';
import { streamFromWorker } from '../../src/util/worker-stream.js';

const COUNTING = new URL('./counting-stream.ts', import.meta.url);

t.test('every value, in order, however far the worker may run ahead', async (t) => {
  t.same([...streamFromWorker<number>(COUNTING, { count: 50 }, { ahead: 2, youngGenerationMb: 16 })], Array.from({ length: 50 }, (_, n) => n));
  t.same([...streamFromWorker<number>(COUNTING, { count: 0 })], [], 'an empty stream ends');
});

t.test("the worker's error is thrown to the caller, after the values before it", async (t) => {
  const taken: number[] = [];
  t.throws(() => {
    for (const value of streamFromWorker<number>(COUNTING, { count: 10, failAt: 3 })) taken.push(value);
  }, /failed: Error: failed at 3/);
  t.same(taken, [0, 1, 2]);
});

t.test('a module that cannot load is an error, not a caller waiting forever', async (t) => {
  t.throws(() => [...streamFromWorker(new URL('./no-such-module.ts', import.meta.url), {})], /no-such-module\.ts failed/);
});

t.test('a caller that stops early ends the worker', async (t) => {
  const taken: number[] = [];
  for (const value of streamFromWorker<number>(COUNTING, { count: 1_000_000 }, { ahead: 1 })) {
    taken.push(value);
    if (value === 4) break;
  }
  t.same(taken, [0, 1, 2, 3, 4]);
});
