/**
 * A small seeded PRNG for fixtures and the dataset generator: the same seed gives the same
 * sequence on every machine and every Node version. Only 32-bit integer operations and exact
 * double arithmetic are used (no Math.random, no Math.log/exp, whose last bits may differ
 * between platforms), so a seed fully identifies a generated dataset.
 *
 * Algorithm: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded with the
 * cyrb128 hash of the seed's text. A number seed is hashed through its decimal text, so
 * `createRandom(42)` and `createRandom('42')` give the same sequence.
 */
export interface Random {
  /** Next unsigned 32-bit integer. */
  uint32(): number;
  /** Float in [0, 1), with 32 bits of randomness. */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** One value, chosen with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** A shuffled copy (Fisher–Yates); the input is not changed. */
  shuffle<T>(items: readonly T[]): T[];
  /** k distinct elements (by position), in random order. */
  sample<T>(items: readonly T[], k: number): T[];
  /** An RFC 4122 version-4-shaped uuid, lowercase, drawn from this generator. */
  uuid(): string;
}

const TWO_POW_32 = 4294967296;

/** cyrb128: four well-mixed 32-bit words from a string. */
function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const HEX_DIGITS = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
const DASH = 45;
/**
 * Character codes of the uuid being built. String.fromCharCode over them gives one flat 36-byte
 * string; concatenating hex pieces instead leaves a tree of rope nodes per uuid, which costs
 * several times the memory and most of the generator's time in garbage collection. (A plain
 * array: V8 spreads it into fromCharCode twice as fast as a typed array.)
 */
const uuidCodes: number[] = new Array<number>(36).fill(0);

/** Writes `count` hex digits of `word` (most significant first) at `position`. */
function writeHex(word: number, shift: number, count: number, position: number): void {
  for (let i = 0; i < count; i++) uuidCodes[position + i] = HEX_DIGITS[(word >>> (shift - 4 * i)) & 15]!;
}

export function createRandom(seed: number | string): Random {
  if (typeof seed === 'number' && !Number.isFinite(seed)) {
    throw new RangeError(`random seed must be a finite number or a string, got ${seed}`);
  }
  let [a, b, c, d] = hashSeed(String(seed));

  function uint32(): number {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  }

  // sfc32's first outputs still show the structure of the seed words; discard them.
  for (let i = 0; i < 15; i++) uint32();

  function next(): number {
    return uint32() / TWO_POW_32;
  }

  function int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
      throw new RangeError(`int(min, max) needs integers with min <= max, got ${min}, ${max}`);
    }
    const span = max - min + 1;
    if (span > TWO_POW_32) throw new RangeError(`int(min, max) range is wider than 2^32: ${min}..${max}`);
    return min + Math.floor(next() * span);
  }

  function chance(p: number): boolean {
    return next() < p;
  }

  function pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
    return items[Math.floor(next() * items.length)]!;
  }

  function weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    let lastPositive = -1;
    entries.forEach(([, weight], index) => {
      if (!(weight >= 0) || !Number.isFinite(weight)) throw new RangeError(`weighted() got a bad weight: ${weight}`);
      total += weight;
      if (weight > 0) lastPositive = index;
    });
    if (lastPositive === -1) throw new RangeError('weighted() needs at least one positive weight');
    let target = next() * total;
    for (let i = 0; i < lastPositive; i++) {
      const weight = entries[i]![1];
      if (target < weight) return entries[i]![0];
      target -= weight;
    }
    // Whatever floating-point rounding leaves over belongs to the last entry that can be chosen.
    return entries[lastPositive]![0];
  }

  function shuffle<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const held = copy[i]!;
      copy[i] = copy[j]!;
      copy[j] = held;
    }
    return copy;
  }

  function sample<T>(items: readonly T[], k: number): T[] {
    const n = items.length;
    if (!Number.isSafeInteger(k) || k < 0 || k > n) {
      throw new RangeError(`sample() needs 0 <= k <= ${n}, got ${k}`);
    }
    if (k * 4 > n) {
      // Partial Fisher–Yates: only the first k places need settling.
      const copy = items.slice();
      for (let i = 0; i < k; i++) {
        const j = i + Math.floor(next() * (n - i));
        const held = copy[i]!;
        copy[i] = copy[j]!;
        copy[j] = held;
      }
      copy.length = k;
      return copy;
    }
    // Floyd's algorithm: k draws whatever the array size, so picking a few devices out of a
    // large fleet does not copy the fleet. The chosen set is uniform; shuffle fixes the order.
    const chosen = new Set<number>();
    for (let j = n - k; j < n; j++) {
      const t = Math.floor(next() * (j + 1));
      chosen.add(chosen.has(t) ? j : t);
    }
    return shuffle(Array.from(chosen, (index) => items[index]!));
  }

  function uuid(): string {
    const w0 = uint32();
    const w1 = (uint32() & 0xffff0fff) | 0x00004000; // version 4
    const w2 = (uint32() & 0x3fffffff) | 0x80000000; // variant 10xx
    const w3 = uint32();
    writeHex(w0, 28, 8, 0);
    uuidCodes[8] = DASH;
    writeHex(w1, 28, 4, 9);
    uuidCodes[13] = DASH;
    writeHex(w1, 12, 4, 14);
    uuidCodes[18] = DASH;
    writeHex(w2, 28, 4, 19);
    uuidCodes[23] = DASH;
    writeHex(w2, 12, 4, 24);
    writeHex(w3, 28, 8, 28);
    return String.fromCharCode.apply(null, uuidCodes);
  }

  return { uint32, next, int, chance, pick, weighted, shuffle, sample, uuid };
}
