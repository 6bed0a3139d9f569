/**
 * Response serialization: Fastify's own fast-json-stringify compiler, with each distinct
 * response schema compiled once per process, or loaded precompiled (see compile-cache.ts).
 */
import { cachedCompiler } from './compile-cache.js';
import { fastifySerializerCompiler } from '../util/schema-compilers.js';

type SerializerRoute = { schema: object; method: string; url: string; httpStatus: string };

export function serializerFactory() {
  // Made when something is first compiled (a built start compiles nothing).
  let selector: ReturnType<ReturnType<typeof fastifySerializerCompiler>['SerializerSelector']> | undefined;
  const select = (...args: Parameters<NonNullable<typeof selector>>) => (selector ??= fastifySerializerCompiler().SerializerSelector())(...args);
  return (externalSchemas: unknown, serializerOpts: unknown) => {
    const shared = (externalSchemas ?? {}) as Record<string, unknown>;
    // Rewritten when something is first compiled, like the compiler.
    const sharedForSerializer = () => {
      let rewritten = rewrittenShared.get(shared);
      if (!rewritten) {
        rewritten = Object.fromEntries(Object.entries(shared).map(([id, schema]) => [id, simplerAnyOfs(schema, shared)]));
        rewrittenShared.set(shared, rewritten);
      }
      return rewritten;
    };
    const forSerializer = (route: SerializerRoute) => ({ ...route, schema: simplerAnyOfs(route.schema, shared) as object });
    let compiler: ((route: SerializerRoute) => unknown) | undefined;
    const compile = (route: SerializerRoute) =>
      (compiler ??= select(sharedForSerializer() as never, serializerOpts as never) as (route: SerializerRoute) => unknown)(route);
    const standalone = () =>
      select(sharedForSerializer() as never, { ...(serializerOpts as object), mode: 'standalone' } as never) as unknown as (route: SerializerRoute) => string;
    let sources: ((route: SerializerRoute) => string) | undefined;
    return cachedCompiler<SerializerRoute, unknown>(
      'serializer',
      externalSchemas,
      serializerOpts,
      (route) => `${ANYOF_REWRITES}\u0000${JSON.stringify(route.schema)}`,
      (route) => compile(forSerializer(route)),
      (route) => (sources ??= standalone())(forSerializer(route)),
    );
  };
}

/** Each set of shared schemas rewritten once, however many scopes build a serializer from it. */
const rewrittenShared = new WeakMap<object, Record<string, unknown>>();

/** Names the rewrite below in the cache key, so that code compiled before it is not reused. */
const ANYOF_REWRITES = 'anyof-rewrites-2';

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * anyOf as the serializer is best told it. fast-json-stringify serialises an anyOf by validating
 * the value against each branch with ajv, on every value, and loads ajv (~50 ms of a start) to do
 * so. Two forms are rewritten, with the same text as a result:
 * - "this, or null" (`anyOf: [X, {type: null}]`, OpenAPI 3.0 having no type arrays), X of a
 *   single type, inline or shared: X with `type: [X's type, 'null']`, serialised after a null
 *   check, a third of the time;
 * - objects with no property name in common (Adversarial's 400 body: an error, or problems by
 *   field): one object with all their properties, none required, which writes the properties a
 *   value has — those of its own branch.
 * Other anyOfs are left alone. A shared schema named by $ref is copied in.
 */
function simplerAnyOfs(schema: unknown, shared: Record<string, unknown>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => simplerAnyOfs(item, shared));
  if (!isSchema(schema)) return schema;
  const rewritten: Schema = {};
  for (const [key, value] of Object.entries(schema)) rewritten[key] = simplerAnyOfs(value, shared);
  const branches = rewritten.anyOf;
  if (!Array.isArray(branches) || branches.length < 2) return rewritten;
  const { anyOf: _anyOf, ...rest } = rewritten;
  const resolved = branches.map((branch) => (isSchema(branch) && typeof branch.$ref === 'string' ? shared[branch.$ref.replace(/#$/, '')] : branch));
  if (!resolved.every((branch) => isSchema(branch) && !('anyOf' in branch) && !('oneOf' in branch) && !('allOf' in branch))) return rewritten;
  const targets = (resolved as Schema[]).map((target) => simplerAnyOfs(target, shared) as Schema);

  const nullAt = targets.findIndex((target) => target.type === 'null' && Object.keys(target).length === 1);
  if (targets.length === 2 && nullAt !== -1) {
    const { $id: _id, ...copy } = targets[1 - nullAt]!;
    if (typeof copy.type !== 'string') return rewritten;
    return { ...copy, ...rest, type: [copy.type, 'null'] };
  }

  const objects = targets.every((target) => target.type === 'object' && isSchema(target.properties) && target.additionalProperties === undefined);
  if (!objects) return rewritten;
  const names = targets.flatMap((target) => Object.keys(target.properties as Schema));
  if (new Set(names).size !== names.length) return rewritten;
  return { ...rest, type: 'object', properties: Object.assign({}, ...targets.map((target) => target.properties)) };
}