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
    const compile = select(externalSchemas as never, serializerOpts as never) as (route: SerializerRoute) => unknown;
    const standalone = () =>
      select(externalSchemas as never, { ...(serializerOpts as object), mode: 'standalone' } as never) as unknown as (route: SerializerRoute) => string;
    let sources: ((route: SerializerRoute) => string) | undefined;
    return cachedCompiler<SerializerRoute, unknown>(
      'serializer',
      externalSchemas,
      serializerOpts,
      (route) => JSON.stringify(route.schema),
      compile,
      (route) => (sources ??= standalone())(route),
    );
  };
}
