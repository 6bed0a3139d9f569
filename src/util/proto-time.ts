/**
 * proto3 JSON forms of google.protobuf.Timestamp and google.protobuf.Duration, which is how the
 * ESET API writes times ("2026-05-01T09:14:00Z") and durations ("5400s"). The emulator keeps
 * times as epoch milliseconds and durations as seconds; these helpers convert at the edges.
 */

/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: the range proto3 Timestamp allows. */
export const MIN_TIMESTAMP_MS = -62135596800000;
export const MAX_TIMESTAMP_MS = 253402300799999;
/** ±10,000 years, the range proto3 Duration allows. */
export const MAX_DURATION_SECONDS = 315576000000;

const MS_PER_DAY = 86400000;

/**
 * Times formatted lately, in slots chosen by the time itself: a page of incidents formats a
 * handful of times per row, and the same rows are read again and again, so a hit saves most of
 * the formatting; a miss costs one comparison (a generated seed formats a million distinct times,
 * which a Map kept at a bound cost more to look up and fill than the formatting saved).
 */
const SLOTS = 8192;
const slotTime = new Float64Array(SLOTS).fill(Number.NaN);
const slotText: string[] = new Array<string>(SLOTS).fill('');

/**
 * RFC 3339 in UTC with `Z`, as proto3 JSON writes it: no fraction for whole seconds, otherwise
 * three digits (the emulator's clock has millisecond resolution).
 */
export function formatTimestamp(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const slot = ((seconds * 31) ^ (ms - seconds * 1000)) & (SLOTS - 1);
  if (slotTime[slot] === ms) return slotText[slot]!;
  if (!Number.isFinite(ms) || ms < MIN_TIMESTAMP_MS || ms > MAX_TIMESTAMP_MS) {
    throw new RangeError(`timestamp out of the proto3 range: ${ms}`);
  }
  const iso = new Date(Math.floor(ms)).toISOString();
  const text = iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
  slotTime[slot] = ms;
  slotText[slot] = text;
  return text;
}

const TIMESTAMP_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Epoch milliseconds of an RFC 3339 date-time (`Z` or a `±hh:mm` offset, up to nine fractional
 * digits, truncated to milliseconds), or undefined when the text is not one or falls outside the
 * proto3 range. Leap seconds (`:60`) are refused, as protobuf refuses them.
 */
export function parseTimestamp(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = TIMESTAMP_PATTERN.exec(text);
  if (!match) return undefined;
  const [, ys, mos, ds, hs, mis, ss, fraction, zulu, sign, ohs, oms] = match;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  const second = Number(ss);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (!zulu) {
    const offsetHours = Number(ohs);
    const offsetMins = Number(oms);
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const millis = fraction ? Number(fraction.padEnd(3, '0').slice(0, 3)) : 0;
  const ms =
    daysFromCivil(year, month, day) * MS_PER_DAY +
    ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 +
    millis;
  return ms < MIN_TIMESTAMP_MS || ms > MAX_TIMESTAMP_MS ? undefined : ms;
}

/**
 * proto3 JSON Duration: `""` for null (the field does not apply yet, as the ESET API sends it),
 * `"5400s"` for whole seconds, otherwise 3, 6 or 9 fractional digits as protobuf writes them.
 */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '';
  if (!Number.isFinite(seconds) || Math.abs(seconds) > MAX_DURATION_SECONDS) {
    throw new RangeError(`duration out of the proto3 range: ${seconds}`);
  }
  const sign = seconds < 0 ? '-' : '';
  const magnitude = Math.abs(seconds);
  let whole = Math.trunc(magnitude);
  let nanos = Math.round((magnitude - whole) * 1e9);
  if (nanos === 1e9) {
    whole += 1;
    nanos = 0;
  }
  if (nanos === 0) return whole === 0 ? '0s' : `${sign}${whole}s`;
  const digits = String(nanos).padStart(9, '0');
  const fraction = nanos % 1e6 === 0 ? digits.slice(0, 3) : nanos % 1e3 === 0 ? digits.slice(0, 6) : digits;
  return `${sign}${whole}.${fraction}s`;
}

const DURATION_PATTERN = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;

/**
 * Seconds of a proto3 JSON Duration (`"5400s"`, `"1.5s"`, `"-2s"`); null for `""` (not
 * applicable); undefined when the text is not a duration or is outside the proto3 range.
 */
export function parseDuration(text: string): number | null | undefined {
  if (typeof text !== 'string') return undefined;
  if (text === '') return null;
  const match = DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  const [, minus, wholeText, fraction] = match;
  const whole = Number(wholeText);
  if (whole > MAX_DURATION_SECONDS) return undefined;
  const magnitude = fraction ? whole + Number(fraction) / 10 ** fraction.length : whole;
  if (magnitude > MAX_DURATION_SECONDS) return undefined;
  // -0 would print as "0s" anyway; returning plain 0 keeps deep-equality comparisons simple.
  return minus && magnitude !== 0 ? -magnitude : magnitude;
}
