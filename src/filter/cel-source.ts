/**
 * Stage 4a: the expression rewritten as canonical CEL, for cel-js to type-check (the whole
 * filter) and to evaluate (the parts SQL cannot express, see residual.ts).
 *
 * Why generate text rather than hand cel-js the client's text: the client's text leans on
 * readings that plain CEL does not have. Here every one of them becomes ordinary CEL:
 *   - a field, however written (`incident.displayName`, `display_name`), becomes one typed
 *     variable (`__v1`), so cel-js checks its real type;
 *   - `has(field)` becomes a bool variable (`__h1`) computed with proto3 presence rules
 *     (presence.ts), which a plain object could not express;
 *   - an enum value becomes its protobuf number;
 *   - a timestamp literal, or a plain string compared with a timestamp field, becomes
 *     `timestamp("<ms ISO>")`; a comparison with a sub-millisecond literal is rewritten to its
 *     exact millisecond equivalent (literals.ts), as in SQL;
 *   - a duration literal becomes `duration("<n>ns")`.
 * Every compound expression is parenthesised, and a map from generated offsets back to original
 * offsets lets a type error found by cel-js be reported where the client wrote it.
 */
import { formatInstantMs, exactComparison } from './literals.js';
import { fieldLiteralComparison, type Analysis } from './check.js';
import { walk, type Node } from './ast.js';

export interface CelSource {
  text: string;
  /** [generated offset, original offset], in generated order. */
  entries: Array<[number, number]>;
}

/** Names of the generated variables: a prefix no identifier in the filter starts with. */
export class VariableNames {
  constructor(readonly prefix: string) {}

  static for(root: Node): VariableNames {
    const identifiers = [...walk(root)].flatMap((n) => (n.op === 'id' ? [n.args] : []));
    let prefix = '__';
    while (identifiers.some((id) => id.startsWith(prefix))) prefix += '_';
    return new VariableNames(prefix);
  }

  value(fieldIndex: number): string {
    return `${this.prefix}v${fieldIndex}`;
  }

  presence(fieldIndex: number): string {
    return `${this.prefix}h${fieldIndex}`;
  }

  /** String order by code point (environment.ts): cel-js compares UTF-16 units, CEL and SQLite code points. */
  get compare(): string {
    return `${this.prefix}cmp`;
  }

  /** The RE2 implementation of matches() (environment.ts), which cel-js's own cannot be replaced by. */
  get matches(): string {
    return `${this.prefix}matches`;
  }
}

