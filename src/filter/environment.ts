/**
 * The cel-js environment the generated CEL (cel-source.ts) is checked and evaluated in: one
 * typed variable per catalog field, and one bool per field for has(). Building an environment
 * is the costly part of cel-js, so there is one per catalog (and variable prefix), made once.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { VariableNames } from './cel-source.js';
import { catalogIndex } from './fields.js';
import { re2Matches } from './regex.js';
import { compareByCodePoint } from '../util/text.js';
import type { FieldCatalog, FieldDef } from './types.js';

const environments = new WeakMap<FieldCatalog, Map<string, Environment>>();

function celTypeOf(def: FieldDef): string {
  if (def.kind === 'list') return 'list<string>';
  switch (def.type) {
    case 'string':
      return 'string';
    case 'timestamp':
      return 'google.protobuf.Timestamp';
    case 'duration':
      return 'google.protobuf.Duration';
    default:
      return 'int'; // ints, and enums as their protobuf number (CEL's reading of proto enums)
  }
}

export function celEnvironment(catalog: FieldCatalog, names: VariableNames): Environment {
  let byPrefix = environments.get(catalog);
  if (!byPrefix) environments.set(catalog, (byPrefix = new Map()));
  let env = byPrefix.get(names.prefix);
  if (env) return env;
  // The client's text was held to FILTER_LIMITS when it was parsed; the generated text is
  // longer (parentheses, variable names), so it gets the library's generous defaults.
  env = new Environment();
  for (const field of catalogIndex(catalog).fields.values()) {
    env.registerVariable(names.value(field.index), celTypeOf(field.def));
    env.registerVariable(names.presence(field.index), 'bool');
  }
  env.registerFunction(`string.${names.matches}(string): bool`, re2Matches);
  env.registerFunction(`${names.compare}(string, string): int`, (a: string, b: string) => BigInt(compareByCodePoint(a, b)));
  byPrefix.set(names.prefix, env);
  return env;
}
