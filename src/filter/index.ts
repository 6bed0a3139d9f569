/**
 * The filter language: CEL filters (as ESET's list endpoint takes them) compiled to SQL plus an
 * in-process residual, and AIP-132 orderBy. Knows no HTTP and no particular API: everything
 * API-specific arrives in a FieldCatalog.
 */
export { compileFilter } from './compile.js';
export { parseOrderBy } from './order-by.js';
export { FILTER_LIMITS } from './limits.js';
export { QueryLanguageError, type FieldCatalog } from './types.js';
