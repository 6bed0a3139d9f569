/**
 * Shadow mode's comparison of the upstream's answer with the emulator's to the same request: the
 * status, the shape (keys one side has and the other has not, values of another JSON type), and
 * for lists of identified items (uuid / id) which items each side lists and in what order. Values
 * themselves are not compared: the two sides need not hold the same data.
 */
import { describeValue, jsonPath, type Difference } from './answer-checker.js';

export interface ComparedAnswer {
  status: number;
  /** Parsed JSON body; undefined when empty or not JSON. */
  body: unknown;
}

const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** What identifies an item of a list: its uuid or id, or that of the incident it wraps. */
function identityOf(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const record = item as Record<string, unknown>;
  const own = record.uuid ?? record.id;
  if (typeof own === 'string') return own;
  return record.incident !== undefined ? identityOf(record.incident) : undefined;
}

/** Differences, seen from the emulator: `expected` is what it answered, `actual` what the upstream did. */
export function compareAnswers(upstream: ComparedAnswer, emulator: ComparedAnswer): Difference[] {
  if (upstream.status !== emulator.status) {
    return [{ kind: 'status', path: '$', expected: String(emulator.status), actual: String(upstream.status) }];
  }
  const differences: Difference[] = [];
  compareValues(upstream.body, emulator.body, '', differences);
  return differences;
}

const pointer = (base: string, key: string | number) => `${base}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

function compareValues(actual: unknown, expected: unknown, at: string, differences: Difference[]): void {
  const actualType = typeOf(actual);
  const expectedType = typeOf(expected);
  if (actualType !== expectedType) {
    differences.push({ kind: 'schema', path: jsonPath(at), expected: `a value of type ${expectedType}`, actual: describeValue(actual) });
    return;
  }
  if (actualType === 'array') return compareLists(actual as unknown[], expected as unknown[], at, differences);
  if (actualType !== 'object') return;
  const actualRecord = actual as Record<string, unknown>;
  const expectedRecord = expected as Record<string, unknown>;
  for (const key of Object.keys(actualRecord)) {
    if (!(key in expectedRecord)) differences.push({ kind: 'unexpected-field', path: jsonPath(at, key), expected: 'absent', actual: describeValue(actualRecord[key]) });
  }
  for (const key of Object.keys(expectedRecord)) {
    if (!(key in actualRecord)) {
      differences.push({ kind: 'missing-field', path: jsonPath(at, key), expected: 'present', actual: 'absent' });
      continue;
    }
    compareValues(actualRecord[key], expectedRecord[key], pointer(at, key), differences);
  }
}

function compareLists(actual: unknown[], expected: unknown[], at: string, differences: Difference[]): void {
  const actualIds = actual.map(identityOf);
  const expectedIds = expected.map(identityOf);
  const identified = (ids: Array<string | undefined>): ids is string[] => ids.every((id) => id !== undefined);
  if (identified(actualIds) && identified(expectedIds) && actual.length + expected.length > 0) {
    const expectedSet = new Set(expectedIds);
    const actualSet = new Set(actualIds);
    const extra = actualIds.filter((id) => !expectedSet.has(id));
    const missing = expectedIds.filter((id) => !actualSet.has(id));
    if (extra.length > 0 || missing.length > 0) {
      differences.push({
        kind: 'membership',
        path: jsonPath(at),
        expected: `${expected.length} items`,
        actual: `${actual.length} items: ${extra.length} the emulator does not list, ${missing.length} it lists missing`,
      });
    } else {
      const position = actualIds.findIndex((id, index) => id !== expectedIds[index]);
      if (position >= 0) {
        differences.push({
          kind: 'order',
          path: jsonPath(at),
          expected: `${expectedIds[position]} at position ${position}`,
          actual: `${actualIds[position]} at position ${position}`,
        });
      }
    }
    // Items are compared with their counterpart by identity, whatever their positions.
    const byId = new Map(expected.map((item, index) => [expectedIds[index]!, item]));
    actual.forEach((item, index) => {
      const counterpart = byId.get(actualIds[index]!);
      if (counterpart !== undefined) compareValues(item, counterpart, pointer(at, index), differences);
    });
    return;
  }
  const pairs = Math.min(actual.length, expected.length);
  for (let index = 0; index < pairs; index++) compareValues(actual[index], expected[index], pointer(at, index), differences);
}
