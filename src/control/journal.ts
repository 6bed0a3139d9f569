/**
 * The request journal: the last N requests to the emulated APIs, in a fixed-size ring, so a
 * long-running emulator never grows it without bound. The control API reads and clears it, and
 * streams new entries to subscribers as they are recorded.
 */
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

export type JournalListener = (entry: JournalEntry) => void;

export class Journal {
  private readonly ring: (JournalEntry | undefined)[];
  private readonly listeners = new Set<JournalListener>();
  private next = 0;
  private seq = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<JournalEntry | undefined>(capacity);
  }

  record(entry: Omit<JournalEntry, 'seq'>): void {
    if (this.capacity === 0) return;
    const recorded = { seq: ++this.seq, ...entry };
    this.ring[this.next] = recorded;
    this.next = (this.next + 1) % this.capacity;
    for (const listener of this.listeners) listener(recorded);
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
    const ordered = [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)].filter(
      (entry): entry is JournalEntry => entry !== undefined,
    );
    const matches = ordered.filter((entry) => entryMatches(entry, filter));
    return filter.limit === undefined ? matches : matches.slice(Math.max(0, matches.length - filter.limit));
  }

  /** Clears one tenant's entries, or all. Returns how many were removed. */
  clear(tenant?: string): number {
    let removed = 0;
    for (let i = 0; i < this.ring.length; i++) {
      const entry = this.ring[i];
      if (entry && (tenant === undefined || entry.tenant === tenant)) {
        this.ring[i] = undefined;
        removed++;
      }
    }
    return removed;
  }
}

/** Whether an entry passes a filter (all but its limit). */
export function entryMatches(entry: JournalEntry, filter: JournalFilter): boolean {
  return (
    (filter.tenant === undefined || entry.tenant === filter.tenant) &&
    (filter.path === undefined || entry.path.startsWith(filter.path)) &&
    (filter.status === undefined || statusMatches(entry.status, filter.status)) &&
    (filter.after === undefined || entry.seq > filter.after)
  );
}

/** "404" or a class such as "4xx". */
export const STATUS_FILTER = /^[1-5](?:\d\d|xx)$/;

function statusMatches(status: number, filter: string): boolean {
  return filter.endsWith('xx') ? Math.floor(status / 100) === Number(filter[0]) : status === Number(filter);
}
