/**
 * Stage 2: the CEL parser (@marcbachmann/cel-js), held to FILTER_LIMITS, with its errors turned
 * into QueryLanguageErrors that quote the original text. The input is the keyword-normalized
 * text (normalize.ts), whose offsets equal the original's.
 */
import { Environment, ParseError } from '@marcbachmann/cel-js';
import { children, depth, type Node } from './ast.js';
import { FILTER_LIMITS } from './limits.js';
import { QueryLanguageError } from './types.js';

const parser = new Environment({
  unlistedVariablesAreDyn: true,
  limits: {
    maxDepth: FILTER_LIMITS.maxDepth,
    maxAstNodes: FILTER_LIMITS.maxAstNodes,
    maxListElements: FILTER_LIMITS.maxListElements,
    maxCallArguments: FILTER_LIMITS.maxCallArguments,
    maxMapEntries: FILTER_LIMITS.maxMapEntries,
  },
});

const LIMIT_MESSAGES: Readonly<Record<string, string>> = {
  maxDepth: `filter is nested too deeply (more than ${FILTER_LIMITS.maxDepth} levels)`,
  maxAstNodes: `filter is too complex (more than ${FILTER_LIMITS.maxAstNodes} terms)`,
  maxListElements: `list has more than ${FILTER_LIMITS.maxListElements} elements`,
  maxCallArguments: `call has more than ${FILTER_LIMITS.maxCallArguments} arguments`,
  maxMapEntries: `map has more than ${FILTER_LIMITS.maxMapEntries} entries`,
};

/** cel-js names tokens by kind; clients should see what they typed. */
const TOKEN_NAMES: Readonly<Record<string, string>> = {
  EOF: 'end of filter',
  NUMBER: 'a number',
  STRING: 'a string',
  BYTES: 'bytes',
  BOOLEAN: 'a boolean',
  NULL: 'null',
  IDENTIFIER: 'a name',
  PLUS: "'+'",
  MINUS: "'-'",
  MULTIPLY: "'*'",
  DIVIDE: "'/'",
  MODULO: "'%'",
  EQ: "'=='",
  NE: "'!='",
  LT: "'<'",
  LE: "'<='",
  GT: "'>'",
  GE: "'>='",
  AND: "'&&'",
  OR: "'||'",
  NOT: "'!'",
  IN: "'in'",
  LPAREN: "'('",
  RPAREN: "')'",
  LBRACKET: "'['",
  RBRACKET: "']'",
  LBRACE: "'{'",
  RBRACE: "'}'",
  DOT: "'.'",
  COMMA: "','",
  COLON: "':'",
  QUESTION: "'?'",
};

export function parseFilter(normalized: string, original: string): Node {
  let root: Node;
  try {
    root = parser.parse(normalized).ast;
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    throw toQueryLanguageError(error, original);
  }
  if (depth(root) > FILTER_LIMITS.maxDepth) {
    throw new QueryLanguageError(LIMIT_MESSAGES.maxDepth!, deepestStart(root));
  }
  return root;
}

function toQueryLanguageError(error: ParseError, original: string): QueryLanguageError {
  const position = error.range?.start ?? error.node?.pos ?? 0;
  const limit = /^Exceeded (\w+)/.exec(error.summary)?.[1];
  if (error.code === 'limit_exceeded' && limit && LIMIT_MESSAGES[limit]) {
    return new QueryLanguageError(LIMIT_MESSAGES[limit], position);
  }
  const summary = error.summary
    .replace(/\b[A-Z]+\b/g, (word) => TOKEN_NAMES[word] ?? word)
    .replace(/^[A-Z]/, (first) => first.toLowerCase());
  return new QueryLanguageError(`syntax error at ${tokenAt(original, position)}: ${summary}`, position);
}

/** The token at an offset, quoted, for messages. */
export function tokenAt(text: string, position: number): string {
  if (position >= text.length) return 'end of filter';
  const rest = text.slice(position);
  const token =
    /^("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*|\d[\w.]*|&&|\|\||[=!<>]=|\S)/.exec(rest)?.[0] ?? rest[0]!;
  return `'${token.length > 40 ? `${token.slice(0, 37)}...` : token}'`;
}

/** Where nesting first goes past the limit, following the deepest branch. */
function deepestStart(root: Node): number {
  let node = root;
  let level = 1;
  while (level <= FILTER_LIMITS.maxDepth) {
    const next = children(node).reduce<Node | undefined>((a, b) => (a && depth(a) >= depth(b) ? a : b), undefined);
    if (!next) break;
    if (!((node.op === '&&' || node.op === '||') && next.op === node.op)) level++;
    node = next;
  }
  return node.start;
}
