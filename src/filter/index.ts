/**
 * The filter language: CEL filters (as ESET's list endpoint takes them) compiled to SQL plus an
 * in-process residual, and AIP-132 orderBy. Knows no HTTP and no particular API: everything
 * API-specific arrives in a FieldCatalog.
 */
export { compileFilter, type CompileOptions } from './compile.js';
export { parseOrderBy } from './order-by.js';
export { FILTER_LIMITS, ORDER_BY_MAX_LENGTH } from './limits.js';
export {
  QueryLanguageError,
  type CompiledFilter,
  type FieldCatalog,
  type FieldDef,
  type FieldValue,
  type FilterRow,
  type ListField,
  type OrderTerm,
  type ScalarField,
  type ScalarType,
} from './types.js';
