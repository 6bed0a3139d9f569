/**
 * ESET's long-request protocol. A request slower than the gateway's wait is answered 202 with a
 * `response-id`; its real result is kept here. Re-sending the identical request (same method,
 * path, query, body and tenant; the token may differ) with the `response-id` request header gets
 * 202 while it is pending, the result once, then 404. All times are the emulator clock's.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';

/** A result nobody claimed is dropped this long after it became ready. */
export const RESULT_TTL_MS = 10 * 60_000;
/** Still pending this long after the first request: 504. */
export const GATEWAY_TIMEOUT_MS = 120_000;
/** Bound on kept entries, oldest dropped first. */
const MAX_ENTRIES = 10_000;

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
}

export type Claim =
  | { kind: 'unknown' }
  | { kind: 'pending' }
  | { kind: 'timed-out' }
  | { kind: 'ready'; result: StoredResponse };

export function fingerprintOf(tenant: string, method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([tenant, method, url, body === undefined ? null : body]))
    .digest('base64url');
}

export class LongRequests {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  open(fingerprint: string, durationMs: number): string {
    this.sweep();
    const id = randomUUID();
    const now = this.clock.now();
    this.entries.set(id, { fingerprint, startedAt: now, readyAt: now + durationMs });
    return id;
  }

  complete(id: string, result: StoredResponse): void {
    const entry = this.entries.get(id);
    if (entry) entry.result = result;
  }

  claim(id: string, fingerprint: string): Claim {
    this.sweep();
    const entry = this.entries.get(id);
    if (!entry || entry.fingerprint !== fingerprint) return { kind: 'unknown' };
    const now = this.clock.now();
    if (now < entry.readyAt || !entry.result) {
      if (now - entry.startedAt >= GATEWAY_TIMEOUT_MS) {
        this.entries.delete(id);
        return { kind: 'timed-out' };
      }
      return { kind: 'pending' };
    }
    this.entries.delete(id);
    return { kind: 'ready', result: entry.result };
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [id, entry] of this.entries) {
      const done = entry.readyAt - entry.startedAt >= GATEWAY_TIMEOUT_MS
        ? now - entry.startedAt >= GATEWAY_TIMEOUT_MS + RESULT_TTL_MS
        : now - entry.readyAt >= RESULT_TTL_MS;
      if (done) this.entries.delete(id);
    }
    while (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
