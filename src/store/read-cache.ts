/**
 * Answers computed from a dataset, kept until that dataset changes. Clients poll: the same list
 * and the same incidents are asked for again and again between writes, and an answer read from
 * here skips its queries, its mapping and its serialisation.
 *
 * An entry is valid while the dataset's change mark is the one it was computed under: SQLite's
 * count of rows changed through the dataset's connection (every write path, whatever it is:
 * API writes, the control API, reset, restore, seeding) and its data version (commits by another
 * connection: a second emulator on the same file). Nothing has to remember to invalidate it.
 *
 * Bounded by bytes across all datasets, the least recently used entry first out.
 */
import type { Dataset } from './dataset.js';

/** Bytes all kept answers may take (UTF-16 strings). */
const READ_CACHE_BYTES = 16 * 1024 * 1024;
/** An answer larger than this is not worth keeping: it would push out many small ones. */
const LARGEST_KEPT = 1024 * 1024;
const ENTRY_OVERHEAD = 120;

interface Entry {
  own: number;
  others: number;
  value: unknown;
  bytes: number;
}

/** What a kept value costs, roughly: strings count two bytes a character. */
export type SizeOf<T> = (value: T) => number;
const textSize: SizeOf<string> = (text) => 2 * text.length;

export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(readonly maxBytes = READ_CACHE_BYTES) {}

  /** The answer under `key` for this dataset as it is now: kept, or computed (and kept). */
  read(dataset: Dataset, key: string, compute: () => string): string;
  read<T>(dataset: Dataset, key: string, compute: () => T, sizeOf: SizeOf<T>): T;
  read<T>(dataset: Dataset, key: string, compute: () => T, sizeOf: SizeOf<T> = textSize as SizeOf<unknown>): T {
    if (this.maxBytes === 0) return compute(); // turned off (--read-cache off)
    const [own, others] = dataset.changeMark();
    const id = `${dataset.id}\u0000${key}`;
    const entry = this.entries.get(id);
    if (entry !== undefined) {
      this.entries.delete(id);
      if (entry.own === own && entry.others === others) {
        this.entries.set(id, entry);
        return entry.value as T;
      }
      this.bytes -= entry.bytes;
    }
    const value = compute();
    const bytes = 2 * id.length + sizeOf(value) + ENTRY_OVERHEAD;
    if (bytes <= Math.min(LARGEST_KEPT, this.maxBytes)) {
      this.entries.set(id, { own, others, value, bytes });
      this.bytes += bytes;
      for (const [oldest, kept] of this.entries) {
        if (this.bytes <= this.maxBytes) break;
        this.entries.delete(oldest);
        this.bytes -= kept.bytes;
      }
    }
    return value;
  }

  get byteSize(): number {
    return this.bytes;
  }
}
