/**
 * The schema compilers — ajv, ajv-formats, Fastify's ajv and fast-json-stringify compilers — are
 * loaded when something is first compiled, never imported at start: a built emulator loads every
 * route's validator and serializer precompiled and compiles nothing, and these modules are a
 * quarter of its code (reading and running them cost ~25 ms of every start). The bundle leaves
 * them out (scripts/bundle-server.ts); they are found in node_modules like any dependency.
 */
import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';

const require = createRequire(import.meta.url);

function loadedOnce<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}

export const ajvModule = loadedOnce<typeof import('ajv')>('ajv');
/** ajv-formats' plugin: `addFormats()(ajv)` adds the formats to an ajv instance. */
export const addFormats = loadedOnce<(ajv: Ajv) => Ajv>('ajv-formats');
/** ajv's standalone code writer (the build's precompile step only). */
export const ajvStandaloneCode = loadedOnce<(ajv: Ajv, validate: unknown) => string>('ajv/dist/standalone/index.js');
export const fastifyAjvCompiler = loadedOnce<typeof import('@fastify/ajv-compiler')>('@fastify/ajv-compiler');
export const fastifySerializerCompiler = loadedOnce<typeof import('@fastify/fast-json-stringify-compiler')>('@fastify/fast-json-stringify-compiler');