export function toCelSource(node: Node, analysis: Analysis, names: VariableNames): CelSource {
  const out: CelSource = { text: '', entries: [] };
  const write = (text: string): void => {
    out.text += text;
  };
  const mark = (original: number): void => {
    out.entries.push([out.text.length, original]);
  };
  const list = (nodes: readonly Node[]): void =>
    nodes.forEach((n, i) => {
      if (i > 0) write(', ');
      emit(n);
    });

  const emit = (node: Node): void => {
    mark(node.start);
    const ref = analysis.refs.get(node);
    if (ref) {
      if (ref.kind === 'field') write(names.value(ref.field.index));
      else if (ref.kind === 'enum') write(String(ref.value.number));
      else if (ref.kind === 'message') throw new Error(`internal: message ${ref.path} reached the CEL emitter`);
      else write(ref.name);
      return;
    }
    const instant = analysis.instants.get(node);
    if (instant) return write(`timestamp("${formatInstantMs(instant.ms)}")`);
    const nanos = analysis.durations.get(node);
    if (nanos !== undefined) return write(`duration("${nanos}ns")`);

    const exact = fieldLiteralComparison(node, analysis);
    if (exact?.literal.kind === 'instant') {
      const { instant: lit } = exact.literal;
      const rewritten = exactComparison(exact.op, lit.ms, lit.subMsNanos === 0);
      const variable = names.value(exact.field.index);
      if ('constant' in rewritten) {
        // A nullable field keeps CEL's error (absent value) semantics: `x == x` / `x != x`.
        if (exact.field.def.kind === 'scalar' && exact.field.def.nullable) {
          return write(`(${variable} ${rewritten.constant ? '==' : '!='} ${variable})`);
        }
        return write(String(rewritten.constant));
      }
      return write(`(${variable} ${rewritten.op} timestamp("${formatInstantMs(rewritten.value)}"))`);
    }

    switch (node.op) {
      case 'value':
        return write(celLiteral(node.args));
      case 'id':
        return write(node.args);
      case '.':
      case '.?':
        emit(node.args[0]);
        write(node.op);
        mark(node.pos);
        return write(node.args[1]);
      case '[]':
      case '[?]':
        emit(node.args[0]);
        write(node.op === '[]' ? '[' : '[?');
        emit(node.args[1]);
        return write(']');
      case 'call': {
        const [name, args] = node.args;
        const argRef = args.length === 1 ? analysis.refs.get(args[0]!) : undefined;
        if (name === 'has' && argRef?.kind === 'field') return write(names.presence(argRef.field.index));
        if (name === 'has' && argRef?.kind === 'message') return write('true');
        if (name === 'matches' && args.length === 2) {
          emit(args[0]!);
          write(`.${names.matches}(`);
          emit(args[1]!);
          return write(')');
        }
        write(`${name}(`);
        list(args);
        return write(')');
      }
      case 'rcall': {
        const [name, receiver, args] = node.args;
        emit(receiver);
        write(`.${name === 'matches' ? names.matches : name}(`);
        list(args);
        return write(')');
      }
      case 'list':
        write('[');
        list(node.args);
        return write(']');
      case 'map':
        write('{');
        node.args.forEach(([key, value], i) => {
          if (i > 0) write(', ');
          emit(key);
          write(': ');
          emit(value);
        });
        return write('}');
      case '?:':
        write('(');
        emit(node.args[0]);
        write(' ? ');
        emit(node.args[1]);
        write(' : ');
        emit(node.args[2]);
        return write(')');
      case '!_':
      case '-_':
        write(`(${node.op[0]}`);
        emit(node.args);
        return write(')');
      default:
        if (node.op === 'in' && node.args[1].op === 'list') {
          // Equality with a sub-millisecond timestamp literal can never hold: drop such elements
          // (the SQL stage does the same) rather than compare them rounded.
          const elements = node.args[1].args.filter((e) => !analysis.instants.get(e)?.subMsNanos);
          write('(');
          emit(node.args[0]);
          write(' in [');
          list(elements);
          return write('])');
        }
        if (ORDERINGS.has(node.op) && isStringTyped(node.args[0], analysis) && isStringTyped(node.args[1], analysis)) {
          write(`(${names.compare}(`);
          emit(node.args[0]);
          write(', ');
          emit(node.args[1]);
          return write(`) ${node.op} 0)`);
        }
        write('(');
        emit(node.args[0]);
        write(` ${node.op} `);
        emit(node.args[1]);
        return write(')');
    }
  };

  emit(node);
  return out;
}

const ORDERINGS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=']);

/** A string field, a string literal, or an iteration variable (list fields hold strings). */
function isStringTyped(node: Node, analysis: Analysis): boolean {
  const ref = analysis.refs.get(node);
  if (ref?.kind === 'field') return ref.field.def.kind === 'scalar' && ref.field.def.type === 'string';
  if (ref?.kind === 'iteration') return true;
  return !ref && node.op === 'value' && typeof node.args === 'string' && !analysis.instants.has(node);
}

/** The original offset of a generated offset: the nearest mark at or before it. */
export function originalOffset(source: CelSource, generated: number): number {
  let found = source.entries[0]?.[1] ?? 0;
  for (const [gen, orig] of source.entries) {
    if (gen > generated) break;
    found = orig;
  }
  return found;
}

/** A literal value written so that cel-js reads back the same value and type. */
function celLiteral(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return celString(value);
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'number': {
      const text = String(value);
      return /[.eE]/.test(text) ? text : `${text}.0`;
    }
  }
  if (value instanceof Uint8Array) {
    return `b"${[...value].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('')}"`;
  }
  return `${String(value)}u`; // UnsignedInt
}

function celString(value: string): string {
  let out = '"';
  for (const ch of value) {
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
