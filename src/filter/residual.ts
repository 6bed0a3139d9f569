/**
 * Stage 5: the parts of a filter that SQL does not express, evaluated in process with cel-js
 * on each row SQL returned. The generated CEL (cel-source.ts) is parsed and type-checked once
 * per filter; each row only builds a small context: the referenced fields as CEL values (ints
 * as BigInt, timestamps as Date, durations as Duration) and their has() presence.
 *
 * An unset duration is left out of the context, so reading it is an error, as NULL is in SQL
 * (see sql.ts). A row whose evaluation fails (an error, a non-bool result) does not match,
 * which is what a CEL error means in a filter.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { Duration } from '@marcbachmann/cel-js/evaluator';
import type { VariableNames } from './cel-source.js';
import type { FieldEntry } from './fields.js';
import { isPresent } from './presence.js';
import type { FieldCatalog, FieldDef, FieldValue, FilterRow, ResidualRowReader } from './types.js';

/** The reader of the fields `paths` (canonical) in SQL rows; lists are stored as JSON arrays. */
export function residualRowReader(catalog: FieldCatalog, paths: readonly string[]): ResidualRowReader {
  const fields = paths.map((path) => ({ path, def: catalog.fields[path]! }));
  return {
    columns: fields.map((field) => field.def.column),
    read(values, offset) {
      const row: Record<string, FieldValue> = {};
      fields.forEach((field, index) => {
        const value = values[offset + index] as string | number | null;
        row[field.path] = field.def.kind === 'list' ? (JSON.parse(value as string) as string[]) : value;
      });
      return row;
    },
  };
}

export function compileResidual(
  env: Environment,
  source: string,
  fields: readonly FieldEntry[],
  names: VariableNames,
): (row: FilterRow) => boolean {
  const program = env.parse(source);
  const checked = program.check(); // also spares cel-js from re-checking on every call
  if (!checked.valid) throw new Error(`internal: generated CEL does not check: ${checked.error?.message}`);
  const bindings = fields.map((field) => ({
    path: field.path,
    def: field.def,
    value: names.value(field.index),
    presence: names.presence(field.index),
  }));

  return (row) => {
    const context: Record<string, unknown> = {};
    for (const binding of bindings) {
      const raw = row[binding.path];
      context[binding.presence] = isPresent(binding.def, raw);
      const value = celValue(binding.def, raw);
      if (value !== undefined) context[binding.value] = value;
    }
    try {
      return program(context) === true;
    } catch {
      return false;
    }
  };
}

/** A row value as cel-js expects it for the field's declared type; undefined when unset. */
function celValue(def: FieldDef, raw: FieldValue | undefined): unknown {
  if (raw === null || raw === undefined) return undefined;
  if (def.kind === 'list') return Array.isArray(raw) ? raw : undefined;
  switch (def.type) {
    case 'string':
      return typeof raw === 'string' ? raw : undefined;
    case 'timestamp':
      return typeof raw === 'number' ? new Date(raw) : undefined;
    case 'duration': {
      if (typeof raw !== 'number') return undefined;
      const seconds = Math.trunc(raw); // seconds and nanos share a sign, as in proto3
      return new Duration(BigInt(seconds), Math.round((raw - seconds) * 1e9));
    }
    default:
      return typeof raw === 'number' && Number.isInteger(raw) ? BigInt(raw) : undefined;
  }
}
