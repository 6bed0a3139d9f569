/**
 * A requests-per-second limit per credential and source address, on the emulator clock (a
 * sliding one-second window), so tests can drive it deterministically.
 */
import type { Clock } from '../clock.js';

const WINDOW_MS = 1000;
const MAX_KEYS = 10_000;

export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(
    readonly perSecond: number,
    private readonly clock: Clock,
  ) {}

  /** Undefined when the request may go ahead (and counts); else milliseconds until it may. */
  take(key: string): number | undefined {
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window) {
      if (this.windows.size >= MAX_KEYS) this.prune(now);
      window = [];
      this.windows.set(key, window);
    }
    while (window.length > 0 && window[0]! <= now - WINDOW_MS) window.shift();
    if (window.length >= this.perSecond) return window[0]! + WINDOW_MS - now;
    window.push(now);
    return undefined;
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.length === 0 || window.at(-1)! <= now - WINDOW_MS) this.windows.delete(key);
    }
  }
}
