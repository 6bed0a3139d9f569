/**
 * compileFilter: the stages in order.
 *   1. normalize.ts  real-client keywords (AND/OR/NOT), offsets preserved
 *   2. parse.ts      CEL syntax (cel-js), length / depth / size limits
 *   3. check.ts      names resolved against the catalog (resolve.ts), common type mistakes
 *                    reported with their position, real-client literal readings recorded
 *   4. cel-source.ts the whole filter as canonical CEL, type-checked by cel-js: any valid CEL
 *                    passes, anything else is refused with its position
 *   5. sql.ts        each top-level `&&` conjunct that SQL can express becomes SQL;
 *      residual.ts   the others are evaluated in process on the rows SQL returns
 * A conjunct is translated whole or not at all (an OR mixing a translatable and an
 * untranslatable part goes to the evaluator entirely).
 */
import { conjuncts, walk, type Node } from './ast.js';
import { analyze, type Analysis } from './check.js';
import { VariableNames, originalOffset, toCelSource, type CelSource } from './cel-source.js';
import { celEnvironment } from './environment.js';
import { catalogIndex, type FieldEntry } from './fields.js';
import { FILTER_LIMITS } from './limits.js';
import { applyNotKeywordPrecedence, normalizeKeywords } from './normalize.js';
import { parseFilter, tokenAt } from './parse.js';
import { compileResidual, residualRowReader } from './residual.js';
import { toSqlCondition, type SqlCondition } from './sql.js';
import { QueryLanguageError, type CompiledFilter, type FieldCatalog } from './types.js';
import type { Environment } from '@marcbachmann/cel-js';

export interface CompileOptions {
  /** False evaluates the whole filter in process (for tests and diagnosis: both paths must
   * select the same rows). Default true. */
  sql?: boolean;
}

export function compileFilter(text: string, catalog: FieldCatalog, options: CompileOptions = {}): CompiledFilter {
  if (text.length > FILTER_LIMITS.maxLength) {
    throw new QueryLanguageError(`filter is longer than ${FILTER_LIMITS.maxLength} characters`, FILTER_LIMITS.maxLength);
  }
  if (text.trim() === '') return { sql: '1', params: [], residual: null, residualRow: residualRowReader(catalog, []) };

  const root = parseFilter(normalizeKeywords(text), text);
  applyNotKeywordPrecedence(root, text);
  const index = catalogIndex(catalog);
  const analysis = analyze(root, index, text);
  const names = VariableNames.for(root);
  const env = celEnvironment(catalog, names);
  typeCheck(env, toCelSource(root, analysis, names), root, text, index.fields, names);

  const inSql: SqlCondition[] = [];
  const inProcess: Node[] = [];
  for (const conjunct of conjuncts(root)) {
    const condition = options.sql === false ? null : toSqlCondition(conjunct, analysis, catalog);
    if (condition) inSql.push(condition);
    else inProcess.push(conjunct);
  }
  const residualFields = referencedFields(inProcess, analysis);
  const residual =
    inProcess.length === 0
      ? null
      : compileResidual(env, inProcess.map((conjunct) => toCelSource(conjunct, analysis, names).text).join(' && '), residualFields, names);
  return {
    sql: inSql.length === 0 ? '1' : inSql.length === 1 ? inSql[0]!.sql : `(${inSql.map((c) => c.sql).join(' AND ')})`,
    params: inSql.flatMap((c) => c.params),
    residual,
    residualRow: residualRowReader(catalog, residualFields.map((field) => field.path)),
  };
}

/** cel-js's verdict on the whole filter, with its errors moved back to the client's text. */
function typeCheck(
  env: Environment,
  source: CelSource,
  root: Node,
  text: string,
  fields: ReadonlyMap<string, FieldEntry>,
  names: VariableNames,
): void {
  const result = env.parse(source.text).check();
  if (!result.valid) {
    const error = result.error;
    const generated = error?.range?.start ?? error?.node?.pos ?? 0;
    const position = originalOffset(source, generated);
    const byVariable = new Map([...fields.values()].flatMap((f) => [[names.value(f.index), f.path], [names.presence(f.index), `has(${f.path})`]]));
    byVariable.set(names.matches, 'matches');
    byVariable.set(names.compare, 'compare');
    const summary = (error?.summary ?? 'invalid expression')
      .replace(/\b\w+\b/g, (word) => byVariable.get(word) ?? word)
      .replace(/google\.protobuf\.(Timestamp|Duration)/g, (_, type: string) => type.toLowerCase());
    throw new QueryLanguageError(`type error at ${tokenAt(text, position)}: ${summary}`, position);
  }
  if (result.type !== 'bool' && result.type !== 'dyn') {
    throw new QueryLanguageError(`filter must be a boolean expression, but this one gives ${result.type}`, root.start);
  }
}

function referencedFields(nodes: readonly Node[], analysis: Analysis): FieldEntry[] {
  const fields = new Map<number, FieldEntry>();
  for (const node of nodes) {
    for (const each of walk(node)) {
      const ref = analysis.refs.get(each);
      if (ref?.kind === 'field') fields.set(ref.field.index, ref.field);
    }
  }
  return [...fields.values()];
}
