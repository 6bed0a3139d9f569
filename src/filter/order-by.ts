/**
 * orderBy (AIP-132): `field [asc|desc], …`. Field names as in filters (`incident.` prefix
 * optional, snake_case or lowerCamelCase, `.` for subfields); the direction keyword is
 * case-insensitive; ascending by default. Lists are not sortable, nor is a field the catalog
 * marks `sortable: false`; a field may appear once. The caller adds its own tie-break.
 */
import { matchPath, catalogIndex } from './fields.js';
import { ORDER_BY_MAX_LENGTH } from './limits.js';
import { QueryLanguageError, type FieldCatalog, type OrderTerm } from './types.js';

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function parseOrderBy(text: string, catalog: FieldCatalog): OrderTerm[] {
  if (text.length > ORDER_BY_MAX_LENGTH) {
    throw new QueryLanguageError(`orderBy is longer than ${ORDER_BY_MAX_LENGTH} characters`, ORDER_BY_MAX_LENGTH);
  }
  if (text.trim() === '') return [];
  const index = catalogIndex(catalog);
  const terms: OrderTerm[] = [];
  let offset = 0;
  for (const item of text.split(',')) {
    const words = [...item.matchAll(/\S+/g)].map((m) => ({ text: m[0], at: offset + m.index! }));
    const [name, direction, extra] = words;
    if (!name) throw new QueryLanguageError('empty orderBy term: expected a field name', offset + item.length);
    if (!FIELD_PATH.test(name.text)) {
      throw new QueryLanguageError(`'${name.text}' is not a field name`, name.at);
    }
    if (direction && !/^(asc|desc)$/i.test(direction.text)) {
      throw new QueryLanguageError(
        `expected 'asc' or 'desc' after '${name.text}', got '${direction.text}'`,
        direction.at,
      );
    }
    if (extra) throw new QueryLanguageError(`unexpected '${extra.text}': separate fields with ','`, extra.at);

    const match = matchPath(index, name.text.split('.'));
    if (match.kind !== 'field' || match.used !== name.text.split('.').length) {
      throw new QueryLanguageError(`unknown field '${name.text}'`, name.at);
    }
    const def = match.entry.def;
    if (def.kind === 'list' || def.sortable === false) {
      throw new QueryLanguageError(`'${name.text}' cannot be used in orderBy${def.kind === 'list' ? ' (lists are not sortable)' : ''}`, name.at);
    }
    if (terms.some((term) => term.field === match.entry.path)) {
      throw new QueryLanguageError(`'${name.text}' appears more than once in orderBy`, name.at);
    }
    terms.push({ field: match.entry.path, column: def.column, descending: direction?.text.toLowerCase() === 'desc' });
    offset += item.length + 1;
  }
  return terms;
}
