/**
 * Stage 4b: an expression as an SQLite condition, when it can be one. Returns null for anything
 * it does not translate; the caller then leaves that part to the in-process evaluator, so a
 * missing case here costs speed, never correctness.
 *
 * Column SQL comes only from the catalog; every value is a `?` parameter.
 *
 * NULL is how a missing value (an unset duration) behaves: SQL's three-valued logic on NULL is
 * the same as CEL's logic on an error (`NULL AND false` = false, `NULL OR true` = true,
 * `NOT NULL` = NULL, and a row matches only when the result is true), and the in-process
 * evaluator treats an unset duration as an error (residual.ts). A comparison with an unset
 * duration therefore never matches, even negated, in both stages.
 */
import { flipComparison, isComparison, stringLiteral, type ComparisonOp, type Node } from './ast.js';
import { fieldLiteralComparison, type Analysis, type FieldLiteralComparison } from './check.js';
import { exactComparison, splitUnits } from './literals.js';
import { presenceSql } from './presence.js';
import type { FieldCatalog, ListField } from './types.js';

export interface SqlCondition {
  sql: string;
  params: Array<string | number>;
  /** May be NULL for some rows (it reads a nullable column). */
  nullable: boolean;
}

type ColumnType = 'string' | 'number' | 'timestamp' | 'duration';
type Operand =
  | { kind: 'column'; sql: string; type: ColumnType; nullable: boolean }
  | { kind: 'param'; value: string | number };

/** Iteration variables in scope → the SQL of the element column they stand for. */
type Scope = ReadonlyMap<string, string>;

