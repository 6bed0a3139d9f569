import t from 'tap';
import {
  MAX_DURATION_SECONDS,
  MAX_TIMESTAMP_MS,
  MIN_TIMESTAMP_MS,
  formatDuration,
  formatTimestamp,
  parseDuration,
  parseTimestamp,
} from '../../src/util/proto-time.js';

t.test('formatTimestamp writes proto3 RFC 3339 in UTC', async (t) => {
  t.equal(formatTimestamp(Date.UTC(2026, 4, 1, 9, 14)), '2026-05-01T09:14:00Z', 'no fraction for whole seconds');
  t.equal(formatTimestamp(Date.UTC(2026, 4, 1, 9, 14, 5, 70)), '2026-05-01T09:14:05.070Z', 'three digits otherwise');
  t.equal(formatTimestamp(0), '1970-01-01T00:00:00Z');
  t.equal(formatTimestamp(-1), '1969-12-31T23:59:59.999Z');
  t.equal(formatTimestamp(1.9), '1970-01-01T00:00:00.001Z', 'sub-millisecond parts are dropped');
  t.equal(formatTimestamp(MIN_TIMESTAMP_MS), '0001-01-01T00:00:00Z');
  t.equal(formatTimestamp(MAX_TIMESTAMP_MS), '9999-12-31T23:59:59.999Z');
  for (const bad of [MIN_TIMESTAMP_MS - 1, MAX_TIMESTAMP_MS + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
    t.throws(() => formatTimestamp(bad), RangeError, `refuses ${bad}`);
  }
});

t.test('formatTimestamp gives each time its own text, however many share a slot of its memory', async (t) => {
  const expected = (ms: number) => new Date(Math.floor(ms)).toISOString().replace(/\.000Z$/, 'Z');
  // Far more times than slots, many of them whole seconds, then the same again in another order.
  const times = Array.from({ length: 30_000 }, (_, i) => Date.UTC(2026, 0, 1) + (i % 3 === 0 ? i * 1000 : i * 7919));
  const wrong = [...times, ...times.reverse(), ...times.filter((_, i) => i % 2 === 0)].filter((ms) => formatTimestamp(ms) !== expected(ms));
  t.same(wrong, [], 'no time is given another one\'s text');
});

t.test('parseTimestamp reads RFC 3339 with Z or an offset', async (t) => {
  const cases: [string, number][] = [
    ['2026-05-01T09:14:00Z', Date.UTC(2026, 4, 1, 9, 14)],
    ['2026-05-01t09:14:00z', Date.UTC(2026, 4, 1, 9, 14)],
    ['2024-10-01T12:41:39+00:00', Date.UTC(2024, 9, 1, 12, 41, 39)],
    ['2026-05-01T11:14:00+02:00', Date.UTC(2026, 4, 1, 9, 14)],
    ['2026-05-01T00:30:00-05:30', Date.UTC(2026, 4, 1, 6)],
    ['2026-05-01T09:14:00.5Z', Date.UTC(2026, 4, 1, 9, 14, 0, 500)],
    ['2026-05-01T09:14:00.123456789Z', Date.UTC(2026, 4, 1, 9, 14, 0, 123)],
    ['2026-05-01T09:14:00.999999Z', Date.UTC(2026, 4, 1, 9, 14, 0, 999)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2000-02-29T23:59:59Z', Date.UTC(2000, 1, 29, 23, 59, 59)],
    ['1969-12-31T23:59:59.999Z', -1],
    ['0001-01-01T00:00:00Z', MIN_TIMESTAMP_MS],
    ['0050-06-15T00:00:00Z', new Date('0050-06-15T00:00:00.000Z').getTime()], // Date.UTC would read 50 as 1950
    ['9999-12-31T23:59:59.999Z', MAX_TIMESTAMP_MS],
    ['0000-12-31T23:00:00-01:00', MIN_TIMESTAMP_MS],
  ];
  for (const [text, ms] of cases) t.equal(parseTimestamp(text), ms, text);

  const invalid = [
    '', '2026-05-01', '2026-05-01 09:14:00Z', '2026-05-01T09:14Z', '2026-05-01T09:14:00', '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z', '2026-04-31T00:00:00Z', '2025-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2026-05-01T24:00:00Z',
    '2026-05-01T09:60:00Z', '2026-12-31T23:59:60Z', '2026-05-01T09:14:00.Z', '2026-05-01T09:14:00.1234567890Z',
    '2026-05-01T09:14:00+2:00', '2026-05-01T09:14:00+24:00', '2026-05-01T09:14:00+02:60', '2026-05-01T09:14:00+0200',
    '+02026-05-01T09:14:00Z', ' 2026-05-01T09:14:00Z', '2026-05-01T09:14:00Z ', '9999-12-31T23:59:59-01:00',
    '0001-01-01T00:00:00+00:01',
  ];
  for (const text of invalid) t.equal(parseTimestamp(text), undefined, `refuses ${JSON.stringify(text)}`);
  t.equal(parseTimestamp(42 as unknown as string), undefined, 'refuses a non-string');
});

t.test('timestamps round-trip', async (t) => {
  for (const ms of [0, 1, 999, 1_000, Date.UTC(2026, 10, 15, 23, 59, 59, 1), -62_000_000_000_000, MIN_TIMESTAMP_MS, MAX_TIMESTAMP_MS]) {
    t.equal(parseTimestamp(formatTimestamp(ms)), ms, `${ms}`);
  }
  t.equal(formatTimestamp(parseTimestamp('2026-05-01T11:14:00.120+02:00')!), '2026-05-01T09:14:00.120Z', 'normalised to Z');
});

t.test('formatDuration writes proto3 duration strings', async (t) => {
  t.equal(formatDuration(null), '', 'null is "not applicable"');
  t.equal(formatDuration(0), '0s');
  t.equal(formatDuration(-0), '0s');
  t.equal(formatDuration(5400), '5400s');
  t.equal(formatDuration(-2), '-2s');
  t.equal(formatDuration(1.5), '1.500s');
  t.equal(formatDuration(0.000_012), '0.000012s');
  t.equal(formatDuration(-0.000_000_001), '-0.000000001s');
  t.equal(formatDuration(2.999_999_999_9), '3s', 'rounding to nanoseconds carries into seconds');
  t.equal(formatDuration(MAX_DURATION_SECONDS), '315576000000s');
  for (const bad of [MAX_DURATION_SECONDS + 1, -MAX_DURATION_SECONDS - 1, Number.NaN, Number.NEGATIVE_INFINITY]) {
    t.throws(() => formatDuration(bad), RangeError, `refuses ${bad}`);
  }
});

t.test('parseDuration reads proto3 duration strings', async (t) => {
  const cases: [string, number | null][] = [
    ['', null],
    ['0s', 0],
    ['5400s', 5400],
    ['-2s', -2],
    ['-0s', 0],
    ['1.5s', 1.5],
    ['0.000000001s', 1e-9],
    ['007s', 7],
    ['315576000000s', MAX_DURATION_SECONDS],
    ['-315576000000s', -MAX_DURATION_SECONDS],
  ];
  for (const [text, seconds] of cases) t.equal(parseDuration(text), seconds, JSON.stringify(text));
  const invalid = ['s', '5400', '5400 s', '1.s', '.5s', '1.5000000000s', '+5s', '1e3s', '1h', 'PT1H', ' 5s', '315576000001s', '315576000000.5s'];
  for (const text of invalid) t.equal(parseDuration(text), undefined, `refuses ${JSON.stringify(text)}`);
  t.equal(parseDuration(null as unknown as string), undefined, 'refuses a non-string');
});

t.test('durations round-trip', async (t) => {
  for (const seconds of [null, 0, 1, 59, 3_600, 86_400 * 365, 1.25, 0.5, -7.000_001, 123.456_789_123]) {
    t.equal(parseDuration(formatDuration(seconds)), seconds, String(seconds));
  }
});
