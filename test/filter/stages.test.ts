/** The small pieces: keyword normalization, literal parsing, exact comparisons. */
import t from 'tap';
import { exactComparison, parseDuration, parseTimestamp, splitUnits } from '../../src/filter/literals.js';
import { normalizeKeywords } from '../../src/filter/normalize.js';

t.test('AND / OR / NOT become CEL operators of the same length, and nothing else changes', async (t) => {
  const cases: Array<[string, string]> = [
    ['a AND b', 'a &&  b'],
    ['a OR b', 'a || b'],
    ['NOT a', '!   a'],
    ['NOT(a)AND(b)', '!  (a)&& (b)'],
    ['a AND\nb', 'a && \nb'],
    ['"a AND b" AND c', '"a AND b" &&  c'],
    ["'OR' OR 'NOT'", "'OR' || 'NOT'"],
    ['"""x AND "y" OR""" AND z', '"""x AND "y" OR""" &&  z'],
    ['"esc \\" AND" AND z', '"esc \\" AND" &&  z'],
    ['r"raw \\" AND z', 'r"raw \\" &&  z'],
    ["R'raw \\' OR z", "R'raw \\' || z"],
    ['bAND AND ANDb', 'bAND &&  ANDb'],
    ['ANDROID OR_X and or not And', 'ANDROID OR_X and or not And'],
    ['incident.AND AND incident. OR', 'incident.AND &&  incident. OR'],
    ['x // AND comment\nAND y', 'x // AND comment\n&&  y'],
    ['"unterminated AND', '"unterminated AND'],
    ['"line\nAND', '"line\n&& '],
  ];
  for (const [input, output] of cases) {
    const normalized = normalizeKeywords(input);
    t.equal(normalized, output, JSON.stringify(input));
    t.equal(normalized.length, input.length, `${JSON.stringify(input)} keeps its length`);
  }
});

t.test('RFC 3339 timestamps', async (t) => {
  const valid: Array<[string, number, number]> = [
    ['2025-06-01T10:00:00Z', Date.UTC(2025, 5, 1, 10), 0],
    ['2025-06-01t10:00:00z', Date.UTC(2025, 5, 1, 10), 0],
    ['2024-10-01T12:41:39+00:00', Date.UTC(2024, 9, 1, 12, 41, 39), 0],
    ['2025-06-01T12:00:00.001+02:00', Date.UTC(2025, 5, 1, 10, 0, 0, 1), 0],
    ['2025-06-01T00:30:00-01:30', Date.UTC(2025, 5, 1, 2), 0],
    ['2025-06-01T10:00:00.123456789Z', Date.UTC(2025, 5, 1, 10, 0, 0, 123), 456789],
    ['2025-06-01T10:00:00.0005Z', Date.UTC(2025, 5, 1, 10), 500000],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29), 0],
    ['0001-01-01T00:00:00Z', -62135596800000, 0],
    ['0099-01-01T00:00:00Z', -59042995200000, 0],
    ['9999-12-31T23:59:59.999999999Z', 253402300799999, 999999],
  ];
  for (const [text, ms, subMsNanos] of valid) t.same(parseTimestamp(text), { ms, subMsNanos }, text);
  const invalid = [
    '2025-06-01',
    '2025-06-01 10:00:00Z',
    '2025-06-01T10:00:00',
    '2025-13-01T00:00:00Z',
    '2025-00-01T00:00:00Z',
    '2025-04-31T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2025-06-01T24:00:00Z',
    '2025-06-01T10:60:00Z',
    '2025-06-01T10:00:60Z',
    '2025-06-01T10:00:00+24:00',
    '2025-06-01T10:00:00+01:60',
    '2025-06-01T10:00:00.1234567891Z',
    '2025-06-01T10:00:00.Z',
    '0001-01-01T00:00:00+01:00',
    '+2025-06-01T10:00:00Z',
    'yesterday',
  ];
  for (const text of invalid) t.equal(parseTimestamp(text), undefined, text);
});

t.test('Go durations, in nanoseconds', async (t) => {
  const valid: Array<[string, bigint]> = [
    ['0', 0n],
    ['90m', 5_400_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['3600s', 3_600_000_000_000n],
    ['1.5s', 1_500_000_000n],
    ['.5s', 500_000_000n],
    ['1.s', 1_000_000_000n],
    ['-1.5h', -5_400_000_000_000n],
    ['+5m', 300_000_000_000n],
    ['1ms1us1ns', 1_001_001n],
    ['1µs', 1_000n],
    ['1μs', 1_000n],
    ['0.0000000015s', 1n],
    ['315576000000s', 315_576_000_000_000_000_000n],
  ];
  for (const [text, nanos] of valid) t.equal(parseDuration(text), nanos, text);
  for (const text of ['', '-', '1d', 's', '1', 'h1', '1h 30m', '1.5.5s', '315576000001s']) t.equal(parseDuration(text), undefined, text);
});

t.test('whole units and exact comparisons', async (t) => {
  t.same(splitUnits(5_400_000_000_000n, 1_000_000_000n), { whole: 5400, exact: true });
  t.same(splitUnits(1_500_000_000n, 1_000_000_000n), { whole: 1, exact: false });
  t.same(splitUnits(-1_500_000_000n, 1_000_000_000n), { whole: -2, exact: false });
  t.same(splitUnits(-2_000_000_000n, 1_000_000_000n), { whole: -2, exact: true });
  t.same(exactComparison('<', 10, true), { op: '<', value: 10 });
  const inexact: Array<[Parameters<typeof exactComparison>[0], ReturnType<typeof exactComparison>]> = [
    ['==', { constant: false }],
    ['!=', { constant: true }],
    ['<', { op: '<=', value: 10 }],
    ['<=', { op: '<=', value: 10 }],
    ['>', { op: '>', value: 10 }],
    ['>=', { op: '>', value: 10 }],
  ];
  for (const [op, expected] of inexact) t.same(exactComparison(op, 10, false), expected, `x ${op} 10.5`);
});
