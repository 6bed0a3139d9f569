/**
 * Response serialization: Fastify's own fast-json-stringify compiler, with each distinct
 * response schema compiled once per process (see compile-cache.ts).
 */
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { cachedCompiler } from './compile-cache.js';

type SerializerRoute = { schema: object; method: string; url: string; httpStatus: string };

export function serializerFactory() {
  const select = SerializerSelector();
  return (externalSchemas: unknown, serializerOpts: unknown) => {
    const compile = select(externalSchemas as never, serializerOpts as never) as (route: SerializerRoute) => unknown;
    return cachedCompiler<SerializerRoute, unknown>('serializer', externalSchemas, serializerOpts, (route) => JSON.stringify(route.schema), compile);
  };
}
