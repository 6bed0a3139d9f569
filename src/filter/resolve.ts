/**
 * Stage 3a: what every name in the expression refers to. A name is, in this order: an
 * iteration variable of an enclosing `exists`/`all`/… (or `cel.bind`), a catalog field (bare or
 * under the message name, snake_case or lowerCamelCase), a message (`incident`,
 * `incident.metrics`), an enum value (`INCIDENT_STATUS_OPEN`), or one of CEL's global names
 * (type names such as `int`, the `cel` namespace). Anything else is an unknown field, reported
 * where it was written.
 */
import { COMPREHENSION_MACROS, children, type Node } from './ast.js';
import { matchPath, type CatalogIndex, type EnumEntry, type FieldEntry } from './fields.js';
import { QueryLanguageError } from './types.js';

export type Ref =
  | { kind: 'field'; field: FieldEntry }
  | { kind: 'message'; path: string }
  | { kind: 'enum'; value: EnumEntry }
  | { kind: 'iteration'; name: string }
  | { kind: 'global'; name: string };

/** CEL's predeclared identifiers that may appear in a valid expression. */
const GLOBAL_NAMES: ReadonlySet<string> = new Set([
  'int',
  'uint',
  'double',
  'bool',
  'string',
  'bytes',
  'list',
  'map',
  'null_type',
  'type',
  'dyn',
  'google',
  'cel',
]);

export function resolveNames(root: Node, index: CatalogIndex, source: string): Map<Node, Ref> {
  const refs = new Map<Node, Ref>();

  const visit = (node: Node, scope: ReadonlySet<string>): void => {
    if (node.op === 'id' || node.op === '.') {
      if (resolveChain(node, scope)) return;
    } else if (node.op === 'rcall') {
      const [name, receiver, args] = node.args;
      const declared = args[0]?.op === 'id' ? args[0].args : undefined;
      if (declared !== undefined && COMPREHENSION_MACROS.has(name) && args.length >= 2) {
        visit(receiver, scope);
        const inner = new Set(scope).add(declared);
        for (const arg of args.slice(1)) visit(arg, inner);
        return;
      }
      if (declared !== undefined && name === 'bind' && args.length === 3 && isGlobalCel(receiver, scope)) {
        refs.set(receiver, { kind: 'global', name: 'cel' });
        visit(args[1]!, scope);
        visit(args[2]!, new Set(scope).add(declared));
        return;
      }
    }
    for (const child of children(node)) visit(child, scope);
  };

  const isGlobalCel = (node: Node, scope: ReadonlySet<string>): boolean =>
    node.op === 'id' && node.args === 'cel' && !scope.has('cel');

  /** Resolves `a.b.c` rooted at an identifier; false when the chain has another root. */
  const resolveChain = (outer: Node, scope: ReadonlySet<string>): boolean => {
    const nodes: Node[] = [];
    let node = outer;
    while (node.op === '.') {
      nodes.unshift(node);
      node = node.args[0];
    }
    if (node.op !== 'id') return false;
    nodes.unshift(node);
    const segments = nodes.map((n) => (n.op === 'id' ? n.args : n.op === '.' ? n.args[1] : ''));
    const root = segments[0]!;

    if (scope.has(root)) {
      refs.set(node, { kind: 'iteration', name: root });
      return true;
    }
    const match = matchPath(index, segments);
    if (match.kind === 'field') {
      refs.set(nodes[match.used - 1]!, { kind: 'field', field: match.entry });
      return true;
    }
    if (match.kind === 'message') {
      refs.set(outer, { kind: 'message', path: match.path });
      return true;
    }
    if (match.at === 0) {
      const enumValue = index.enumValues.get(root);
      if (enumValue) {
        refs.set(node, { kind: 'enum', value: enumValue });
        return true;
      }
      if (GLOBAL_NAMES.has(root)) {
        refs.set(node, { kind: 'global', name: root });
        return true;
      }
    }
    const culprit = nodes[match.at]!;
    const written = source.slice(node.start, culprit.end);
    const what = match.at === 0 && /^[A-Z][A-Z0-9_]*$/.test(root) ? 'unknown enum value' : 'unknown field';
    throw new QueryLanguageError(`${what} '${written}'`, culprit.pos);
  };

  visit(root, new Set());
  return refs;
}
