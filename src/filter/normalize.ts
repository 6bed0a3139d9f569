/**
 * Stage 1: the real-client keyword forms. Clients of the ESET API send `AND`, `OR` and `NOT` in
 * place of CEL's `&&`, `||` and `!` (AIP-160 habits). They are rewritten here, in the text,
 * before the CEL parser sees it.
 *
 * Each keyword is replaced by a string of the SAME LENGTH (`AND`→`&& `, `OR`→`||`,
 * `NOT`→`!  `), so every offset the parser reports is an offset into the original input.
 * Only whole, uppercase words outside string literals and comments are rewritten, and not
 * after a `.` (there it would be a field name): `"AND"`, `display_name`, `ANDROID` and
 * `incident.OR` stay intact.
 */

import { children, type Node } from './ast.js';

const REPLACEMENTS: Readonly<Record<string, string>> = { AND: '&& ', OR: '||', NOT: '!  ' };

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9_]/.test(ch);

export function normalizeKeywords(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' || ch === "'") {
      const end = stringEnd(text, i, isRawPrefix(text, i));
      out += text.slice(i, end);
      i = end;
    } else if (ch === '/' && text[i + 1] === '/') {
      const newline = text.indexOf('\n', i);
      const end = newline === -1 ? text.length : newline;
      out += text.slice(i, end);
      i = end;
    } else if (isWordChar(ch)) {
      let end = i;
      while (isWordChar(text[end])) end++;
      const word = text.slice(i, end);
      const replacement = REPLACEMENTS[word];
      out += replacement !== undefined && previousNonSpace(text, i) !== '.' ? replacement : word;
      i = end;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** A quote preceded by a lone `r`/`R` starts a raw string (no escapes). */
function isRawPrefix(text: string, quote: number): boolean {
  const prefix = text[quote - 1];
  return (prefix === 'r' || prefix === 'R') && !isWordChar(text[quote - 2]);
}

/** Offset just past the string literal that starts at `start` (or the end of the text). */
function stringEnd(text: string, start: number, raw: boolean): number {
  const quote = text[start]!;
  const triple = text.startsWith(quote.repeat(3), start);
  const closing = triple ? quote.repeat(3) : quote;
  let i = start + closing.length;
  while (i < text.length) {
    if (!raw && text[i] === '\\') {
      i += 2;
      continue;
    }
    if (text.startsWith(closing, i)) return i + closing.length;
    if (!triple && (text[i] === '\n' || text[i] === '\r')) return i;
    i++;
  }
  return text.length;
}

function previousNonSpace(text: string, before: number): string | undefined {
  let i = before - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return i >= 0 ? text[i] : undefined;
}

/** Operators that bind tighter than `&&` / `||`: in AIP-160 a NOT covers all of them. */
const RELATION_OPS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=', 'in', '+', '-', '*', '/', '%']);

interface MutableNode {
  op: string;
  args: unknown;
  pos: number;
  start: number;
  end: number;
}

/**
 * The precedence of the `NOT` keyword. After the text rewrite, `NOT status == X` parses as CEL
 * `(!status) == X`, but a client writing the AIP-160 keyword means `!(status == X)`. For each
 * relation whose leftmost operand is a `!` that was written `NOT`, the negation is moved up to
 * cover the whole relation. The tree is changed in place: it is the compiler's own copy (the
 * cel-js program it came from is never evaluated), and positions stay those of the input.
 * A `!` written as `!` keeps CEL's meaning.
 */
export function applyNotKeywordPrecedence(root: Node, original: string): void {
  const visit = (node: Node): void => {
    if (RELATION_OPS.has(node.op)) hoistNot(node as unknown as MutableNode, original);
    for (const child of children(node)) visit(child);
  };
  visit(root);
}

function hoistNot(top: MutableNode, original: string): void {
  const path: MutableNode[] = [top];
  let leftmost = (top.args as MutableNode[])[0]!;
  while (RELATION_OPS.has(leftmost.op)) {
    path.push(leftmost);
    leftmost = (leftmost.args as MutableNode[])[0]!;
  }
  if (leftmost.op !== '!_' || !original.startsWith('NOT', leftmost.pos)) return;
  const negation = leftmost;
  const keywordAt = negation.pos;
  const operand = negation.args as MutableNode;
  (path.at(-1)!.args as MutableNode[])[0] = operand;
  for (const node of path) node.start = node.pos = operand.start;
  // The NOT node becomes the relation, and the relation's node becomes the NOT.
  Object.assign(negation, { op: top.op, args: top.args, start: operand.start, pos: operand.start, end: top.end });
  Object.assign(top, { op: '!_', args: negation, start: keywordAt, pos: keywordAt });
}
