/**
 * has(field): proto3 field presence, the meaning `has()` has in CEL over protobuf messages
 * (ESET's API is protobuf behind a gRPC gateway). Scalars and lists are present when they are
 * not their default: a non-empty string or list, an enum other than 0 (`*_UNSPECIFIED`), an int
 * other than 0. Message fields (timestamps, durations, `metrics`) are present when set: a
 * timestamp always is, a duration only once it applies (a non-NULL column). One rule, used by
 * both the SQL stage and the in-process evaluator, so the two cannot disagree.
 */
import type { FieldDef, FieldValue } from './types.js';

export function presenceSql(def: FieldDef): string {
  if (def.kind === 'list') return `${def.countColumn} > 0`;
  const notNull = def.nullable ? `${def.column} IS NOT NULL` : undefined;
  const notDefault =
    def.type === 'string' ? `${def.column} <> ''` : def.type === 'int' || def.type === 'enum' ? `${def.column} <> 0` : undefined;
  if (notNull && notDefault) return `(${notNull} AND ${notDefault})`;
  return notNull ?? notDefault ?? '1';
}

export function isPresent(def: FieldDef, value: FieldValue | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (def.kind === 'list') return Array.isArray(value) && value.length > 0;
  switch (def.type) {
    case 'string':
      return value !== '';
    case 'int':
    case 'enum':
      return value !== 0;
    default:
      return true;
  }
}
