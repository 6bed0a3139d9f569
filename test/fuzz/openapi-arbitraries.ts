/**
 * Requests generated from the served OpenAPI documents: every operation, its path, query, header
 * and body parameters filled with values valid for their schema, at its boundaries, or hostile
 * (huge, empty, NUL, lone surrogates, wrong types, deep nesting, bad percent-encodings, duplicate
 * parameters, long headers). The documents drive it, so a new operation is fuzzed the day it is
 * served.
 */
import fc from 'fast-check';

/** A JSON schema as the served documents write it (OpenAPI 3.0). */
export type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  additionalProperties?: boolean | Schema;
};

export interface Document {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

interface ParameterObject {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema?: Schema;
}

interface OperationObject {
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

export type Api = 'eset' | 'adversarial' | 'emulator';

export interface Operation {
  api: Api;
  method: string;
  /** OpenAPI path template: /v2/incidents/{incidentUuid}. */
  path: string;
  operationId: string;
  parameters: ParameterObject[];
  bodyType?: string;
  bodySchema?: Schema;
  /** Its success is an endless stream (text/event-stream): judged by its status and headers. */
  streams: boolean;
  document: Document;
}

export interface FuzzRequest {
  operation: Operation;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export function operationsOf(api: Api, document: Document): Operation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const [bodyType, content] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
      return {
        api,
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId ?? `${method} ${path}`,
        parameters: operation.parameters ?? [],
        ...(bodyType && { bodyType, bodySchema: content!.schema }),
        streams: Object.values(operation.responses ?? {}).some((response) => 'text/event-stream' in (response.content ?? {})),
        document,
      };
    }),
  );
}

const resolve = (schema: Schema, document: Document): Schema => {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 10; hops++) {
    const name = current.$ref.split('/').at(-1)!;
    current = document.components?.schemas?.[name] ?? {};
  }
  return current;
};

const DEEP = 2_000;

/** encodeURIComponent, for every string (a lone surrogate is sent as U+FFFD, as UTF-8 writes it). */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');
  }
}

/** Values no schema expects. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    '',
    ' ',
    'x'.repeat(70_000),
    '\u0000',
    'nul\u0000byte',
    '\ud800',
    '\udfff\ud800',
    '\u{1F600}'.repeat(300),
    '\u202e\u200b\ufeff',
    '../../../etc/passwd',
    '%00',
    '%2e%2e%2f',
    "' OR 1=1 --",
    '"); DROP TABLE eset_incidents; --',
    '${7*7}{{7*7}}',
    '__proto__',
    'constructor',
    '1e999',
    '9'.repeat(400),
    '-0',
    'NaN',
    'null',
    'true',
    '0x1F',
    '2026-02-30T25:61:61Z',
    '9999-12-31T23:59:59.999999999Z',
    '0000-01-01T00:00:00Z',
    -1,
    0,
    2 ** 53,
    -(2 ** 63),
    1e308,
    -1e-308,
    0.5,
    true,
    false,
    null,
    [],
    {},
    [null],
    { __proto__: { polluted: true } },
    JSON.parse('{"__proto__": {"polluted": true}}'),
    JSON.parse(`${'['.repeat(DEEP)}${']'.repeat(DEEP)}`),
    JSON.parse(`${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`),
    Array.from({ length: 5_000 }, (_, i) => i),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Values that suit the schema (boundaries included), hostile ones now and then, per field. */
function value(schema: Schema, document: Document, overrides: Record<string, fc.Arbitrary<unknown>> = {}, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: valid(schema, document, overrides, depth) }, { weight: 1, arbitrary: hostileValue });
}

