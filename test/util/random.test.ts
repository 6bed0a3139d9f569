import t from 'tap';
import { createRandom } from '../../src/util/random.js';

t.test('a seed pins the sequence (these values must never change: fixtures depend on them)', async (t) => {
  const random = createRandom('emulator');
  t.same([random.uint32(), random.uint32(), random.uint32(), random.uint32()], [666161754, 54458323, 205873963, 1872430169]);
  const numeric = createRandom(42);
  t.equal(numeric.uuid(), '869de71d-2fca-4c0a-a7af-9bc1dd371682');
  t.equal(numeric.int(1, 6), 3);
  t.equal(numeric.next(), 0.22317073680460453);
  t.equal(createRandom('').uint32(), 2420727049, 'the empty string is a seed like any other');
});

t.test('same seed, same sequence; different seed, different sequence', async (t) => {
  const draw = (seed: number | string): number[] => {
    const random = createRandom(seed);
    return Array.from({ length: 20 }, () => random.uint32());
  };
  t.same(draw('a'), draw('a'));
  t.same(draw(7), draw('7'), 'a number is seeded through its decimal text');
  t.not(draw('a').join(), draw('b').join());
  t.throws(() => createRandom(Number.NaN), RangeError);
});

t.test('next, int and chance stay in range', async (t) => {
  const random = createRandom('ranges');
  const counts = new Map<number, number>();
  for (let i = 0; i < 20_000; i++) {
    const x = random.next();
    if (x < 0 || x >= 1) t.fail(`next() out of [0, 1): ${x}`);
    const n = random.int(-2, 2);
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  t.same([...counts.keys()].sort(), [-1, -2, 0, 1, 2].sort(), 'int() covers both ends');
  for (const count of counts.values()) t.ok(count > 3_500 && count < 4_500, `roughly uniform (${count})`);
  t.equal(random.int(5, 5), 5);
  t.throws(() => random.int(3, 2), RangeError);
  t.throws(() => random.int(0.5, 2), RangeError);
  t.throws(() => random.int(0, 2 ** 33), RangeError);
  t.notOk(random.chance(0));
  t.ok(random.chance(1));
});

t.test('pick, weighted, shuffle and sample', async (t) => {
  const random = createRandom('collections');
  const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  t.ok(items.includes(random.pick(items)));
  t.throws(() => random.pick([]), RangeError);

  const tally = { x: 0, y: 0, z: 0 };
  for (let i = 0; i < 10_000; i++) tally[random.weighted<'x' | 'y' | 'z'>([['x', 1], ['y', 3], ['z', 0]])]++;
  t.equal(tally.z, 0, 'a zero weight is never chosen');
  t.ok(tally.y > 2.5 * tally.x && tally.y < 3.5 * tally.x, `weights respected (${tally.x} / ${tally.y})`);
  t.throws(() => random.weighted([['x', 0]]), RangeError);
  t.throws(() => random.weighted([['x', -1]]), RangeError);
  t.throws(() => random.weighted([['x', Number.POSITIVE_INFINITY]]), RangeError);

  const shuffled = random.shuffle(items);
  t.same([...shuffled].sort(), items, 'shuffle is a permutation');
  t.same(items, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 'and leaves its input alone');

  for (const k of [0, 1, 3, 8]) {
    const sample = random.sample(items, k);
    t.equal(sample.length, k);
    t.equal(new Set(sample).size, k, `sample(${k}) has distinct elements`);
    t.ok(sample.every((item) => items.includes(item)));
  }
  const large = Array.from({ length: 1_000 }, (_, i) => i);
  const few = random.sample(large, 15);
  t.equal(new Set(few).size, 15, 'few out of many (Floyd) are distinct');
  t.throws(() => random.sample(items, 9), RangeError);
  t.throws(() => random.sample(items, -1), RangeError);
});

t.test('uuids are RFC 4122 version 4 shaped, lowercase and distinct', async (t) => {
  const random = createRandom('uuids');
  const seen = new Set<string>();
  for (let i = 0; i < 5_000; i++) {
    const uuid = random.uuid();
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid)) t.fail(`bad uuid ${uuid}`);
    seen.add(uuid);
  }
  t.equal(seen.size, 5_000);
  t.equal(createRandom('u').uuid(), createRandom('u').uuid(), 'deterministic');
});
