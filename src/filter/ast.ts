/**
 * Helpers over the syntax tree that @marcbachmann/cel-js produces. The compiler works on that
 * tree directly (no copy): later stages keep what they learn about a node in maps keyed by the
 * node (see Analysis in check.ts).
 */
import type { ASTNode } from '@marcbachmann/cel-js';

export type Node = ASTNode;

const COMPARISON_OPS = ['==', '!=', '<', '<=', '>', '>='] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

export function isComparison(op: string): op is ComparisonOp {
  return (COMPARISON_OPS as readonly string[]).includes(op);
}

/** The comparison that holds when the operands are swapped (`5 < x` ⇔ `x > 5`). */
export function flipComparison(op: ComparisonOp): ComparisonOp {
  switch (op) {
    case '<':
      return '>';
    case '<=':
      return '>=';
    case '>':
      return '<';
    case '>=':
      return '<=';
    default:
      return op;
  }
}

/** Macros whose first argument declares an iteration variable for the remaining arguments. */
export const COMPREHENSION_MACROS: ReadonlySet<string> = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

/** The direct sub-expressions of a node, in source order. */
export function children(node: Node): Node[] {
  switch (node.op) {
    case 'value':
    case 'id':
      return [];
    case '.':
    case '.?':
      return [node.args[0]];
    case 'call':
      return node.args[1];
    case 'rcall':
      return [node.args[1], ...node.args[2]];
    case 'list':
      return node.args;
    case 'map':
      return node.args.flat();
    case '!_':
    case '-_':
      return [node.args];
    default:
      return node.args;
  }
}

/** The top-level conjuncts of `a && b && c` (a single expression is one conjunct). */
export function conjuncts(node: Node): Node[] {
  return node.op === '&&' ? [...conjuncts(node.args[0]), ...conjuncts(node.args[1])] : [node];
}

/**
 * Nesting depth of the tree, counting a chain of the same logical operator (`a && b && c`, the
 * usual shape of a long filter) as one level: such chains are flat in meaning.
 */
export function depth(node: Node): number {
  let deepest = 0;
  for (const child of children(node)) {
    const sameChain = (node.op === '&&' || node.op === '||') && child.op === node.op;
    deepest = Math.max(deepest, depth(child) - (sameChain ? 1 : 0));
  }
  return deepest + 1;
}

/** Every node of the tree, parents before children. */
export function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of children(node)) yield* walk(child);
}

/** A string literal's value, or undefined. */
export function stringLiteral(node: Node): string | undefined {
  return node.op === 'value' && typeof node.args === 'string' ? node.args : undefined;
}
