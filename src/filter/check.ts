/**
 * Stage 3b: the checks and readings that need to know what a field is, done on the forms where
 * a client's mistake is common, so the error names the culprit where it was written:
 *   - enum fields compared with a value of another enum, or with a quoted name;
 *   - string / int / timestamp / duration / list fields compared with a literal of another type;
 *   - size() of a field that is neither a string nor a list;
 *   - a message (`incident`, `incident.metrics`) used as a value;
 *   - timestamp("…") and duration("…") literals that do not parse.
 * It also records the real-client reading of a plain string compared with a timestamp field
 * (`updateTime > "2026-06-24T08:00:00Z"`) as that timestamp. Everything else about types is
 * left to cel-js's type checker, which sees the whole expression later (compile.ts).
 */
import { children, flipComparison, isComparison, stringLiteral, type ComparisonOp, type Node } from './ast.js';
import { describeField, type CatalogIndex, type FieldEntry } from './fields.js';
import { parseDuration, parseTimestamp, type Instant } from './literals.js';
import { checkPattern, matchesPattern } from './regex.js';
import { resolveNames, type Ref } from './resolve.js';
import { unstorableCharacter } from '../util/text.js';
import { QueryLanguageError, type ScalarField } from './types.js';

export interface Analysis {
  /** The original filter text (positions and quotes refer to it). */
  source: string;
  refs: ReadonlyMap<Node, Ref>;
  /** timestamp("…") calls with a literal, and string literals read as timestamps. */
  instants: ReadonlyMap<Node, Instant>;
  /** duration("…") calls with a literal, in nanoseconds. */
  durations: ReadonlyMap<Node, bigint>;
}

type StaticType =
  | 'string'
  | 'int'
  | 'uint'
  | 'double'
  | 'bool'
  | 'null'
  | 'bytes'
  | 'timestamp'
  | 'duration'
  | 'enum'
  | 'list'
  | 'map';

const TYPE_NAMES: Readonly<Record<StaticType, string>> = {
  string: 'a string',
  int: 'an int',
  uint: 'a uint',
  double: 'a double',
  bool: 'a bool',
  null: 'null',
  bytes: 'bytes',
  timestamp: 'a timestamp',
  duration: 'a duration',
  enum: 'an enum value',
  list: 'a list',
  map: 'a map',
};

/** What each field type may be compared with; anything else is reported here. */
const COMPARABLE: Readonly<Record<ScalarField['type'] | 'list', readonly StaticType[]>> = {
  string: ['string'],
  int: ['int', 'uint', 'double', 'enum'],
  enum: ['enum', 'int', 'uint', 'double'],
  timestamp: ['timestamp', 'string'],
  duration: ['duration'],
  list: ['list'],
};

