/**
 * Field names as clients write them, resolved against an API's FieldCatalog. Shared by the
 * filter and orderBy: `incident.metrics.deviceCount`, `metrics.device_count` and
 * `metrics.deviceCount` all name the canonical field `metrics.device_count`.
 */
import type { FieldCatalog, FieldDef } from './types.js';

export interface FieldEntry {
  path: string;
  def: FieldDef;
  /** Position in the catalog; names the field's variable in generated CEL. */
  index: number;
}

export interface EnumEntry {
  name: string;
  number: number;
  /** Identifies the enum type (two fields with the same value list share it). */
  enumKey: string;
}

export interface CatalogIndex {
  catalog: FieldCatalog;
  fields: ReadonlyMap<string, FieldEntry>;
  /** Proper prefixes of field paths (`metrics`): messages, not values. */
  messages: ReadonlySet<string>;
  enumValues: ReadonlyMap<string, EnumEntry>;
}

const indexes = new WeakMap<FieldCatalog, CatalogIndex>();

export function catalogIndex(catalog: FieldCatalog): CatalogIndex {
  let index = indexes.get(catalog);
  if (index) return index;
  const fields = new Map<string, FieldEntry>();
  const messages = new Set<string>();
  const enumValues = new Map<string, EnumEntry>();
  Object.entries(catalog.fields).forEach(([path, def], i) => {
    fields.set(path, { path, def, index: i });
    const segments = path.split('.');
    for (let n = 1; n < segments.length; n++) messages.add(segments.slice(0, n).join('.'));
    if (def.kind === 'scalar' && def.type === 'enum' && def.enumValues) {
      const enumKey = enumKeyOf(def.enumValues);
      def.enumValues.forEach((name, number) => {
        if (!enumValues.has(name)) enumValues.set(name, { name, number, enumKey });
      });
    }
  });
  index = { catalog, fields, messages, enumValues };
  indexes.set(catalog, index);
  return index;
}

function enumKeyOf(values: readonly string[]): string {
  return values.join('|');
}

/** `deviceCount` → `device_count`; snake_case passes unchanged; anything else stays as written
 * (and then matches no field). */
function canonicalSegment(segment: string): string {
  return /^[a-z][a-zA-Z0-9]*$/.test(segment) ? segment.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : segment;
}

export type PathMatch =
  | { kind: 'field'; entry: FieldEntry; /** segments consumed, prefix included */ used: number }
  | { kind: 'message'; path: string }
  | { kind: 'unknown'; /** index of the first segment that names nothing */ at: number };

/**
 * Resolves written segments (`['incident', 'metrics', 'deviceCount', …]`). A field may be
 * followed by more segments (selections on its value, left to the type checker); when only
 * message prefixes match, the whole path is a message.
 */
export function matchPath(index: CatalogIndex, segments: readonly string[]): PathMatch {
  const prefixed = index.catalog.messageName !== undefined && segments[0] === index.catalog.messageName;
  const start = prefixed ? 1 : 0;
  const canonical: string[] = [];
  for (let i = start; i < segments.length; i++) {
    canonical.push(canonicalSegment(segments[i]!));
    const path = canonical.join('.');
    const entry = index.fields.get(path);
    if (entry) return { kind: 'field', entry, used: i + 1 };
    if (!index.messages.has(path)) return { kind: 'unknown', at: i };
  }
  return { kind: 'message', path: prefixed ? [index.catalog.messageName, ...canonical].join('.') : canonical.join('.') };
}

/** A type name for messages: `a string`, `an int`, `a list of strings`. */
export function describeField(def: FieldDef): string {
  if (def.kind === 'list') return 'a list of strings';
  return { string: 'a string', int: 'an int', timestamp: 'a timestamp', duration: 'a duration', enum: 'an enum' }[def.type];
}
