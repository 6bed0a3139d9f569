/**
 * Response serialization: Fastify's own fast-json-stringify compiler, with each distinct
 * response schema compiled once per process, or loaded precompiled (see compile-cache.ts).
 */
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { cachedCompiler } from './compile-cache.js';

type SerializerRoute = { schema: object; method: string; url: string; httpStatus: string };

export function serializerFactory() {
  const select = SerializerSelector();
  return (externalSchemas: unknown, serializerOpts: unknown) => {
    const shared = (externalSchemas ?? {}) as Record<string, unknown>;
    const sharedForSerializer = Object.fromEntries(Object.entries(shared).map(([id, schema]) => [id, withNullableTypes(schema, shared)]));
    const forSerializer = (route: SerializerRoute) => ({ ...route, schema: withNullableTypes(route.schema, shared) as object });
    const compile = select(sharedForSerializer as never, serializerOpts as never) as (route: SerializerRoute) => unknown;
    const standalone = () =>
      select(sharedForSerializer as never, { ...(serializerOpts as object), mode: 'standalone' } as never) as unknown as (route: SerializerRoute) => string;
    let sources: ((route: SerializerRoute) => string) | undefined;
    return cachedCompiler<SerializerRoute, unknown>(
      'serializer',
      externalSchemas,
      serializerOpts,
      (route) => `${NULLABLE_REWRITE}\u0000${JSON.stringify(route.schema)}`,
      (route) => compile(forSerializer(route)),
      (route) => (sources ??= standalone())(forSerializer(route)),
    );
  };
}

/** Names the rewrite below in the cache key, so that code compiled before it is not reused. */
const NULLABLE_REWRITE = 'nullable-types-1';

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * "This, or null" as the serializer is best told it. The documents say `anyOf: [X, {type: null}]`
 * (OpenAPI 3.0 has no type arrays); fast-json-stringify serialises an anyOf by validating the value
 * against each branch with ajv, on every value, and loads ajv to do so. A single-typed X becomes
 * `X` with `type: [X's type, 'null']` (a shared X, named by $ref, is copied in), which it
 * serialises with a null check: the same text, a third of the time. Other anyOfs are left alone.
 */
function withNullableTypes(schema: unknown, shared: Record<string, unknown>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => withNullableTypes(item, shared));
  if (!isSchema(schema)) return schema;
  const rewritten: Schema = {};
  for (const [key, value] of Object.entries(schema)) rewritten[key] = withNullableTypes(value, shared);
  const branches = rewritten.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2) return rewritten;
  const nullAt = branches.findIndex((branch) => isSchema(branch) && branch.type === 'null' && Object.keys(branch).length === 1);
  if (nullAt === -1) return rewritten;
  const other = branches[1 - nullAt];
  const target = isSchema(other) && typeof other.$ref === 'string' ? shared[other.$ref.replace(/#$/, '')] : other;
  if (!isSchema(target) || typeof target.type !== 'string' || 'anyOf' in target || 'oneOf' in target || 'allOf' in target) return rewritten;
  const { anyOf: _anyOf, ...rest } = rewritten;
  const { $id: _id, ...copy } = withNullableTypes(target, shared) as Schema;
  return { ...copy, ...rest, type: [target.type, 'null'] };
}
