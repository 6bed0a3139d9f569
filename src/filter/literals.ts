/**
 * Timestamp and duration literals, parsed exactly. The store keeps times as epoch milliseconds
 * and durations as whole seconds, but a filter may say `timestamp("…T10:00:00.0005Z")` or
 * `duration("1.5s")`: comparisons must stay exact, so a literal keeps its sub-unit remainder.
 */

/** An instant: epoch milliseconds rounded down, plus the nanoseconds below that millisecond. */
export interface Instant {
  ms: number;
  subMsNanos: number;
}

const MIN_MS = -62135596800000; // 0001-01-01T00:00:00Z, the start of CEL's timestamp range
const MAX_MS = 253402300799999; // 9999-12-31T23:59:59.999Z

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** An RFC 3339 timestamp (`2025-06-01T10:00:00Z`, `…+02:00`, up to 9 fraction digits), or undefined. */
export function parseTimestamp(text: string): Instant | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offsetMinutes = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || Number(m[9] ?? 0) > 23 || Number(m[10] ?? 0) > 59) return undefined;

  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: that maps years 0–99 to 1900–1999
  date.setUTCHours(hour, minute, second, 0);
  const nanos = Number((m[7] ?? '').padEnd(9, '0'));
  const ms = date.getTime() - offsetMinutes * 60_000 + Math.floor(nanos / 1e6);
  if (ms < MIN_MS || ms > MAX_MS) return undefined;
  return { ms, subMsNanos: nanos % 1e6 };
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** The instant as the canonical string cel-js reads back (millisecond precision). */
export function formatInstantMs(ms: number): string {
  return new Date(ms).toISOString();
}

const DURATION_UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 MICRO SIGN, as Go accepts it
  μs: 1_000n, // U+03BC GREEK SMALL LETTER MU
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
/** CEL's duration range: ±10,000 years of seconds. */
const MAX_DURATION_NANOS = 315_576_000_000n * 1_000_000_000n;

/**
 * A Go-style duration as CEL's duration() reads it (`90m`, `1h30m`, `1.5s`, `-100ms`, `0`), in
 * nanoseconds, or undefined. Digits beyond nanoseconds are dropped, as Go does.
 */
export function parseDuration(text: string): bigint | undefined {
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1n : 1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < rest.length) {
    const m = DURATION_PART.exec(rest);
    if (!m) return undefined;
    const unit = DURATION_UNITS[m[2]!]!;
    const [whole = '', fraction = ''] = m[1]!.split('.');
    total += BigInt(whole || '0') * unit;
    if (fraction) total += (BigInt(fraction.slice(0, 18).padEnd(18, '0')) * unit) / 10n ** 18n;
  }
  return total > MAX_DURATION_NANOS ? undefined : sign * total;
}

/** Floor division into whole units, and whether the value was an exact multiple. */
export function splitUnits(nanos: bigint, unit: bigint): { whole: number; exact: boolean } {
  let whole = nanos / unit;
  if (nanos % unit !== 0n && nanos < 0n) whole -= 1n; // BigInt division truncates; we want floor
  return { whole: Number(whole), exact: nanos % unit === 0n };
}

/**
 * `column op literal`, where the column holds whole units and the literal is `whole` units plus
 * (unless exact) a positive remainder below one unit, rewritten as an exact comparison against
 * the whole number, or a constant. E.g. for ms columns and 10.0005 ms: `< ` becomes `<= 10`,
 * `>=` becomes `> 10`, `==` is never true.
 */
export function exactComparison(
  op: '==' | '!=' | '<' | '<=' | '>' | '>=',
  whole: number,
  exact: boolean,
): { op: '==' | '!=' | '<' | '<=' | '>' | '>='; value: number } | { constant: boolean } {
  if (exact) return { op, value: whole };
  switch (op) {
    case '==':
      return { constant: false };
    case '!=':
      return { constant: true };
    case '<':
    case '<=':
      return { op: '<=', value: whole };
    case '>':
    case '>=':
      return { op: '>', value: whole };
  }
}
