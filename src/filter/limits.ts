/**
 * Hard limits of the filter language. ESET documents the 200 characters; the others are ours,
 * chosen so that every realistic filter that fits in 200 characters passes (a long chain of
 * `a == 1 && b == 2 && …` is about 130 AST nodes, real filters nest 3 to 8 levels) while
 * pathological input (`((((…))))`, `!!!!…x`, `[1,1,1,…]`) fails early with a clear error.
 */
export const FILTER_LIMITS = {
  /** Characters in a filter (ESET's documented maximum). */
  maxLength: 200,
  /** Nesting levels: parentheses, calls and selections as the parser counts them, and the
   * depth of the syntax tree with `&&` / `||` chains counted as one level. */
  maxDepth: 24,
  /** Syntax tree nodes (each name, literal and operator is one). */
  maxAstNodes: 160,
  /** Elements of one list literal (`uuid in [...]`). */
  maxListElements: 64,
  /** Arguments of one call. */
  maxCallArguments: 8,
  /** Entries of one map literal. */
  maxMapEntries: 16,
} as const;

/** Characters in an orderBy value. */
export const ORDER_BY_MAX_LENGTH = 100;

/**
 * What the in-process stage (residual.ts) may spend on one request: the rows it examines and
 * the time it takes. RE2 keeps each row linear, but a filter that SQL cannot narrow still walks
 * the whole table; beyond either bound the request is refused with a clear 400 rather than left
 * to hold up every other request of the process.
 */
export const RESIDUAL_BUDGET = { rows: 250_000, ms: 2_000 } as const;