export function analyze(root: Node, index: CatalogIndex, source: string): Analysis {
  const refs = resolveNames(root, index, source);
  const instants = new Map<Node, Instant>();
  const durations = new Map<Node, bigint>();
  const quote = (node: Node): string => {
    const text = source.slice(node.start, node.end);
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  };
  const fieldOf = (node: Node): FieldEntry | undefined => {
    const ref = refs.get(node);
    return ref?.kind === 'field' ? ref.field : undefined;
  };

  const staticType = (node: Node): StaticType | undefined => {
    const ref = refs.get(node);
    if (ref?.kind === 'field') return ref.field.def.kind === 'list' ? 'list' : ref.field.def.type;
    if (ref?.kind === 'enum') return 'enum';
    if (ref) return undefined;
    switch (node.op) {
      case 'value': {
        const v = node.args;
        if (v === null) return 'null';
        if (typeof v === 'string') return 'string';
        if (typeof v === 'bigint') return 'int';
        if (typeof v === 'number') return 'double';
        if (typeof v === 'boolean') return 'bool';
        return v instanceof Uint8Array ? 'bytes' : 'uint';
      }
      case '-_': {
        const inner = staticType(node.args);
        return inner === 'int' || inner === 'double' ? inner : undefined;
      }
      case 'list':
        return 'list';
      case 'map':
        return 'map';
      case 'call': {
        const [name, args] = node.args;
        if (args.length !== 1) return undefined;
        return name === 'timestamp' ? 'timestamp' : name === 'duration' ? 'duration' : name === 'size' ? 'int' : undefined;
      }
      default:
        return undefined;
    }
  };

  const readTimestamp = (node: Node, text: string): Instant => {
    const instant = parseTimestamp(text);
    if (!instant) {
      throw new QueryLanguageError(
        `${quote(node)} is not an RFC 3339 timestamp such as "2025-06-01T10:00:00Z"`,
        node.start,
      );
    }
    return instant;
  };

  /** `field op other` or `other in [field…]`: other must suit the field's type. */
  const checkOperand = (fieldNode: Node, field: FieldEntry, other: Node): void => {
    const type = staticType(other);
    if (type === undefined) return;
    const def = field.def;
    const fieldType = def.kind === 'list' ? 'list' : def.type;
    if (def.kind === 'scalar' && def.type === 'enum') {
      const values = def.enumValues ?? [];
      const literal = stringLiteral(other);
      if (literal !== undefined) {
        throw new QueryLanguageError(
          values.includes(literal)
            ? `enum values are written unquoted: use ${literal} instead of ${quote(other)}`
            : `${quote(fieldNode)} is an enum: compare it with an unquoted value such as ${values[1] ?? values[0]}, not ${quote(other)}`,
          other.start,
        );
      }
      const ref = refs.get(other);
      if (ref?.kind === 'enum' && !values.includes(ref.value.name)) {
        throw new QueryLanguageError(
          `${ref.value.name} is not a value of ${quote(fieldNode)}; expected one of ${values.join(', ')}`,
          other.start,
        );
      }
    }
    if (!COMPARABLE[fieldType].includes(type)) {
      throw new QueryLanguageError(
        `cannot compare ${quote(fieldNode)} (${describeField(def)}) with ${quote(other)} (${TYPE_NAMES[type]})`,
        other.start,
      );
    }
    const literal = stringLiteral(other);
    if (fieldType === 'timestamp' && literal !== undefined) instants.set(other, readTimestamp(other, literal));
  };

  const checkSizeArgument = (arg: Node): void => {
    const field = fieldOf(arg);
    if (field?.def.kind === 'scalar' && field.def.type !== 'string') {
      throw new QueryLanguageError(
        `size() needs a string or a list, but ${quote(arg)} is ${describeField(field.def)}`,
        arg.start,
      );
    }
  };

  const visit = (node: Node): void => {
    const ref = refs.get(node);
    if (ref?.kind === 'message') {
      throw new QueryLanguageError(
        `'${quote(node)}' is a message, not a value: select one of its fields (e.g. ${exampleField(index, ref.path)})`,
        node.pos,
      );
    }
    if (ref) return; // a name: nothing inside it to check
    const pattern = matchesPattern(node);
    if (pattern) checkPattern(pattern);
    const literal = stringLiteral(node);
    const unstorable = literal === undefined ? undefined : unstorableCharacter(literal);
    if (unstorable) throw new QueryLanguageError(`string literal ${unstorable.replace(/, found at.*/, '')}: no stored string holds one`, node.start);
    switch (node.op) {
      case 'call': {
        const [name, args] = node.args;
        const arg = args.length === 1 ? args[0]! : undefined;
        const argRef = arg && refs.get(arg);
        // has() of a field or message: presence, read by the emitters; nothing to check inside.
        if (name === 'has' && (argRef?.kind === 'field' || argRef?.kind === 'message')) return;
        const literal = arg && stringLiteral(arg);
        if (name === 'timestamp' && arg && literal !== undefined) instants.set(node, readTimestamp(arg, literal));
        if (name === 'duration' && arg && literal !== undefined) {
          const nanos = parseDuration(literal);
          if (nanos === undefined) {
            throw new QueryLanguageError(
              `${quote(arg)} is not a duration such as "90m", "1h30m" or "3600s"`,
              arg.start,
            );
          }
          durations.set(node, nanos);
        }
        if (name === 'size' && arg) checkSizeArgument(arg);
        break;
      }
      case 'rcall':
        if (node.args[0] === 'size' && node.args[2].length === 0) checkSizeArgument(node.args[1]);
        break;
      case 'in': {
        const [left, right] = node.args;
        const field = fieldOf(left);
        if (field && right.op === 'list') for (const element of right.args) checkOperand(left, field, element);
        const listField = fieldOf(right);
        const leftType = staticType(left);
        if (listField?.def.kind === 'list' && leftType !== undefined && leftType !== 'string') {
          throw new QueryLanguageError(
            `${quote(right)} holds strings, but ${quote(left)} is ${TYPE_NAMES[leftType]}`,
            left.start,
          );
        }
        break;
      }
      default:
        if (isComparison(node.op)) {
          const [left, right] = node.args as [Node, Node];
          const leftField = fieldOf(left);
          const rightField = fieldOf(right);
          if (leftField && !rightField) checkOperand(left, leftField, right);
          if (rightField && !leftField) checkOperand(right, rightField, left);
        }
    }
    for (const child of children(node)) visit(child);
  };

  visit(root);
  return { source, refs, instants, durations };
}

function exampleField(index: CatalogIndex, messagePath: string): string {
  const prefix = index.catalog.messageName;
  const inner = prefix !== undefined && (messagePath === prefix || messagePath.startsWith(`${prefix}.`))
    ? messagePath.slice(prefix.length + 1)
    : messagePath;
  const example = [...index.fields.keys()].find((path) => inner === '' || path.startsWith(`${inner}.`)) ?? '';
  return prefix !== undefined ? `${prefix}.${example}` : example;
}

/** A comparison of a timestamp field with a timestamp literal, or of a duration field with a
 * duration literal, written either way round; the emitters make these exact. */
export interface FieldLiteralComparison {
  field: FieldEntry;
  fieldNode: Node;
  /** The operator with the field on the left. */
  op: ComparisonOp;
  literal: { kind: 'instant'; instant: Instant } | { kind: 'duration'; nanos: bigint };
}

export function fieldLiteralComparison(node: Node, analysis: Analysis): FieldLiteralComparison | undefined {
  if (!isComparison(node.op)) return undefined;
  const [left, right] = node.args as [Node, Node];
  const sides: Array<[Node, Node, ComparisonOp]> = [
    [left, right, node.op],
    [right, left, flipComparison(node.op)],
  ];
  for (const [fieldNode, other, op] of sides) {
    const ref = analysis.refs.get(fieldNode);
    if (ref?.kind !== 'field' || ref.field.def.kind !== 'scalar') continue;
    const instant = analysis.instants.get(other);
    if (instant && ref.field.def.type === 'timestamp') return { field: ref.field, fieldNode, op, literal: { kind: 'instant', instant } };
    const nanos = analysis.durations.get(other);
    if (nanos !== undefined && ref.field.def.type === 'duration') return { field: ref.field, fieldNode, op, literal: { kind: 'duration', nanos } };
  }
  return undefined;
}
