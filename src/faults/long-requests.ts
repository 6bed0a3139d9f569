/**
 * ESET's long-request protocol. A request slower than the gateway's wait is answered 202 with a
 * `response-id`; its real result is kept here. Re-sending the identical request (same method,
 * path, query, body and tenant; the token may differ) with the `response-id` request header gets
 * 202 while it is pending, the result once, then 404. All times are the emulator clock's.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';

/** A result nobody claimed is dropped this long after it became ready. */
const RESULT_TTL_MS = 10 * 60_000;
/** Still pending this long after the first request: 504. */
const GATEWAY_TIMEOUT_MS = 120_000;
/** Bound on kept entries, oldest dropped first. */
const MAX_ENTRIES = 10_000;
/**
 * Bound on the bytes of kept results (a 1,000-incident page is about 1 MB), oldest dropped first:
 * a client that never collects its results cannot grow the process without bound. A dropped
 * result's response-id answers 404, as an expired one does.
 */
const MAX_RESULT_BYTES = 32 * 1024 * 1024;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  payload: string | Buffer;
}

interface Entry {
  fingerprint: string;
  startedAt: number;
  readyAt: number;
  result?: StoredResponse;
  /** What `result` takes, as sizeOf counts it (0 while pending). */
  bytes: number;
}

function sizeOf(result: StoredResponse): number {
  const payload = typeof result.payload === 'string' ? Buffer.byteLength(result.payload) : result.payload.length;
  return payload + Object.entries(result.headers).reduce((sum, [name, value]) => sum + name.length + String(value).length, 0) + 200;
}

export type Claim =
  | { kind: 'unknown' }
  | { kind: 'pending' }
  | { kind: 'timed-out' }
  | { kind: 'ready'; result: StoredResponse };

export function fingerprintOf(tenant: string, method: string, url: string, body: unknown): string {
  return createHash('sha256').update(JSON.stringify([tenant, method, url])).update(bodyText(body)).digest('base64url');
}

/** The body as JSON text; one nested too deeply for JSON.stringify's recursion matches nothing kept. */
function bodyText(body: unknown): string {
  try {
    return JSON.stringify(body === undefined ? null : body);
  } catch {
    return `unserializable:${randomUUID()}`;
  }
}

export class LongRequests {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly clock: Clock,
    private readonly maxBytes = MAX_RESULT_BYTES,
  ) {}

  open(fingerprint: string, durationMs: number): string {
    this.sweep();
    const id = randomUUID();
    const now = this.clock.now();
    this.entries.set(id, { fingerprint, startedAt: now, readyAt: now + durationMs, bytes: 0 });
    return id;
  }

  complete(id: string, result: StoredResponse): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.result = result;
    entry.bytes = sizeOf(result);
    this.bytes += entry.bytes;
    // Oldest first (Map order is insertion order), never the result just kept.
    for (const [oldId, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      if (oldId !== id && old.result) this.drop(oldId);
    }
  }

  claim(id: string, fingerprint: string): Claim {
    this.sweep();
    const entry = this.entries.get(id);
    if (!entry || entry.fingerprint !== fingerprint) return { kind: 'unknown' };
    const now = this.clock.now();
    if (now < entry.readyAt || !entry.result) {
      if (now - entry.startedAt >= GATEWAY_TIMEOUT_MS) {
        this.drop(id);
        return { kind: 'timed-out' };
      }
      return { kind: 'pending' };
    }
    this.drop(id);
    return { kind: 'ready', result: entry.result };
  }

  get size(): number {
    return this.entries.size;
  }

  /** The bytes the kept results take, as sizeOf counts them. */
  get resultBytes(): number {
    return this.bytes;
  }

  private drop(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.entries.delete(id);
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [id, entry] of this.entries) {
      const done = entry.readyAt - entry.startedAt >= GATEWAY_TIMEOUT_MS
        ? now - entry.startedAt >= GATEWAY_TIMEOUT_MS + RESULT_TTL_MS
        : now - entry.readyAt >= RESULT_TTL_MS;
      if (done) this.drop(id);
    }
    while (this.entries.size >= MAX_ENTRIES) this.drop(this.entries.keys().next().value!);
  }
}
