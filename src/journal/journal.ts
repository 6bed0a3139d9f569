/**
 * The request journal: the last N requests to the emulated APIs, bounded by count and by bytes,
 * so a long-running emulator never grows it without bound. The control API reads and clears it,
 * and streams new entries to subscribers as they are recorded.
 */
import { formatTimestamp } from '../util/proto-time.js';

export interface JournalEntry {
  /** Increases by one per recorded request, never reused (also after a clear). */
  seq: number;
  /** Emulator-clock time the request arrived, RFC 3339. */
  time: string;
  requestId: string;
  method: string;
  /** Path without the query string. */
  path: string;
  query: string;
  status: number;
  /** Real time from arrival to the end of the response, milliseconds. */
  latencyMs: number;
  tenant: string;
  /** The fault injected into this request (`rule:<id> 503`, `header 202`, …), or null. */
  fault: string | null;
}

/** A request as recorded: its arrival as epoch ms, put into words only when the entry is read. */
export type RecordedRequest = Omit<JournalEntry, 'seq' | 'time'> & { arrivedAt: number };

type Recorded = RecordedRequest & { seq: number };

export interface JournalFilter {
  tenant?: string;
  /** Entries whose path starts with this. */
  path?: string;
  /** An exact status (404) or a class ("5xx"). */
  status?: string;
  /** Entries recorded after this sequence number. */
  after?: number;
  limit?: number;
}

/**
 * Bytes the journal may hold, whatever its entry count: a request's path and query can be long
 * (up to the server's header limit), and 100,000 of them must not take gigabytes.
 */
const MAX_JOURNAL_BYTES = 16 * 1024 * 1024;

/** What an entry costs in memory, roughly: its strings (UTF-16) and a fixed overhead. */
function sizeOf(entry: Recorded): number {
  const text = entry.requestId.length + entry.method.length + entry.path.length + entry.query.length + entry.tenant.length + (entry.fault?.length ?? 0);
  return 2 * text + 200;
}

function toEntry(recorded: Recorded): JournalEntry {
  const { arrivedAt, ...rest } = recorded;
  return { ...rest, time: formatTimestamp(arrivedAt) };
}

interface Kept {
  entry: Recorded;
  bytes: number;
}

export type JournalListener = (entry: JournalEntry) => void;

export class Journal {
  private readonly listeners = new Set<JournalListener>();
  /** Oldest first, from `head`; the slots before it were dropped and are compacted away now and then. */
  private kept: Kept[] = [];
  private head = 0;
  private bytes = 0;
  private seq = 0;

  /** `capacity` entries and `maxBytes` bytes, whichever is reached first; the oldest drop out. */
  constructor(
    readonly capacity: number,
    readonly maxBytes = MAX_JOURNAL_BYTES,
  ) {}

  get size(): number {
    return this.kept.length - this.head;
  }

  /** The bytes the kept entries take, as sizeOf counts them. */
  get byteSize(): number {
    return this.bytes;
  }

  record(entry: RecordedRequest): void {
    if (this.capacity === 0) return;
    const full: Recorded = { seq: ++this.seq, ...entry };
    const kept = { entry: full, bytes: sizeOf(full) };
    this.kept.push(kept);
    this.bytes += kept.bytes;
    while (this.size > this.capacity || (this.bytes > this.maxBytes && this.size > 1)) {
      this.bytes -= this.kept[this.head]!.bytes;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.kept.length) {
      this.kept = this.kept.slice(this.head);
      this.head = 0;
    }
    if (this.listeners.size === 0) return;
    const told = toEntry(full);
    for (const listener of this.listeners) listener(told);
  }

  /** Calls `listener` with every entry recorded from now on; returns the unsubscribe function. */
  subscribe(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** Oldest first. */
  entries(filter: JournalFilter = {}): JournalEntry[] {
    const matches: Recorded[] = [];
    for (let i = this.head; i < this.kept.length; i++) {
      const entry = this.kept[i]!.entry;
      if (entryMatches(entry, filter)) matches.push(entry);
    }
    return (filter.limit === undefined ? matches : matches.slice(Math.max(0, matches.length - filter.limit))).map(toEntry);
  }

  /** Clears one tenant's entries, or all. Returns how many were removed. */
  clear(tenant?: string): number {
    const before = this.size;
    this.kept = this.kept.slice(this.head).filter((kept) => tenant !== undefined && kept.entry.tenant !== tenant);
    this.head = 0;
    this.bytes = this.kept.reduce((sum, kept) => sum + kept.bytes, 0);
    return before - this.kept.length;
  }
}

/** Whether an entry passes a filter (all but its limit). */
export function entryMatches(entry: Omit<JournalEntry, 'time'>, filter: JournalFilter): boolean {
  return (
    (filter.tenant === undefined || entry.tenant === filter.tenant) &&
    (filter.path === undefined || entry.path.startsWith(filter.path)) &&
    (filter.status === undefined || statusMatches(entry.status, filter.status)) &&
    (filter.after === undefined || entry.seq > filter.after)
  );
}

function statusMatches(status: number, filter: string): boolean {
  return filter.endsWith('xx') ? Math.floor(status / 100) === Number(filter[0]) : status === Number(filter);
}
