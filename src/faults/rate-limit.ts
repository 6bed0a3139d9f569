/**
 * Rate limits on the emulator clock, so tests can drive them deterministically: a
 * requests-per-second limit per key (a sliding one-second window), and ESET's behaviour under a
 * large burst (BurstModel). The plugin keys both by tenant, credential and source address.
 */
import type { Clock } from '../clock.js';

const WINDOW_MS = 1000;
const MAX_KEYS = 10_000;

/** Per-key state in a bounded map: when it is full, the keys `idle` says are done are dropped. */
class KeyedState<T> {
  private readonly states = new Map<string, T>();

  constructor(
    private readonly fresh: () => T,
    private readonly idle: (state: T, now: number) => boolean,
  ) {}

  get(key: string, now: number): T {
    let state = this.states.get(key);
    if (!state) {
      if (this.states.size >= MAX_KEYS) {
        for (const [old, value] of this.states) if (this.idle(value, now)) this.states.delete(old);
      }
      state = this.fresh();
      this.states.set(key, state);
    }
    return state;
  }
}

/** Drops the times of `window` older than one second before `now`. */
function slide(window: number[], now: number): void {
  while (window.length > 0 && window[0]! <= now - WINDOW_MS) window.shift();
}

export class RateLimiter {
  private readonly windows = new KeyedState<number[]>(() => [], (window, now) => window.length === 0 || window.at(-1)! <= now - WINDOW_MS);

  constructor(
    readonly perSecond: number,
    private readonly clock: Clock,
  ) {}

  /** Undefined when the request may go ahead (and counts); else milliseconds until it may. */
  take(key: string): number | undefined {
    const now = this.clock.now();
    const window = this.windows.get(key, now);
    slide(window, now);
    if (window.length >= this.perSecond) return window[0]! + WINDOW_MS - now;
    window.push(now);
    return undefined;
  }
}

/**
 * ESET documents: "Under a large burst the service answers 202 for a while (2 requests per
 * second), then 5xx." It gives no thresholds; this model's are the emulator's choice:
 *
 * - Every request of a key counts as an attempt, whether answered or refused. A *large burst* is
 *   BURST_FACTOR (2) times the rate limit in attempts within one second: with the real 10/s,
 *   the 20th request of a second (the first 10 answered, the next 9 refused with 429).
 * - From then on the key's requests queue for a service that works off DRAIN_PER_SECOND (2) a
 *   second: each is answered 202 + response-id at once, and its result is ready DRAIN_INTERVAL_MS
 *   (500 ms) after the previous queued result (the first: 500 ms after it came).
 * - At most QUEUE_LIMIT (20: ten seconds of work) results wait to be ready; a request beyond that
 *   is refused with 503 and a Retry-After until the next result is ready. A client that keeps
 *   hammering thus sees 202s for a while, then 503s with 2 requests a second still getting 202.
 * - The burst is over when the queue has drained and the last second held fewer attempts than
 *   the threshold; the rate limit (429) applies again.
 *
 * Re-sends with a response-id header are not counted (they collect results, they are not new
 * work). Whether the real service answers a queued request that is ready within the gateway's
 * wait directly, and which 5xx it sends, the reference does not say: here every queued request
 * is a 202 (the emulator never holds a connection) and the 5xx is a 503.
 */
const BURST_FACTOR = 2;
const DRAIN_PER_SECOND = 2;
const DRAIN_INTERVAL_MS = 1000 / DRAIN_PER_SECOND;
export const QUEUE_LIMIT = 20;

export type BurstOutcome =
  /** No burst: the rate limit decides. */
  | { kind: 'normal' }
  /** Answer 202; the result is ready this much later. */
  | { kind: 'queued'; readyInMs: number }
  /** Answer 503; the queue has room again this much later. */
  | { kind: 'overloaded'; retryAfterMs: number };

interface BurstState {
  /** Times of the last `threshold` attempts. */
  attempts: number[];
  /** When each queued result is ready, in order. */
  queue: number[];
}

export class BurstModel {
  /** Attempts within one second that make a large burst. */
  readonly threshold: number;
  private readonly states = new KeyedState<BurstState>(
    () => ({ attempts: [], queue: [] }),
    (state, now) => (state.queue.at(-1) ?? -Infinity) <= now && (state.attempts.at(-1) ?? -Infinity) <= now - WINDOW_MS,
  );

  constructor(
    rateLimit: number,
    private readonly clock: Clock,
  ) {
    this.threshold = BURST_FACTOR * rateLimit;
  }

  /** Counts the request and says whether the burst takes it (202 or 503) or the rate limit does. */
  take(key: string): BurstOutcome {
    const now = this.clock.now();
    const { attempts, queue } = this.states.get(key, now);
    slide(attempts, now);
    while (queue.length > 0 && queue[0]! <= now) queue.shift();
    attempts.push(now);
    if (attempts.length > this.threshold) attempts.shift();
    if (queue.length === 0 && attempts.length < this.threshold) return { kind: 'normal' };
    if (queue.length >= QUEUE_LIMIT) return { kind: 'overloaded', retryAfterMs: queue[0]! - now };
    const readyAt = Math.max(now, queue.at(-1) ?? now) + DRAIN_INTERVAL_MS;
    queue.push(readyAt);
    return { kind: 'queued', readyInMs: readyAt - now };
  }
}