const SQL_OPERATORS: Readonly<Record<ComparisonOp, string>> = {
  '==': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

const NANOS_PER_SECOND = 1_000_000_000n;

export function toSqlCondition(node: Node, analysis: Analysis, catalog: FieldCatalog): SqlCondition | null {
  return new SqlTranslator(analysis, catalog).condition(node, new Map());
}

const constant = (truth: boolean): SqlCondition => ({ sql: truth ? '1' : '0', params: [], nullable: false });

/** A constant that stays NULL where the column is NULL (`x = x` / `x <> x`). */
const constantFor = (column: string, nullable: boolean, truth: boolean): SqlCondition =>
  nullable ? { sql: `(${column} ${truth ? '=' : '<>'} ${column})`, params: [], nullable } : constant(truth);

class SqlTranslator {
  private aliases = 0;

  constructor(
    private readonly analysis: Analysis,
    private readonly catalog: FieldCatalog,
  ) {}

  condition(node: Node, scope: Scope): SqlCondition | null {
    switch (node.op) {
      case '&&':
      case '||': {
        const left = this.condition(node.args[0], scope);
        const right = left && this.condition(node.args[1], scope);
        if (!left || !right) return null;
        return {
          sql: `(${left.sql} ${node.op === '&&' ? 'AND' : 'OR'} ${right.sql})`,
          params: [...left.params, ...right.params],
          nullable: left.nullable || right.nullable,
        };
      }
      case '!_': {
        const inner = this.condition(node.args, scope);
        return inner && { ...inner, sql: `NOT (${inner.sql})` };
      }
      case 'value':
        return typeof node.args === 'boolean' ? constant(node.args) : null;
      case 'in':
        return this.membership(node.args[0], node.args[1], scope);
      case 'call':
        return this.presence(node);
      case 'rcall':
        return this.stringFunction(node, scope) ?? this.comprehension(node, scope);
      default:
        return isComparison(node.op) ? this.comparison(node, node.op, scope) : null;
    }
  }

  private comparison(node: Node, op: ComparisonOp, scope: Scope): SqlCondition | null {
    const [leftNode, rightNode] = node.args as [Node, Node];
    // `has(x) == false`, `(a || b) != true`
    for (const [side, other] of [
      [leftNode, rightNode],
      [rightNode, leftNode],
    ] as const) {
      if (other.op === 'value' && typeof other.args === 'boolean' && (op === '==' || op === '!=')) {
        const inner = this.condition(side, scope);
        if (!inner) return null;
        return (op === '==') === other.args ? inner : { ...inner, sql: `NOT (${inner.sql})` };
      }
    }
    const exact = fieldLiteralComparison(node, this.analysis);
    if (exact) return this.exactComparison(exact);

    let left = this.operand(leftNode, scope);
    let right = this.operand(rightNode, scope);
    if (!left || !right) return null;
    if (left.kind === 'param' && right.kind === 'column') {
      [left, right] = [right, left];
      op = flipComparison(op);
    }
    if (left.kind !== 'column') return null;
    if (right.kind === 'column') {
      if (right.type !== left.type) return null;
      return { sql: `${left.sql} ${SQL_OPERATORS[op]} ${right.sql}`, params: [], nullable: left.nullable || right.nullable };
    }
    if (!paramFits(left.type, right.value)) return null;
    return { sql: `${left.sql} ${SQL_OPERATORS[op]} ?`, params: [right.value], nullable: left.nullable };
  }

  /** Timestamp (ms) or duration (s) column against a literal that may carry a finer remainder. */
  private exactComparison({ field, op, literal }: FieldLiteralComparison): SqlCondition | null {
    if (field.def.kind !== 'scalar') return null;
    const { column, nullable = false } = field.def;
    const { whole, exact } =
      literal.kind === 'instant'
        ? { whole: literal.instant.ms, exact: literal.instant.subMsNanos === 0 }
        : splitUnits(literal.nanos, NANOS_PER_SECOND);
    const rewritten = exactComparison(op, whole, exact);
    if ('constant' in rewritten) return constantFor(column, nullable, rewritten.constant);
    return { sql: `${column} ${SQL_OPERATORS[rewritten.op]} ?`, params: [rewritten.value], nullable };
  }

  private membership(leftNode: Node, rightNode: Node, scope: Scope): SqlCondition | null {
    const listRef = this.analysis.refs.get(rightNode);
    if (listRef?.kind === 'field' && listRef.field.def.kind === 'list') {
      return this.listContains(listRef.field.def, this.operand(leftNode, scope));
    }
    if (rightNode.op !== 'list') return null;
    const left = this.operand(leftNode, scope);
    if (left?.kind !== 'column') return null;
    const values: Array<string | number> = [];
    for (const element of rightNode.args) {
      const value = this.inValue(left.type, element, scope);
      if (value === null) return null;
      if (value !== undefined) values.push(value);
    }
    if (values.length === 0) return constantFor(left.sql, left.nullable, false);
    return { sql: `${left.sql} IN (${values.map(() => '?').join(', ')})`, params: values, nullable: left.nullable };
  }

  /** An element of `x in [...]` as a parameter; undefined when it can never be equal (a
   * literal finer than the column's unit); null when it is not translatable. */
  private inValue(type: ColumnType, element: Node, scope: Scope): string | number | undefined | null {
    const instant = this.analysis.instants.get(element);
    if (type === 'timestamp') return instant ? (instant.subMsNanos === 0 ? instant.ms : undefined) : null;
    const nanos = this.analysis.durations.get(element);
    if (type === 'duration') {
      if (nanos === undefined) return null;
      const { whole, exact } = splitUnits(nanos, NANOS_PER_SECOND);
      return exact ? whole : undefined;
    }
    const operand = this.operand(element, scope);
    return operand?.kind === 'param' && paramFits(type, operand.value) ? operand.value : null;
  }

  /** `value in list_field`, through the list's membership side table. */
  private listContains(list: ListField, left: Operand | null): SqlCondition | null {
    const { table, valueColumn, rowIdColumn } = list.membership;
    if (left?.kind === 'param' && typeof left.value === 'string') {
      return {
        sql: `${this.catalog.rowId} IN (SELECT ${rowIdColumn} FROM ${table} WHERE ${valueColumn} = ?)`,
        params: [left.value],
        nullable: false,
      };
    }
    if (left?.kind === 'column' && left.type === 'string') {
      const alias = this.alias();
      return {
        sql: `EXISTS (SELECT 1 FROM ${table} AS ${alias} WHERE ${alias}.${rowIdColumn} = ${this.catalog.rowId} AND ${alias}.${valueColumn} = ${left.sql})`,
        params: [],
        nullable: left.nullable,
      };
    }
    return null;
  }

  private presence(node: Node): SqlCondition | null {
    if (node.op !== 'call' || node.args[0] !== 'has' || node.args[1].length !== 1) return null;
    const ref = this.analysis.refs.get(node.args[1][0]!);
    if (ref?.kind === 'message') return constant(true);
    return ref?.kind === 'field' ? { sql: presenceSql(ref.field.def), params: [], nullable: false } : null;
  }

  /** contains / startsWith / endsWith: character comparisons, not LIKE, so `%` and `_` are
   * ordinary characters. SQLite counts TEXT length in characters, as CEL does. */
  private stringFunction(node: Node, scope: Scope): SqlCondition | null {
    if (node.op !== 'rcall' || node.args[2].length !== 1) return null;
    const [name, receiverNode, [argNode]] = node.args;
    if (name !== 'contains' && name !== 'startsWith' && name !== 'endsWith') return null;
    const receiver = this.operand(receiverNode, scope);
    if (receiver?.kind !== 'column' || receiver.type !== 'string') return null;
    const text = stringLiteral(argNode!);
    const nullable = receiver.nullable;
    if (text === undefined) {
      const arg = this.operand(argNode!, scope);
      if (name !== 'contains' || arg?.kind !== 'column' || arg.type !== 'string') return null;
      return { sql: `instr(${receiver.sql}, ${arg.sql}) > 0`, params: [], nullable: nullable || arg.nullable };
    }
    const length = [...text].length;
    if (name === 'contains') return { sql: `instr(${receiver.sql}, ?) > 0`, params: [text], nullable };
    if (length === 0) return constantFor(receiver.sql, nullable, true);
    return name === 'startsWith'
      ? { sql: `substr(${receiver.sql}, 1, ?) = ?`, params: [length, text], nullable }
      : { sql: `substr(${receiver.sql}, ?) = ?`, params: [-length, text], nullable };
  }

  /** `list.exists(x, p)` / `list.all(x, p)` over a list field, with p in SQL over the side
   * table's element column. Only when p is never NULL: SQL's EXISTS would read NULL as false,
   * where CEL would carry the error. */
  private comprehension(node: Node, scope: Scope): SqlCondition | null {
    if (node.op !== 'rcall' || node.args[2].length !== 2) return null;
    const [name, receiverNode, [variable, predicate]] = node.args;
    if ((name !== 'exists' && name !== 'all') || variable?.op !== 'id' || !predicate) return null;
    const ref = this.analysis.refs.get(receiverNode);
    if (ref?.kind !== 'field' || ref.field.def.kind !== 'list') return null;
    const { table, valueColumn, rowIdColumn } = ref.field.def.membership;
    const alias = this.alias();
    const inner = this.condition(predicate, new Map(scope).set(variable.args, `${alias}.${valueColumn}`));
    if (!inner || inner.nullable) return null;
    const rows = `SELECT 1 FROM ${table} AS ${alias} WHERE ${alias}.${rowIdColumn} = ${this.catalog.rowId}`;
    return name === 'exists'
      ? { sql: `EXISTS (${rows} AND ${inner.sql})`, params: inner.params, nullable: false }
      : { sql: `NOT EXISTS (${rows} AND NOT (${inner.sql}))`, params: inner.params, nullable: false };
  }

  private operand(node: Node, scope: Scope): Operand | null {
    const ref = this.analysis.refs.get(node);
    if (ref?.kind === 'field') {
      const def = ref.field.def;
      if (def.kind !== 'scalar') return null;
      const type: ColumnType = def.type === 'int' || def.type === 'enum' ? 'number' : def.type;
      return { kind: 'column', sql: def.column, type, nullable: def.nullable ?? false };
    }
    if (ref?.kind === 'iteration') {
      const column = scope.get(ref.name);
      return column === undefined ? null : { kind: 'column', sql: column, type: 'string', nullable: false };
    }
    if (ref?.kind === 'enum') return { kind: 'param', value: ref.value.number };
    if (ref) return null;
    switch (node.op) {
      case 'value':
        return paramOf(node.args);
      case '-_': {
        const inner = node.args.op === 'value' ? paramOf(node.args.args) : null;
        return inner && typeof inner.value === 'number' ? { kind: 'param', value: -inner.value } : null;
      }
      case 'call':
        return node.args[0] === 'size' && node.args[1].length === 1 ? this.size(node.args[1][0]!, scope) : null;
      case 'rcall':
        return node.args[0] === 'size' && node.args[2].length === 0 ? this.size(node.args[1], scope) : null;
      default:
        return null;
    }
  }

  /** size() of a list field (its count column) or of a string (characters). */
  private size(node: Node, scope: Scope): Operand | null {
    const ref = this.analysis.refs.get(node);
    if (ref?.kind === 'field' && ref.field.def.kind === 'list') {
      return { kind: 'column', sql: ref.field.def.countColumn, type: 'number', nullable: false };
    }
    const operand = this.operand(node, scope);
    if (operand?.kind !== 'column' || operand.type !== 'string') return null;
    return { kind: 'column', sql: `length(${operand.sql})`, type: 'number', nullable: operand.nullable };
  }

  private alias(): string {
    return `m${++this.aliases}`;
  }
}

/** A literal as a parameter: strings, and numbers a double holds exactly. */
function paramOf(value: unknown): { kind: 'param'; value: string | number } | null {
  if (typeof value === 'string') return { kind: 'param', value };
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? { kind: 'param', value: Number(value) } : null;
  if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'param', value };
  return null;
}

function paramFits(type: ColumnType, value: string | number): boolean {
  return type === 'string' ? typeof value === 'string' : type === 'number' && typeof value === 'number';
}
