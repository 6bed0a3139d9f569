/**
 * The one source of "now" for the whole emulator: timestamps written to the store, token and
 * page-token expiry, durations. Nothing else calls Date.now(), so a test can freeze or move
 * time and see every part of the emulator follow.
 */
export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
}

export interface ClockState {
  now: number;
  frozen: boolean;
  offsetMs: number;
}

/**
 * The instants a clock may be set to: 1970-01-01T00:00:00Z to 9999-01-01T00:00:00Z. Every time the
 * emulator writes must be a valid proto3 Timestamp (years 1 to 9999); the year of headroom keeps
 * the expiry times computed from "now" (tokens, page tokens, 202 results) inside that range too.
 */
export const CLOCK_RANGE = { min: 0, max: Date.UTC(9999, 0, 1) } as const;

export const inClockRange = (ms: number) => Number.isFinite(ms) && ms >= CLOCK_RANGE.min && ms <= CLOCK_RANGE.max;

/**
 * Real time by default; can be frozen at an instant, advanced, and resumed. While running, it is
 * real time shifted by an offset, so advancing a running clock keeps it running.
 */
export class ControllableClock implements Clock {
  private frozenAt: number | null = null;
  private offsetMs = 0;
  private scope: (() => Clock | undefined) | null = null;

  constructor(private readonly realNow: () => number = Date.now) {}

  /** This clock's time, or, while `scope` names one, that clock's (a tenant's own, during its requests). */
  now(): number {
    return this.scope?.()?.now() ?? this.ownNow();
  }

  /** This clock's own time, whatever clock is in scope. */
  ownNow(): number {
    return this.frozenAt ?? this.realNow() + this.offsetMs;
  }

  /** Lets another clock answer now() while `scope` returns it (control/tenant-clocks.ts). */
  setScope(scope: () => Clock | undefined): void {
    this.scope = scope;
  }

  freeze(at: number = this.ownNow()): void {
    this.frozenAt = at;
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  /** Runs again from the current (possibly frozen) instant. */
  resume(): void {
    if (this.frozenAt === null) return;
    this.offsetMs = this.frozenAt - this.realNow();
    this.frozenAt = null;
  }

  /** Whether this clock runs (is not frozen). */
  get running(): boolean {
    return this.frozenAt === null;
  }

  state(): ClockState {
    return { now: this.ownNow(), frozen: this.frozenAt !== null, offsetMs: this.offsetMs };
  }
}