function valid(raw: Schema, document: Document, overrides: Record<string, fc.Arbitrary<unknown>>, depth: number): fc.Arbitrary<unknown> {
  const schema = resolve(raw, document);
  const nullable = schema.nullable ? (arbitrary: fc.Arbitrary<unknown>) => fc.oneof(arbitrary, fc.constant(null)) : (a: fc.Arbitrary<unknown>) => a;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return nullable(fc.constantFrom(...schema.enum));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((each) => valid(each, document, overrides, depth)));
  if (schema.allOf?.length) return valid(schema.allOf[0]!, document, overrides, depth);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return nullable(validString(schema));
    case 'integer': {
      const min = schema.minimum ?? -1_000_000;
      const max = schema.maximum ?? 1_000_000;
      return nullable(fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max)));
    }
    case 'number':
      return nullable(fc.double({ noNaN: true, noDefaultInfinity: true, min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9 }));
    case 'boolean':
      return nullable(fc.boolean());
    case 'array': {
      if (depth > 4) return fc.constant([]);
      const minLength = schema.minItems ?? 0;
      return nullable(fc.array(value(schema.items ?? {}, document, overrides, depth + 1), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) }));
    }
    case 'object': {
      if (depth > 4 || !schema.properties) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
      const entries = Object.entries(schema.properties).map(([name, property]) => [
        name,
        overrides[name] ?? value(property, document, overrides, depth + 1),
      ] as const);
      const record = fc.record(Object.fromEntries(entries), { requiredKeys: (schema.required ?? []).filter((key) => key in schema.properties!) });
      // Now and then an unknown field, or a required one left out.
      return nullable(
        fc.oneof(
          { weight: 6, arbitrary: record },
          { weight: 1, arbitrary: record.map((object) => ({ ...object, unknownField: 1 })) },
          { weight: 1, arbitrary: fc.record(Object.fromEntries(entries), { requiredKeys: [] }) },
        ),
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 40;
  const bounded = (arbitrary: fc.Arbitrary<string>) => arbitrary.filter((text) => [...text].length >= min && [...text].length <= max);
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc
        .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9998-12-31T00:00:00Z'), noInvalidDate: true })
        .map((date) => date.toISOString());
  }
  if (schema.pattern) return bounded(fc.stringMatching(new RegExp(schema.pattern)));
  return fc.oneof(
    fc.string({ minLength: min, maxLength: Math.min(max, 40) }),
    fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 20) }).filter((text) => [...text].length <= max),
    fc.constant('x'.repeat(Math.min(max, 10_000))).filter((text) => text.length >= min),
  );
}

/** A path segment as clients write it (encoded) or as attackers do. */
export function pathSegment(known: fc.Arbitrary<string>, schema: Schema | undefined, document: Document): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: known.map(encode) },
    { weight: 2, arbitrary: valid(schema ?? { type: 'string' }, document, {}, 0).map((v) => encode(String(v))) },
    { weight: 1, arbitrary: hostileValue.map((v) => encode(typeof v === 'string' ? v : JSON.stringify(v) ?? '')) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%ZZ', '%E2%9C', '..', '.', '%2F', 'a%2Fb', '%00', '%C0%AF', 'x'.repeat(3000), '') },
  );
}

const BAD_QUERY_PARTS = ['%E2%9C%93=1', '%0A=1', '%00=1', '%ZZ=1', '%=%', 'a[b]=1', '__proto__=1', 'constructor[prototype]=1', '&&&', '=', 'a=%FF', `q=${'x'.repeat(10_000)}`];

/** The query string of an operation: documented parameters (now and then twice), unknown and badly encoded ones. */
export function queryString(operation: Operation, overrides: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  const params = operation.parameters.filter((p) => p.in === 'query');
  // Built once per parameter, not per request: a pattern's arbitrary (stringMatching) costs more
  // to build than to draw from, and the duplicated parameter below is drawn in most requests.
  const pairOf = new Map(
    params.map((parameter) => [
      parameter,
      (overrides[parameter.name] ?? value(parameter.schema ?? {}, operation.document)).map((v) => {
        const values = Array.isArray(v) ? v : [v];
        return values.map((each) => `${encode(parameter.name)}=${encode(typeof each === 'string' ? each : JSON.stringify(each) ?? '')}`).join('&');
      }),
    ]),
  );
  const pair = (parameter: ParameterObject) => pairOf.get(parameter)!;
  return fc
    .tuple(
      fc.tuple(...params.map((parameter) => fc.option(pair(parameter), { freq: 2 }))),
      params.length === 0 ? fc.constant(null) : fc.option(fc.constantFrom(...params.map((p) => p.name)), { freq: 6 }),
      fc.option(fc.constantFrom(...BAD_QUERY_PARTS), { freq: 6 }),
    )
    .chain(([pairs, duplicated, bad]) => {
      const parts = pairs.filter((part): part is string => part !== null && part !== '');
      const duplicate = duplicated === null ? fc.constant<string | null>(null) : pair(params.find((p) => p.name === duplicated)!);
      return duplicate.map((extra) => [...parts, ...(extra ? [extra] : []), ...(bad ? [bad] : [])].join('&'));
    });
}

/** A JSON body for the schema, or a body no JSON route can read. */
export function bodyText(schema: Schema, document: Document, overrides: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    { weight: 8, arbitrary: value(schema, document, overrides).map((v) => JSON.stringify(v) ?? 'null') },
    {
      weight: 1,
      arbitrary: fc.constantFrom<string | Buffer>(
        '',
        '{',
        '{"a":',
        '[1,]',
        'nul\u0000',
        '{"a":1}{"b":2}',
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
        Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
        Buffer.from('{"title":"\xc3\x28"}', 'latin1'),
        '{"__proto__":{"x":1}}',
        '{"constructor":{"prototype":{"x":1}}}',
      ),
    },
  );
}
