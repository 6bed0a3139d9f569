/**
 * Request validation: one ajv pool for query strings, path params and headers, which arrive as
 * text and are coerced to their declared types ("pageSize=5" → 5), and one for bodies, which
 * are JSON and must already have the right types: `"displayName": 123` is a 400, never "123".
 */
import type { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyError } from 'fastify';
import { fastifyAjvCompiler } from '../util/schema-compilers.js';
import { describeIssue } from './schema-issues.js';
import { cachedCompiler } from './compile-cache.js';

const AJV_OPTIONS = {
  // Unknown body fields must be rejected, never silently dropped.
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
  // An OpenAPI annotation of the documents (behaviour the vendor does not document), not a rule.
  keywords: ['x-inferred'] as string[],
} as const;

type Factory = ReturnType<typeof AjvCompiler>;
type ValidatorRoute = { schema: object; method: string; url: string; httpPart?: string };

// ajv-formats is added by the compiler itself; no other server-level ajv options are used.
const TEXT_OPTIONS = { customOptions: { ...AJV_OPTIONS, coerceTypes: 'array' } } as const;
const BODY_OPTIONS = { customOptions: { ...AJV_OPTIONS, coerceTypes: false } } as const;
const isBody = (route: ValidatorRoute) => route.httpPart === 'body';

// Process-wide, like the compile cache they feed: an ajv instance per set of shared schemas.
// Made when something is first compiled (a built start compiles nothing).
let compilers: { coercing: Factory; strict: Factory } | undefined;
const ajvCompilers = () => (compilers ??= { coercing: fastifyAjvCompiler().AjvCompiler(), strict: fastifyAjvCompiler().AjvCompiler() });

/** The standalone module source of a route's validator (recorded at build time only). */
function standaloneSources(externalSchemas: Parameters<Factory>[0]): (route: ValidatorRoute) => string {
  let source = '';
  const writer = fastifyAjvCompiler().StandaloneValidator({ readMode: false, storeFunction: (_route: unknown, code: string) => (source = code) });
  const forText = writer(externalSchemas, { ...TEXT_OPTIONS, customOptions: { ...TEXT_OPTIONS.customOptions } });
  const forBody = writer(externalSchemas, { ...BODY_OPTIONS, customOptions: { ...BODY_OPTIONS.customOptions } });
  return (route) => {
    (isBody(route) ? forBody : forText)(route as never);
    return source;
  };
}

export function validatorFactory() {
  return (externalSchemas: Parameters<Factory>[0]) => {
    // Made on the first schema that is neither cached nor precompiled: an ajv instance with every
    // shared schema added costs more than loading all the precompiled validators.
    let forText: ReturnType<Factory> | undefined;
    let forBody: ReturnType<Factory> | undefined;
    let sources: ((route: ValidatorRoute) => string) | undefined;
    return cachedCompiler<ValidatorRoute, unknown>(
      'validator',
      externalSchemas,
      AJV_OPTIONS,
      (route) => `${isBody(route) ? 'body' : 'text'}\u0000${JSON.stringify(route.schema)}`,
      (route) =>
        isBody(route)
          ? (forBody ??= ajvCompilers().strict(externalSchemas, BODY_OPTIONS))(route as never)
          : (forText ??= ajvCompilers().coercing(externalSchemas, TEXT_OPTIONS))(route as never),
      (route) => (sources ??= standaloneSources(externalSchemas))(route),
    );
  };
}

/** "body/comment/foo is not a known field", "querystring/pageSize must be >= 0", "body/text is required". */
export function describeValidationError(error: FastifyError): string {
  const issue = error.validation?.[0];
  if (!issue) return error.message;
  const { path, detail } = describeIssue(issue);
  return [error.validationContext ?? 'request', ...path].join('/') + ` ${detail}`;
}
