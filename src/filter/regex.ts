/**
 * CEL's matches() on RE2 (re2js): CEL specifies RE2 syntax, and RE2 runs in time linear in the
 * input, so no pattern a client sends (`^(a+)+$`) can stall the server as a backtracking engine
 * would. Patterns written as literals are checked when the filter is compiled, so an invalid
 * one is a clear error with its position rather than a filter that silently selects nothing.
 */
import { RE2JS } from 're2js';
import type { Node } from './ast.js';
import { stringLiteral } from './ast.js';
import { QueryLanguageError } from './types.js';

/** Compiled patterns, most recently used last; bounded. */
const compiled = new Map<string, RE2JS>();
const MAX_COMPILED = 256;

interface RE2SyntaxError {
  error?: string;
  input?: string;
}

function compile(pattern: string): RE2JS {
  let regex = compiled.get(pattern);
  if (regex) {
    compiled.delete(pattern);
  } else {
    regex = RE2JS.compile(pattern);
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
  }
  compiled.set(pattern, regex);
  return regex;
}

/** CEL's `text.matches(pattern)`: true when the pattern matches any part of the text. */
export function re2Matches(text: string, pattern: string): boolean {
  return compile(pattern).matcher(text).find();
}

/** The pattern argument of a matches() call (either form), or undefined for any other node. */
export function matchesPattern(node: Node): Node | undefined {
  if (node.op === 'rcall' && node.args[0] === 'matches' && node.args[2].length === 1) return node.args[2][0];
  if (node.op === 'call' && node.args[0] === 'matches' && node.args[1].length === 2) return node.args[1][1];
  return undefined;
}

/** Refuses an invalid literal pattern, pointing at the offending part of it. */
export function checkPattern(patternNode: Node): void {
  const pattern = stringLiteral(patternNode);
  if (pattern === undefined) return;
  try {
    compile(pattern);
  } catch (error) {
    const { error: what = 'invalid pattern', input = '' } = error as RE2SyntaxError;
    const offset = Math.max(0, pattern.indexOf(input));
    throw new QueryLanguageError(
      `invalid regular expression '${pattern}': ${what}${input !== '' && input !== pattern ? ` at '${input}'` : ''} (RE2 syntax)`,
      patternNode.start + 1 + offset,
    );
  }
}
