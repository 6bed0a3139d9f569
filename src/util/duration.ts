/**
 * Durations as people write them for the control API, fault rules and settings: "1500ms",
 * "90s", "15m", "2h", "1d", or a plain number of milliseconds (1500 or "1500").
 */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;

/** Milliseconds, or undefined when `value` is not a duration (negative, unknown unit, NaN). */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const match = DURATION.exec(value.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNITS[match[2] ?? 'ms']!;
  return Number.isSafeInteger(Math.round(ms)) ? Math.round(ms) : undefined;
}

export const DURATION_ACCEPTS = 'milliseconds (1500) or a number with a unit: 1500ms, 90s, 15m, 2h, 1d';
